package nlu

import (
	"os"
	"testing"
)

// The model the tests share is kept where NLU_MODEL_DIR says (make test sets it, and runs
// these tests first), so the other packages' tests read it rather than train it again.
func TestMain(m *testing.M) {
	SetModelDir(os.Getenv("NLU_MODEL_DIR"))
	code := m.Run()
	if overBroken.dir != "" {
		_ = os.RemoveAll(overBroken.dir)
	}
	os.Exit(code)
}
