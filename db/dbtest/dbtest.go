// Package dbtest gives each test its own fresh, migrated PostgreSQL database, cloned from a
// template that is migrated once per schema version. Tests in different packages run in
// parallel processes against the same server without seeing each other's rows. A test that
// needs a large corpus loaded (the demo catalogue and its search index) clones a seeded
// template instead (seed.go), filled once per key. It imports no domain package: the caller
// says what to load.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"ratewise/db"
)

// DSN is the server tests run against: DATABASE_URL, or the local development database.
func DSN() string {
	if dsn := os.Getenv("DATABASE_URL"); dsn != "" {
		return dsn
	}
	return db.DefaultDSN
}

var (
	templateOnce sync.Once
	templateName string
	templateErr  error
)

// templateLockKey serialises template creation across test processes.
const templateLockKey = 7202611251

// objectInUse is the SQLSTATE of CREATE DATABASE when another session is connected to the
// template.
const objectInUse = "55006"

// NewDatabase creates a fresh migrated database for t and returns its DSN. It is dropped when
// the test ends.
func NewDatabase(t testing.TB) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	name, err := migratedTemplate(ctx)
	if err != nil {
		t.Fatalf("test database template: %v (is the database running? make test starts it)", err)
	}
	return create(ctx, t, name)
}

// migratedTemplate returns the name of the migrated template, creating it on first use.
func migratedTemplate(ctx context.Context) (string, error) {
	templateOnce.Do(func() { templateName, templateErr = ensureTemplate(ctx) })
	return templateName, templateErr
}

// NewEmptyDatabase creates a database with no migrations applied (the vector extension only),
// for tests of the migration runner itself.
func NewEmptyDatabase(t testing.TB) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	return create(ctx, t, "template1")
}

func create(ctx context.Context, t testing.TB, template string) string {
	t.Helper()
	name := "rwtest_" + randomHex(6)
	admin, err := db.Connect(ctx, DSN())
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer admin.Close(ctx)
	if err := clone(ctx, admin, name, template); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		if dropLater(name) {
			return
		}
		if err := drop(name); err != nil {
			t.Logf("drop test database: %v", err)
		}
	})
	return withDatabase(DSN(), name)
}

// clone creates database name from template. Two processes may clone the same template at
// once; PostgreSQL refuses while another session is connected to the template, so it retries
// for a few seconds.
//
// A test database does not wait for its commits to reach the disk (synchronous_commit off,
// for every session on it, the binaries tests start included): a crash of the PostgreSQL
// server may lose its last commits, which no test relies on — the crash tests kill Ratewise,
// not the database — while waiting for each commit's flush was most of the suite's time on a
// slow disk. Nothing else changes: a commit is still atomic and visible to every session.
func clone(ctx context.Context, admin *pgx.Conn, name, template string) error {
	for attempt := 0; ; attempt++ {
		_, err := admin.Exec(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, template))
		if err == nil {
			_, err = admin.Exec(ctx, fmt.Sprintf("ALTER DATABASE %s SET synchronous_commit = off", name))
			return err
		}
		if attempt == 50 || !db.IsCode(err, objectInUse) {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// NewPool creates a fresh migrated database for t and returns a pool on it, closed when the
// test ends.
func NewPool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	dsn := NewDatabase(t)
	pool, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open pool: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

func ensureTemplate(ctx context.Context) (string, error) {
	fp, err := db.Fingerprint()
	if err != nil {
		return "", err
	}
	name := "rwtemplate_" + fp
	admin, err := db.Connect(ctx, DSN())
	if err != nil {
		return "", err
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "SELECT pg_advisory_lock($1)", int64(templateLockKey)); err != nil {
		return "", err
	}
	defer admin.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", int64(templateLockKey)) //nolint:errcheck

	var ready bool
	err = admin.QueryRow(ctx, "SELECT datistemplate FROM pg_database WHERE datname = $1", name).Scan(&ready)
	if err == nil && ready {
		return name, nil
	}
	if err != nil && err != pgx.ErrNoRows {
		return "", err
	}
	// A half-built template from an interrupted run is rebuilt.
	if _, err := admin.Exec(ctx, fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name)); err != nil {
		return "", err
	}
	if _, err := admin.Exec(ctx, fmt.Sprintf("CREATE DATABASE %s", name)); err != nil {
		return "", err
	}
	conn, err := db.Connect(ctx, withDatabase(DSN(), name))
	if err != nil {
		return "", err
	}
	_, err = db.Migrate(ctx, conn)
	conn.Close(ctx)
	if err != nil {
		return "", err
	}
	if _, err := admin.Exec(ctx, fmt.Sprintf("ALTER DATABASE %s WITH is_template true", name)); err != nil {
		return "", err
	}
	return name, nil
}

func withDatabase(dsn, name string) string {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return dsn
	}
	// Rebuild as a URL: the DSN may be in key=value form.
	u := url.URL{
		Scheme: "postgres",
		User:   url.UserPassword(cfg.User, cfg.Password),
		Host:   net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port))),
		Path:   "/" + name,
	}
	if cfg.TLSConfig == nil {
		u.RawQuery = "sslmode=disable"
	}
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

var (
	dropMu       sync.Mutex
	dropAtExit   bool     // Main is running the tests
	droppedLater []string // databases Main drops once they end
)

// Main runs a package's tests (use it as TestMain: os.Exit(dbtest.Main(m))) and then drops
// the databases they made, together. DROP DATABASE makes PostgreSQL take a checkpoint, which
// flushes every dirty page of the server; dropped one per test, each test waits for one, and
// the checkpoints slow every other process using the server. Dropped together, a few
// checkpoints serve them all. Without Main each test drops its own when it ends.
//
// The drops are left to a process of their own that Main starts and does not wait for: a
// DROP DATABASE waits for its checkpoint and for every session of the server to let go of the
// database's files, which on a busy machine took a package from a few seconds to a minute
// after its last test, time in which `go test` counts the package as running and starts no
// other. The results are the same; only the package ends sooner. Where that process cannot
// start, Main drops them itself, as before.
func Main(m *testing.M) int {
	dropMu.Lock()
	dropAtExit = true
	dropMu.Unlock()
	code := m.Run()
	dropMu.Lock()
	names := droppedLater
	dropAtExit, droppedLater = false, nil
	dropMu.Unlock()
	if len(names) > 0 && dropInBackground(names) {
		return code
	}
	dropAll(names)
	return code
}

// dropEnv names the databases a process started by dropInBackground drops before anything
// else, instead of running tests (init below).
const dropEnv = "RATEWISE_DBTEST_DROP"

func init() {
	if v := os.Getenv(dropEnv); v != "" {
		dropAll(strings.Split(v, ","))
		os.Exit(0)
	}
}

// dropInBackground starts this test binary again, in a session of its own and with no
// output for `go test` to wait on, to drop names; it reports whether it started.
func dropInBackground(names []string) bool {
	exe, err := os.Executable()
	if err != nil {
		return false
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), dropEnv+"="+strings.Join(names, ","))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return false
	}
	_ = cmd.Process.Release()
	return true
}

// dropAll drops names, dropConcurrency at a time, and says on stderr which it could not (the
// process dropInBackground starts has no stderr: a database it cannot drop is left behind).
func dropAll(names []string) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, dropConcurrency)
	for _, name := range names {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			if err := drop(name); err != nil {
				fmt.Fprintf(os.Stderr, "dbtest: drop test database: %v\n", err)
			}
		})
	}
	wg.Wait()
}

// dropConcurrency is how many databases Main drops at once (one connection each): the more
// DROPs wait together, the more of them one checkpoint serves (32 dropped assistant's 40 in
// about half the time 8 did).
const dropConcurrency = 32

// dropLater queues name for Main to drop, reporting false when Main is not running.
func dropLater(name string) bool {
	dropMu.Lock()
	defer dropMu.Unlock()
	if dropAtExit {
		droppedLater = append(droppedLater, name)
	}
	return dropAtExit
}

func drop(name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	conn, err := db.Connect(ctx, DSN())
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name))
	return err
}
