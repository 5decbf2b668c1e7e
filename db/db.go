// Package db opens Ratewise's PostgreSQL connections and owns the schema migrations. It knows
// no domain types: the domain packages own their SQL and only borrow the pool from here.
package db

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	pgxvec "github.com/pgvector/pgvector-go/pgx"

	"ratewise"
)

// DefaultDSN is the local development database that scripts/db.sh starts. Every subcommand
// uses it when DATABASE_URL is unset.
const DefaultDSN = "postgres://ratewise:ratewise@127.0.0.1:5488/ratewise?sslmode=disable"

// Open opens a pool on dsn with pgvector's types registered on every connection. The schema
// must already be migrated: the vector extension has to exist before a connection registers it.
func Open(ctx context.Context, dsn string) (*pgxpool.Pool, error) { return OpenPool(ctx, dsn, 0) }

// OpenPool is Open with at most maxConns connections (0 keeps pgx's default, or the DSN's
// pool_max_conns).
func OpenPool(ctx context.Context, dsn string, maxConns int) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("parse DATABASE_URL: %w", err)
	}
	if maxConns > 0 {
		cfg.MaxConns = int32(maxConns)
	}
	cfg.AfterConnect = func(ctx context.Context, conn *pgx.Conn) error {
		return pgxvec.RegisterTypes(ctx, conn)
	}
	cfg.HealthCheckPeriod = 15 * time.Second
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open pool: %w", err)
	}
	return pool, nil
}

// Connect opens one plain connection, used for migrations before the pool exists. The DSN is
// parsed as the pool parses it, so pool settings in it (pool_max_conns, …) are accepted and
// left out of the connection's own parameters.
func Connect(ctx context.Context, dsn string) (*pgx.Conn, error) {
	pcfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("parse DATABASE_URL: %w", err)
	}
	cfg := pcfg.ConnConfig
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, ratewise.Wrap(ratewise.EUNAVAILABLE, err, "the database does not answer at %s", redact(cfg.Host, cfg.Port, cfg.Database))
	}
	return conn, nil
}

func redact(host string, port uint16, database string) string {
	return fmt.Sprintf("%s:%d/%s", host, port, database)
}

// PostgreSQL SQLSTATE codes the domain packages map to error kinds.
const (
	UniqueViolation     = "23505"
	ForeignKeyViolation = "23503"
	CheckViolation      = "23514"
)

// IsCode reports whether err is a PostgreSQL error with SQLSTATE code.
func IsCode(err error, code string) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == code
}

// IsUnavailable reports whether err means the database could not be reached or went away
// (refused or cut connections, a server shutting down or starting, no free connection slot),
// as opposed to a query it refused: the first is an outage the caller should report as such
// (503), never as "not signed in" or an internal error.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	var connectErr *pgconn.ConnectError
	if errors.As(err, &connectErr) {
		return true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// Class 08: connection exceptions; 57P01–57P03: shutting down, crashed, starting;
		// 53300: too many connections.
		return strings.HasPrefix(pgErr.Code, "08") || pgErr.Code == "57P01" || pgErr.Code == "57P02" ||
			pgErr.Code == "57P03" || pgErr.Code == "53300"
	}
	var netErr net.Error
	if errors.As(err, &netErr) {
		return true
	}
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) ||
		strings.Contains(err.Error(), "conn closed")
}

// Querier is what both a pool and a transaction offer, so store helpers can run in either.
type Querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}
