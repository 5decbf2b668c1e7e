package dbtest

import (
	"context"
	"testing"
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
