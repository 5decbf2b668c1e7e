package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"ratewise"
	"ratewise/assistant"
	"ratewise/db/dbtest"
	"ratewise/offers"
)

func TestRequestIDFromTheCallerIsKeptOnlyWhenItLooksLikeOne(t *testing.T) {
	t.Parallel()
	s := New(Config{}, Deps{Log: quietLog()})
	tests := []struct {
		name, id string
		kept     bool
	}{
		{"a proxy's id", "req-7f3a.b_c:1", true},
		{"a UUID", "0b5c4e1e-8a6f-4c1e-9c53-2f1d7c9e4a10", true},
		{"64 characters", strings.Repeat("a", 64), true},
		{"65 characters", strings.Repeat("a", 65), false},
		{"300 characters", strings.Repeat("x", 300), false},
		{"a newline", "abc\ninjected=1", false},
		{"a control character", "abc\x01def", false},
		{"an escape sequence", "abc\x1b[31mred", false},
		{"DEL", "abc\x7f", false},
		{"a tab", "abc\tdef", false},
		{"a quote", `abc"def`, false},
		{"spaces", "a b", false},
		{"non-ASCII", "idé", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/no/such/route", nil)
			req.Header.Set("X-Request-ID", tt.id)
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			got := rec.Header().Get("X-Request-ID")
			var eb ErrorBody
			if err := json.Unmarshal(rec.Body.Bytes(), &eb); err != nil {
				t.Fatal(err)
			}
			if eb.Error.RequestID != got {
				t.Errorf("body request_id %q, header %q", eb.Error.RequestID, got)
			}
			if tt.kept {
				if got != tt.id {
					t.Errorf("request id %q, want the caller's %q", got, tt.id)
				}
				return
			}
			if got == tt.id || !validRequestID(got) || len(got) != 24 {
				t.Errorf("request id %q: want a new one of ours instead of %q", got, tt.id)
			}
		})
	}
}

// logBuffer collects JSON log lines from several goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// find returns the first line whose msg is msg.
func (b *logBuffer) find(msg string) map[string]any {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, line := range strings.Split(b.buf.String(), "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) == nil && rec["msg"] == msg {
			return rec
		}
	}
	return nil
}

// failingModel stands for a chat model that fails. With cancel set it also cancels the
// request it serves, as a client that goes away mid-turn does.
type failingModel struct{}

func (failingModel) Name() string { return "failing" }

func (failingModel) Complete(context.Context, assistant.ModelRequest, func(string)) (assistant.ModelReply, error) {
	return assistant.ModelReply{}, errors.New("model unavailable")
}

// A line the assistant logs while it answers a request names that request, by the id the
// response carries: whether the response waits for the turn (?wait=true) or not (202). Turns
// run on the engine's workers, which take the id from the turn's row.
func TestDomainLogLinesCarryTheRequestID(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, query, logMsg string
		wantStatus          int
	}{
		{"the response waits for the turn", "?wait=true", "model failed; offline planner answers", http.StatusOK},
		{"the turn runs after the response", "", "model failed; offline planner answers", http.StatusAccepted},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			pool := dbtest.NewPool(t)
			var logs logBuffer
			log := slog.New(ratewise.LogHandler(slog.NewJSONHandler(&logs, nil)))
			bus := assistant.NewBus(pool, log)
			ctx, stop := context.WithCancel(context.Background())
			t.Cleanup(stop)
			if err := bus.Start(ctx); err != nil {
				t.Fatal(err)
			}
			reqCtx, cancel := context.WithCancel(context.Background())
			defer cancel()
			model := failingModel{}
			eng := assistant.NewEngine(pool, bus, model, offers.NewStore(pool), nil, log)
			t.Cleanup(eng.Close)
			s := New(testConfig(), Deps{Log: log, Pool: pool, Offers: offers.NewStore(pool), Assistant: eng})

			cl := newClient(t, s)
			signUp(t, cl, "logs@example.com")
			var conv struct{ ID int64 }
			decode(t, cl.do("POST", "/api/v1/conversations", nil), 201, &conv)

			req := httptest.NewRequestWithContext(reqCtx, http.MethodPost,
				"/api/v1/conversations/"+strconv.FormatInt(conv.ID, 10)+"/messages"+tt.query,
				strings.NewReader(`{"text":"hello","client_id":"c-1"}`))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cl.cookie})
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.wantStatus, rec.Body.String())
			}
			id := rec.Header().Get("X-Request-ID")
			if tt.wantStatus >= 400 {
				if got := errorOf(t, rec).RequestID; got != id {
					t.Fatalf("error body request_id %q, header %q", got, id)
				}
			}

			// The background turn logs when it gets there; the engine's Close waits for it.
			var line map[string]any
			for deadline := time.Now().Add(30 * time.Second); line == nil && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
				line = logs.find(tt.logMsg)
			}
			if line == nil {
				t.Fatalf("no %q line in the log:\n%s", tt.logMsg, logs.String())
			}
			if line["request_id"] != id {
				t.Errorf("%q logged with request_id %v; the response's is %q", tt.logMsg, line["request_id"], id)
			}
			if r := logs.find("request"); r == nil || r["request_id"] == nil {
				t.Errorf("the server's own request lines carry no request_id: %v", r)
			}
		})
	}
}
