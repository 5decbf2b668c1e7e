package assistant

import (
	"flag"
	"os"
	"testing"

	"ratewise/assistant/nlu"
	"ratewise/db/dbtest"
)

// The test databases are dropped together once every test has ended (dbtest.Main says why).
// The understanding is trained first (or read where NLU_MODEL_DIR keeps it; make test sets
// it), so no turn's deadline pays for it — except in a fuzz run, which runs no turn and whose
// every worker process would train it again.
func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.fuzz"); f == nil || f.Value.String() == "" {
		nlu.SetModelDir(os.Getenv("NLU_MODEL_DIR"))
		WarmUp()
	}
	os.Exit(dbtest.Main(m))
}
