package web

import (
	"os"
	"testing"

	"ratewise/db/dbtest"
)

// The test databases are dropped together once every test has ended (dbtest.Main says why).
func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }
