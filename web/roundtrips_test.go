package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	pgxvec "github.com/pgvector/pgvector-go/pgx"

	"ratewise/assistant"
	"ratewise/assistant/openaitest"
	"ratewise/db/dbtest"
	"ratewise/offers"
	"ratewise/offers/offerstest"
)

// dbCounter is a pgx tracer that counts what a server asks of its pool while it is on:
// connections taken from the pool (each counted by its first statement, so one taken before
// the count started or used after it ended is not), round trips (a statement, or a pipelined
// batch of them) and the statements themselves. The bus's batches of notices, whose number
// depends on timing, are counted apart, with the connections they take.
type dbCounter struct {
	mu         sync.Mutex
	on         bool
	taken      map[*pgx.Conn]bool // taken from the pool, no statement yet
	acquires   int
	roundTrips int
	notices    int
	statements []string
}

func (c *dbCounter) start() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.on, c.acquires, c.roundTrips, c.notices, c.statements = true, 0, 0, 0, nil
}

func (c *dbCounter) stop() (acquires, roundTrips, notices int, statements []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.on = false
	return c.acquires, c.roundTrips, c.notices, c.statements
}

func firstLine(sql string) string {
	sql = strings.Join(strings.Fields(sql), " ")
	if len(sql) > 90 {
		sql = sql[:90]
	}
	return sql
}

// roundTrip counts one round trip on conn, the notices' apart.
func (c *dbCounter) roundTrip(conn *pgx.Conn, notice bool) {
	fresh := c.taken[conn]
	delete(c.taken, conn)
	if !c.on {
		return
	}
	switch {
	case notice:
		c.notices++
	case fresh:
		c.acquires++
		c.roundTrips++
	default:
		c.roundTrips++
	}
}

func (c *dbCounter) TraceQueryStart(ctx context.Context, conn *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.roundTrip(conn, strings.Contains(d.SQL, "pg_notify"))
	if c.on {
		c.statements = append(c.statements, firstLine(d.SQL))
	}
	return ctx
}

func (c *dbCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (c *dbCounter) TraceBatchStart(ctx context.Context, conn *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.roundTrip(conn, false)
	return ctx
}

func (c *dbCounter) TraceBatchQuery(_ context.Context, _ *pgx.Conn, d pgx.TraceBatchQueryData) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.on {
		c.statements = append(c.statements, "(batch) "+firstLine(d.SQL))
	}
}

func (c *dbCounter) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

func (c *dbCounter) TraceAcquireStart(ctx context.Context, _ *pgxpool.Pool, _ pgxpool.TraceAcquireStartData) context.Context {
	return ctx
}

func (c *dbCounter) TraceAcquireEnd(_ context.Context, _ *pgxpool.Pool, d pgxpool.TraceAcquireEndData) {
	if d.Conn == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.taken == nil {
		c.taken = map[*pgx.Conn]bool{}
	}
	c.taken[d.Conn] = true
}

// countedPool is a pool on a fresh database whose every connection reports to c.
func countedPool(t *testing.T, c *dbCounter) *pgxpool.Pool {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(dbtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.Tracer = c
	cfg.AfterConnect = func(ctx context.Context, conn *pgx.Conn) error { return pgxvec.RegisterTypes(ctx, conn) }
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// What one ordinary chat turn asks of the database, from posting the message to its
// completed answer on the open stream, the way the load test drives it: the count of pool
// acquires and round trips is what a burst of turns queues for, so it may not grow unnoticed.
// The statements are logged (go test -v) to see where they go.
func TestATurnsPoolAcquiresAndRoundTrips(t *testing.T) {
	t.Parallel()
	c := &dbCounter{}
	pool := countedPool(t, c)
	ctx := context.Background()
	if _, err := offerstest.Seed(ctx, offers.NewStore(pool)); err != nil {
		t.Fatal(err)
	}
	model := openaitest.New()
	t.Cleanup(model.Close)
	s := newConversationServerOn(t, pool, Config{}, assistant.NewOpenAIModel("test-key", model.BaseURL(), "scripted"))
	// No lease renewal and no poll for turns falls inside a counted turn.
	s.deps.Assistant.LeaseTTL = time.Hour
	srv := listen(t, s)
	u := newHTTPUser(t, srv, "counted@example.com")
	var conv struct{ ID int64 }
	json.Unmarshal(u.post("/api/v1/conversations", "", 201), &conv)
	path := "/api/v1/conversations/" + strconv.FormatInt(conv.ID, 10)
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	events := u.stream(sctx, path+"/events", 0)

	turn := func(n int) (acquires, roundTrips, notices int, statements []string) {
		model.Push(openaitest.Text("Happy", " to help", " with that."))
		c.start()
		code, id := u.send(path+"/messages", fmt.Sprintf("What does a personal loan cost? (%d)", n), "counted-"+strconv.Itoa(n))
		if code != http.StatusAccepted {
			t.Fatalf("POST = %d", code)
		}
		for {
			ev, ok := next(t, events)
			if !ok {
				t.Fatal("the stream ended")
			}
			var d struct {
				ReplyTo int64 `json:"reply_to"`
			}
			json.Unmarshal([]byte(ev.Data), &d)
			if ev.Type == "message.completed" && d.ReplyTo == id {
				break
			}
			if ev.Type == "error" {
				t.Fatalf("turn failed: %s", ev.Data)
			}
		}
		return c.stop()
	}
	// The first turns also read what later ones keep, prepare their statements and start the
	// workers; from the third on, a turn meets an idle worker and the catalogue's names read.
	turn(0)
	turn(1)
	acquires, roundTrips, notices, statements := turn(2)
	t.Logf("one turn: %d pool acquires and %d round trips (and %d batches of notices)", acquires, roundTrips, notices)
	for _, s := range statements {
		t.Log("  ", s)
	}
	// Accepting the message (2: the conversation locked and the session checked, then the
	// message, its event and its turn stored, what the turn starts from read, and the
	// commit) and storing the answer (2: the lease ended and the conversation locked, then the
	// answer stored with the commit), each on a connection of its own.
	if acquires > 2 || roundTrips > 4 {
		t.Errorf("one turn took %d pool acquires and %d round trips, want at most 2 and 4", acquires, roundTrips)
	}
}
