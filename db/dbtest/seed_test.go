package dbtest

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"ratewise/db"
)

// The test databases are dropped together once every test has ended (Main says why).
func TestMain(m *testing.M) { os.Exit(Main(m)) }

func connect(t *testing.T, dsn string) *pgx.Conn {
	t.Helper()
	ctx := context.Background()
	conn, err := db.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	return conn
}

// dropAfter removes s's template when the test ends: the test made it with a key of its own,
// which no other run will use.
func dropAfter(t *testing.T, s Seed) {
	t.Helper()
	name, err := seededName(s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx := context.Background()
		conn, err := db.Connect(ctx, DSN())
		if err != nil {
			t.Log(err)
			return
		}
		defer conn.Close(ctx)
		conn.Exec(ctx, fmt.Sprintf("ALTER DATABASE %s WITH IS_TEMPLATE false", name)) //nolint:errcheck
		if _, err := conn.Exec(ctx, fmt.Sprintf("DROP DATABASE IF EXISTS %s", name)); err != nil {
			t.Log(err)
		}
	})
}

func count(t *testing.T, dsn, query string) int {
	t.Helper()
	var n int
	if err := connect(t, dsn).QueryRow(context.Background(), query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A seeded template is filled once per key; each test gets its own clone of it.
func TestSeededDatabaseIsFilledOncePerKey(t *testing.T) {
	t.Parallel()
	var fills atomic.Int32
	seed := Seed{Name: "dbtest-once", Key: randomHex(8), Fill: func(ctx context.Context, dsn string) error {
		fills.Add(1)
		conn, err := db.Connect(ctx, dsn)
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, `CREATE TABLE corpus (n int); INSERT INTO corpus SELECT generate_series(1, 100)`)
		return err
	}}
	other := seed
	other.Key += "-changed"
	dropAfter(t, seed)
	dropAfter(t, other)

	a, b := NewSeededDatabase(t, seed), NewSeededDatabase(t, seed)
	if n := fills.Load(); n != 1 {
		t.Errorf("Fill ran %d times for one key, want once", n)
	}
	if n := count(t, a, `SELECT count(*) FROM corpus`); n != 100 {
		t.Errorf("first clone holds %d rows, want the 100 Fill wrote", n)
	}
	if _, err := connect(t, a).Exec(context.Background(), `DELETE FROM corpus`); err != nil {
		t.Fatal(err)
	}
	if n := count(t, b, `SELECT count(*) FROM corpus`); n != 100 {
		t.Errorf("second clone holds %d rows after the first was emptied, want its own 100", n)
	}
	if n := count(t, b, `SELECT count(*) FROM schema_migrations`); n == 0 {
		t.Error("the seeded clone is not migrated")
	}

	if n := count(t, NewSeededDatabase(t, other), `SELECT count(*) FROM corpus`); n != 100 || fills.Load() != 2 {
		t.Errorf("another key: clone holds %d rows after %d fills; want 100 after a second fill", n, fills.Load())
	}
}

// Templates nobody cloned for staleAfter are dropped when another is built; recent ones and
// templates whose age cannot be read stay.
func TestStaleSeededTemplatesAreDropped(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// Not seedPrefix: another test process building a template would drop these meanwhile.
	prefix := "rwgctest_" + randomHex(4) + "_"
	admin := connect(t, DSN())
	base, err := migratedTemplate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	made := map[string]string{
		prefix + "old":     "ratewise seeded test template, last used " + now.Add(-staleAfter-time.Hour).UTC().Format(time.RFC3339),
		prefix + "recent":  "ratewise seeded test template, last used " + now.Add(-time.Hour).UTC().Format(time.RFC3339),
		prefix + "unknown": "made by hand",
	}
	for name, comment := range made {
		for _, stmt := range []string{
			fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, base),
			fmt.Sprintf("COMMENT ON DATABASE %s IS %s", name, quoteLiteral(comment)),
			fmt.Sprintf("ALTER DATABASE %s WITH IS_TEMPLATE true", name),
		} {
			if _, err := admin.Exec(ctx, stmt); err != nil {
				t.Fatal(err)
			}
		}
		t.Cleanup(func() {
			admin.Exec(ctx, fmt.Sprintf("ALTER DATABASE %s WITH IS_TEMPLATE false", name)) //nolint:errcheck
			admin.Exec(ctx, fmt.Sprintf("DROP DATABASE IF EXISTS %s", name))               //nolint:errcheck
		})
	}
	dropStaleSeeded(ctx, admin, prefix+"%", prefix+"current", now)
	for name := range made {
		t.Run(name[len(prefix):], func(t *testing.T) {
			var exists bool
			if err := admin.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
				t.Fatal(err)
			}
			if want := name != prefix+"old"; exists != want {
				t.Errorf("exists = %v, want %v", exists, want)
			}
		})
	}
}

// A clone is refused while a session is connected to its template (SQLSTATE 55006); create
// retries until the session leaves.
func TestCloneWaitsForTheTemplateToBeFree(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	busy := NewEmptyDatabase(t)
	conn, err := db.Connect(ctx, busy)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := pgx.ParseConfig(busy)
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(500 * time.Millisecond)
		conn.Close(ctx)
	}()
	clone := create(ctx, t, cfg.Database)
	if n := count(t, clone, `SELECT 1`); n != 1 {
		t.Errorf("clone answers %d", n)
	}
}
