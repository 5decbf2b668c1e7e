package web

import (
	"flag"
	"os"
	"testing"

	"ratewise/assistant"
	"ratewise/assistant/nlu"
	"ratewise/db/dbtest"
)

// The test databases are dropped together once every test has ended (dbtest.Main says why).
// The assistant's understanding is trained first (or read where NLU_MODEL_DIR keeps it; make
// test sets it), so no test's turn pays for it inside its own deadline — except in a fuzz
// run, which runs no turn and whose every worker process would train it again.
func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.fuzz"); f == nil || f.Value.String() == "" {
		nlu.SetModelDir(os.Getenv("NLU_MODEL_DIR"))
		assistant.WarmUp()
	}
	os.Exit(dbtest.Main(m))
}
