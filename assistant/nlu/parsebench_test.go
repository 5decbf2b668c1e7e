package nlu

import (
	"path/filepath"
	"runtime"
	"testing"
)

// BenchmarkParseCorpus parses a fixed sample of the corpus and the held-out split (every 20th
// message) as the assistant does, with the demo catalogue's names: ns/op is one message.
func BenchmarkParseCorpus(b *testing.B) {
	m, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	ex, err := Corpus()
	if err != nil {
		b.Fatal(err)
	}
	held, _, err := ReadHeldout(heldoutFile)
	if err != nil {
		b.Fatal(err)
	}
	var texts []string
	for i, e := range append(ex, held...) {
		if i%20 == 0 {
			texts = append(texts, e.Text)
		}
	}
	names := WithNames(demoNames(b))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		m.Parse(texts[i%len(texts)], names)
		i++
	}
}

// BenchmarkKeptModelHeap reads a kept model and reports the heap it holds after a collection
// (heap-MiB), the memory a running server spends on the understanding.
func BenchmarkKeptModelHeap(b *testing.B) {
	ex, err := Corpus()
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if _, _, err := loadOrTrain(dir, ex); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, keptPrefix+fingerprint()+".gob")
	var held uint64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		m, err := readModel(path)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(m)
		held = after.HeapAlloc - before.HeapAlloc
	}
	b.ReportMetric(float64(held)/(1<<20), "heap-MiB")
}
