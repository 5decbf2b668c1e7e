package assistant

import (
	"os"
	"testing"

	"ratewise/db/dbtest"
)

// The test databases are dropped together once every test has ended (dbtest.Main says why).
// The understanding is trained first, so no turn's deadline pays for it.
func TestMain(m *testing.M) {
	WarmUp()
	os.Exit(dbtest.Main(m))
}
