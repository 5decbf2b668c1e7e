package web

import (
	"flag"
	"os"
	"testing"

	"ratewise/assistant"
	"ratewise/db/dbtest"
)

// The test databases are dropped together once every test has ended (dbtest.Main says why).
// The assistant's understanding is trained first, so no test's turn pays for it inside its
// own deadline — except in a fuzz run, which runs no turn and whose every worker process
// would train it again.
func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.fuzz"); f == nil || f.Value.String() == "" {
		assistant.WarmUp()
	}
	os.Exit(dbtest.Main(m))
}
