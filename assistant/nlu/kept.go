package nlu

import (
	"crypto/sha256"
	"embed"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
)

// A trained model can be kept on disk and read at the next start instead of trained again
// (SetModelDir): training takes about 2 s, 14 s under the race detector; reading a kept model
// about a tenth of that. A kept model's file is named by a fingerprint of everything training
// reads — this package's source, the training corpus and the Go release — so a model that
// other code or other examples would have trained differently is never read, and a file that
// does not read back whole is trained again and replaced.

//go:embed *.go corpus/train.jsonl
var trainingInputs embed.FS

// keptPrefix starts the name of a kept model's file; the fingerprint and ".gob" follow.
const keptPrefix = "nlu-model-"

var modelDir string

// SetModelDir makes Default keep the model it trains in dir, and read it from there when a
// model trained by the same code from the same corpus is already kept. "" (the default)
// trains at every start. Call it before the first Parse; a directory that cannot be written
// only costs the time of training.
func SetModelDir(dir string) { modelDir = dir }

// fingerprint names what training reads: a change to any of it names another file.
func fingerprint() string {
	h := sha256.New()
	fmt.Fprintf(h, "%s %s\n", runtime.Version(), runtime.GOARCH)
	names, _ := fs.Glob(trainingInputs, "*.go")
	for _, name := range append(names, "corpus/train.jsonl") {
		b, err := trainingInputs.ReadFile(name)
		if err != nil {
			panic("nlu: an embedded training input is missing: " + err.Error())
		}
		fmt.Fprintf(h, "%s %d\n", name, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:24]
}

// keptModel is a Model as it is written to disk.
type keptModel struct {
	Classes    []string
	Features   []string // in the order of W's rows
	W          []float32
	Bias       []float64
	Langs      []string
	LangGrams  []string
	LangLogP   []float64 // len(Langs) a gram, in the order of LangGrams
	LangUnseen []float64
	Vocab      []string
}

// loadOrTrain returns the model kept in dir under the current fingerprint, or trains one from
// examples and keeps it there (replacing any model kept under another fingerprint). kept says
// whether the model was read rather than trained.
func loadOrTrain(dir string, examples []Example) (m *Model, kept bool, err error) {
	path := filepath.Join(dir, keptPrefix+fingerprint()+".gob")
	if m, err := readModel(path); err == nil {
		return m, true, nil
	}
	m, err = Train(examples)
	if err != nil {
		return nil, false, err
	}
	_ = writeModel(path, m) // keeping it only saves the next start some time
	return m, false, nil
}

func readModel(path string) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var k keptModel
	if err := gob.NewDecoder(f).Decode(&k); err != nil {
		return nil, err
	}
	n := len(k.Classes)
	switch {
	case !slices.Equal(k.Classes, Intents), len(k.Bias) != n, len(k.W) != len(k.Features)*n,
		!slices.Equal(k.Langs, Languages), len(k.LangUnseen) != len(k.Langs), len(k.LangLogP) != len(k.LangGrams)*len(k.Langs):
		return nil, errors.New("nlu: the kept model does not fit this package")
	}
	index, err := newTable(k.Features)
	if err != nil {
		return nil, err
	}
	grams, err := newTable(k.LangGrams)
	if err != nil {
		return nil, err
	}
	vocab := make(map[string]bool, len(k.Vocab))
	for _, w := range k.Vocab {
		vocab[w] = true
	}
	return &Model{
		clf:   &classifier{classes: k.Classes, index: index, w: k.W, bias: k.Bias},
		lang:  &langModel{langs: k.Langs, grams: grams, logp: k.LangLogP, unseen: k.LangUnseen},
		vocab: vocab,
	}, nil
}

// writeModel writes m to path whole or not at all (a reader never sees half a file), and
// removes the models kept there under other fingerprints.
func writeModel(path string, m *Model) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".nlu-model-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	k := keptModel{
		Classes: m.clf.classes, Features: m.clf.index.list(), W: m.clf.w, Bias: m.clf.bias,
		Langs: m.lang.langs, LangGrams: m.lang.grams.list(), LangLogP: m.lang.logp, LangUnseen: m.lang.unseen,
		Vocab: slices.Sorted(maps.Keys(m.vocab)),
	}
	if err := gob.NewEncoder(f).Encode(&k); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return err
	}
	old, _ := filepath.Glob(filepath.Join(dir, keptPrefix+"*.gob"))
	for _, o := range old {
		if o != path && strings.HasPrefix(filepath.Base(o), keptPrefix) {
			os.Remove(o)
		}
	}
	return nil
}
