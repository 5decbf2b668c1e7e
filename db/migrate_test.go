package db_test

import (
	"context"
	"sync"
	"testing"

	"ratewise/db"
	"ratewise/db/dbtest"
)

func TestMigrateTwiceIsNoOp(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := dbtest.NewEmptyDatabase(t)
	conn, err := db.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)

	all, err := db.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	pending, err := db.Pending(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(pending), len(all); got != want {
		t.Fatalf("pending on an empty database = %d, want %d", got, want)
	}
	first, err := db.Migrate(ctx, conn)
	if err != nil {
		t.Fatalf("first migrate: %v", err)
	}
	if got, want := len(first), len(all); got != want {
		t.Fatalf("first migrate applied %d, want %d", got, want)
	}
	second, err := db.Migrate(ctx, conn)
	if err != nil {
		t.Fatalf("second migrate: %v", err)
	}
	if len(second) != 0 {
		t.Fatalf("second migrate applied %v, want nothing", second)
	}
	var rows int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM schema_migrations").Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != len(all) {
		t.Fatalf("schema_migrations has %d rows, want %d", rows, len(all))
	}
	if pending, _ := db.Pending(ctx, conn); len(pending) != 0 {
		t.Fatalf("pending after migrate = %v", pending)
	}
}

func TestConcurrentMigrateDoesNotConflict(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := dbtest.NewEmptyDatabase(t)
	const n = 4
	var wg sync.WaitGroup
	applied := make([][]string, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := db.Connect(ctx, dsn)
			if err != nil {
				errs[i] = err
				return
			}
			defer conn.Close(ctx)
			applied[i], errs[i] = db.Migrate(ctx, conn)
		}()
	}
	wg.Wait()
	total := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("migrator %d: %v", i, errs[i])
		}
		total += len(applied[i])
	}
	all, _ := db.Migrations()
	if total != len(all) {
		t.Fatalf("migrators applied %d migrations in all, want each of the %d exactly once", total, len(all))
	}
}

func TestPoolRegistersVectorType(t *testing.T) {
	t.Parallel()
	pool := dbtest.NewPool(t)
	var dims int
	if err := pool.QueryRow(context.Background(), "SELECT vector_dims('[1,2,3]'::vector)").Scan(&dims); err != nil {
		t.Fatal(err)
	}
	if dims != 3 {
		t.Fatalf("vector_dims = %d, want 3", dims)
	}
}
