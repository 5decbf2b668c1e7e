package dbtest

import (
	"context"
	"testing"
	"time"

	"ratewise/db"
)

// Every session on a test database, whoever opens it, does not wait for its commits' flush.
func TestTestDatabasesDoNotWaitForTheDisk(t *testing.T) {
	t.Parallel()
	var got string
	if err := connect(t, NewDatabase(t)).QueryRow(context.Background(), "SHOW synchronous_commit").Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != "off" {
		t.Errorf("synchronous_commit = %q on a test database, want off", got)
	}
}

// The databases Main leaves to a background process are dropped by it: it is this test
// binary started again, which drops them before running anything.
func TestDropInBackground(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	admin, err := db.Connect(ctx, DSN())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	names := []string{"rwtest_" + randomHex(6), "rwtest_" + randomHex(6)}
	for _, name := range names {
		if err := clone(ctx, admin, name, "template1"); err != nil {
			t.Fatal(err)
		}
	}
	if !dropInBackground(names) {
		dropAll(names)
		t.Fatal("the background process did not start")
	}
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(100 * time.Millisecond) {
		var left int
		if err := admin.QueryRow(ctx, "SELECT count(*) FROM pg_database WHERE datname = ANY($1)", names).Scan(&left); err != nil {
			t.Fatal(err)
		}
		if left == 0 {
			return
		}
		if time.Now().After(deadline) {
			dropAll(names)
			t.Fatalf("%d of the databases are still there after two minutes", left)
		}
	}
}
