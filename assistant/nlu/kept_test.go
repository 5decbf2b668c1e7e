package nlu

import (
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
)

// overBroken is a model trained by loadOrTrain over a kept file that is not a model, next to a
// model kept by other code. TestKeptModel checks what loadOrTrain did; TestTrainingIsDeterministic
// compares the model with the default one. Training costs seconds, so both use this one.
var overBroken struct {
	once  sync.Once
	dir   string // removed by TestMain
	model *Model
	kept  bool
	err   error
}

func trainOverBroken(t *testing.T) (dir string, m *Model, kept bool, err error) {
	t.Helper()
	ob := &overBroken
	ob.once.Do(func() {
		var ex []Example
		if ex, ob.err = Corpus(); ob.err != nil {
			return
		}
		if ob.dir, ob.err = os.MkdirTemp("", "nlu-kept-"); ob.err != nil {
			return
		}
		path := filepath.Join(ob.dir, keptPrefix+fingerprint()+".gob")
		stale := filepath.Join(ob.dir, keptPrefix+"000000000000000000000000.gob")
		for p, body := range map[string]string{path: "not a model", stale: "another code's model"} {
			if ob.err = os.WriteFile(p, []byte(body), 0o644); ob.err != nil {
				return
			}
		}
		ob.model, ob.kept, ob.err = loadOrTrain(ob.dir, ex)
	})
	return ob.dir, ob.model, ob.kept, ob.err
}

// A kept model understands every message exactly as the model it was written from; a file
// that does not read back is trained again and replaced, and models kept under another
// fingerprint are removed.
func TestKeptModel(t *testing.T) {
	t.Parallel()
	ex, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	dir, trained, kept, err := trainOverBroken(t)
	if err != nil || kept {
		t.Fatalf("loadOrTrain over a broken file = kept %v, %v; want a trained model", kept, err)
	}
	stale := filepath.Join(dir, keptPrefix+"000000000000000000000000.gob")
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the model kept under another fingerprint is still there (%v)", err)
	}
	read, kept, err := loadOrTrain(dir, ex)
	if err != nil || !kept {
		t.Fatalf("loadOrTrain after keeping a model = kept %v, %v; want it read", kept, err)
	}

	texts := []string{"", "hola", "Can someone call me? My card was stolen.", "i hav a car lon 18000 at 9.9 percnt 48 mnths",
		"Mein Kredit läuft noch 3 Jahre, 14.000 € zu 7,9 %", "¿qué pasa con la tarjeta si mi padre muere?"}
	for i, e := range ex {
		if i%5 == 0 {
			texts = append(texts, e.Text)
		}
	}
	names := WithNames(NewNames("Harborline Auto Refi", "Lark 30-Month Card"))
	for _, text := range texts {
		want, got := trained.Parse(text, names), read.Parse(text, names)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Parse(%q): the kept model says %+v, the trained one %+v", text, got, want)
		}
	}
}

// The fingerprint reads every input of training: it is stable, and it changes with the corpus.
func TestFingerprint(t *testing.T) {
	a, b := fingerprint(), fingerprint()
	if a != b || len(a) != 24 {
		t.Fatalf("fingerprint() = %q then %q; want the same 24 hex digits", a, b)
	}
	body, err := trainingInputs.ReadFile("corpus/train.jsonl")
	if err != nil || len(body) == 0 {
		t.Fatalf("the training corpus is not among the fingerprinted inputs: %v", err)
	}
	src, err := trainingInputs.ReadFile("classifier.go")
	if err != nil || len(src) == 0 {
		t.Fatalf("the classifier's source is not among the fingerprinted inputs: %v", err)
	}
}
