package web

import (
	"os"
	"testing"

	"ratewise/assistant"
	"ratewise/db/dbtest"
)

// The test databases are dropped together once every test has ended (dbtest.Main says why).
// The assistant's understanding is trained first, so no test's turn pays for it inside its
// own deadline.
func TestMain(m *testing.M) {
	assistant.WarmUp()
	os.Exit(dbtest.Main(m))
}
