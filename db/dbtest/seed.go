package dbtest

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"ratewise/db"
)

// Seed is what a seeded template holds beyond the migrations. Loading the demo catalogue and
// indexing it takes seconds; tests that need it clone a template that was filled once instead.
type Seed struct {
	// Name names the template: lower-case letters, digits and hyphens, at most 24.
	Name string
	// Key identifies everything Fill's result depends on besides the migrations (which dbtest
	// adds): the corpus, the embedder and the code that writes them (SourceKey hashes source
	// files). A new key builds a new template; a template whose key no longer occurs is
	// dropped once it has gone unused for staleAfter.
	Key string
	// Fill loads the corpus into the freshly migrated database at dsn and closes its
	// connections. It runs once per key, whichever test process gets there first.
	Fill func(ctx context.Context, dsn string) error
}

// seedFillTimeout bounds one Fill, which may build a search index.
const seedFillTimeout = 5 * time.Minute

// staleAfter is how long a seeded template may go unused before building another template
// drops it: every change to the seeding code makes a new one, and each holds megabytes.
const staleAfter = 24 * time.Hour

// seedPrefix starts the name of every seeded template.
const seedPrefix = "rwseed_"

var seedNameRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

var (
	seededMu sync.Mutex
	seeded   = map[string]*seededTemplate{} // by template name
)

type seededTemplate struct {
	once sync.Once
	err  error
}

// NewSeededDatabase creates a database for t holding the migrations and s's corpus, and
// returns its DSN. It is dropped when the test ends.
func NewSeededDatabase(t testing.TB, s Seed) string {
	t.Helper()
	if !seedNameRE.MatchString(s.Name) || len(s.Name) > 24 || s.Key == "" || s.Fill == nil {
		t.Fatalf("dbtest.Seed %q: needs a name of lower-case words joined by hyphens (at most 24 characters), a key and a Fill", s.Name)
	}
	ctx, cancel := context.WithTimeout(context.Background(), seedFillTimeout+time.Minute)
	defer cancel()
	base, err := migratedTemplate(ctx)
	if err != nil {
		t.Fatalf("test database template: %v (is the database running? make test starts it)", err)
	}
	name, err := seededName(s)
	if err != nil {
		t.Fatal(err)
	}

	seededMu.Lock()
	st, ok := seeded[name]
	if !ok {
		st = &seededTemplate{}
		seeded[name] = st
	}
	seededMu.Unlock()
	st.once.Do(func() { st.err = ensureSeeded(ctx, base, name, s.Fill) })
	if st.err != nil {
		t.Fatalf("seeded test database %s: %v", s.Name, st.err)
	}
	return create(ctx, t, name)
}

// seededName is the name of s's template: its name and a hash of its key and the migrations.
func seededName(s Seed) (string, error) {
	fp, err := db.Fingerprint()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(fp + "\x00" + s.Key))
	return seedPrefix + strings.ReplaceAll(s.Name, "-", "_") + "_" + hex.EncodeToString(sum[:8]), nil
}

// NewSeededPool is NewSeededDatabase with a pool on the database, closed when the test ends.
func NewSeededPool(t testing.TB, s Seed) *pgxpool.Pool {
	t.Helper()
	pool, err := db.Open(context.Background(), NewSeededDatabase(t, s))
	if err != nil {
		t.Fatalf("open pool: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// ensureSeeded builds the template name from base and fill unless it exists, and records that
// it was used. A per-template advisory lock makes one process build it while the others wait;
// processes building other templates go on.
func ensureSeeded(ctx context.Context, base, name string, fill func(context.Context, string) error) error {
	admin, err := db.Connect(ctx, DSN())
	if err != nil {
		return err
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "SELECT pg_advisory_lock($1)", lockKeyOf(name)); err != nil {
		return err
	}
	defer admin.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", lockKeyOf(name)) //nolint:errcheck

	var ready bool
	err = admin.QueryRow(ctx, "SELECT datistemplate FROM pg_database WHERE datname = $1", name).Scan(&ready)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	if !ready {
		if err := buildSeeded(ctx, admin, base, name, fill); err != nil {
			return err
		}
		dropStaleSeeded(ctx, admin, seedPrefix+"%", name, time.Now())
	}
	// The last use is kept in the database's comment, for dropStaleSeeded. Comments are only
	// written under the template's lock: two sessions updating one at once fail.
	_, err = admin.Exec(ctx, fmt.Sprintf("COMMENT ON DATABASE %s IS %s", name,
		quoteLiteral("ratewise seeded test template, last used "+time.Now().UTC().Format(time.RFC3339))))
	return err
}

func buildSeeded(ctx context.Context, admin *pgx.Conn, base, name string, fill func(context.Context, string) error) error {
	// A half-built template from an interrupted run is rebuilt.
	if _, err := admin.Exec(ctx, fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name)); err != nil {
		return err
	}
	if err := clone(ctx, admin, name, base); err != nil {
		return err
	}
	fctx, cancel := context.WithTimeout(ctx, seedFillTimeout)
	err := fill(fctx, withDatabase(DSN(), name))
	cancel()
	if err != nil {
		return fmt.Errorf("fill: %w", err)
	}
	// No connection may stay open on a template (a clone would be refused), nor open later:
	// connections are turned off, and any Fill left behind are ended. Only client sessions:
	// an autovacuum worker visiting the new rows runs as a superuser, which this role may not
	// end ("must be a superuser to terminate superuser process" failed the build on a busy
	// server), and CREATE DATABASE stops one on the template by itself.
	for _, stmt := range []string{
		fmt.Sprintf("ALTER DATABASE %s WITH ALLOW_CONNECTIONS false", name),
		fmt.Sprintf("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid() AND backend_type = 'client backend'", quoteLiteral(name)),
		fmt.Sprintf("ALTER DATABASE %s WITH IS_TEMPLATE true", name),
	} {
		if _, err := admin.Exec(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}

// dropStaleSeeded drops the seeded templates named like pattern, other than keep, that have
// gone unused for staleAfter by now. It is best effort: a template another process holds the
// lock of is left alone, and errors only mean it stays until the next try.
func dropStaleSeeded(ctx context.Context, admin *pgx.Conn, pattern, keep string, now time.Time) {
	rows, err := admin.Query(ctx, `SELECT datname, coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database
		WHERE datname LIKE $1 AND datname <> $2 AND datistemplate`, pattern, keep)
	if err != nil {
		return
	}
	type tmpl struct{ Name, Comment string }
	all, err := pgx.CollectRows(rows, pgx.RowToStructByPos[tmpl])
	if err != nil {
		return
	}
	for _, d := range all {
		if !seedStale(d.Comment, now) {
			continue
		}
		var locked bool
		if err := admin.QueryRow(ctx, "SELECT pg_try_advisory_lock($1)", lockKeyOf(d.Name)).Scan(&locked); err != nil || !locked {
			continue
		}
		// Read again under the lock: another process may have used it meanwhile.
		var comment string
		err := admin.QueryRow(ctx, `SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname = $1`, d.Name).Scan(&comment)
		if err == nil && seedStale(comment, now) {
			if _, err := admin.Exec(ctx, fmt.Sprintf("ALTER DATABASE %s WITH IS_TEMPLATE false", d.Name)); err == nil {
				admin.Exec(ctx, fmt.Sprintf("DROP DATABASE IF EXISTS %s", d.Name)) //nolint:errcheck
			}
		}
		admin.Exec(ctx, "SELECT pg_advisory_unlock($1)", lockKeyOf(d.Name)) //nolint:errcheck
	}
}

// seedStale reports whether a template whose comment is comment went unused for staleAfter
// by now. A template without a readable time is left alone.
func seedStale(comment string, now time.Time) bool {
	_, at, ok := strings.Cut(comment, "last used ")
	if !ok {
		return false
	}
	used, err := time.Parse(time.RFC3339, at)
	return err == nil && now.Sub(used) > staleAfter
}

// lockKeyOf is the advisory lock key of a seeded template.
func lockKeyOf(name string) int64 {
	sum := sha256.Sum256([]byte("ratewise dbtest " + name))
	return int64(binary.BigEndian.Uint64(sum[:8]))
}

func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

var (
	sourceKeysMu sync.Mutex
	sourceKeys   = map[string]string{}
)

// SourceKey hashes the module's files under dirs (paths relative to the module root), test
// files excepted: a seed's key, so that a change to the code or data that fills a template
// builds a new one instead of leaving tests on stale rows.
func SourceKey(t testing.TB, dirs ...string) string {
	t.Helper()
	k := strings.Join(dirs, "\x00")
	sourceKeysMu.Lock()
	defer sourceKeysMu.Unlock()
	if key, ok := sourceKeys[k]; ok {
		return key
	}
	key, err := sourceKey(dirs)
	if err != nil {
		t.Fatalf("dbtest.SourceKey: %v", err)
	}
	sourceKeys[k] = key
	return key
}

func sourceKey(dirs []string) (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, dir := range slices.Sorted(slices.Values(dirs)) {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if d.Name() == "node_modules" || (strings.HasPrefix(d.Name(), ".") && path != filepath.Join(root, dir)) {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasSuffix(path, "_test.go") || !d.Type().IsRegular() {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			fmt.Fprintf(h, "%s\x00%d\x00", filepath.ToSlash(rel), len(b))
			h.Write(b)
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// moduleRoot is the directory holding go.mod, above the test's working directory (go test
// runs a test in its package's directory).
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}
