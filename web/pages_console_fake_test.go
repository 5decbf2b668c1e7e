package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

// TestConsolePageAgainstAFakeAPI drives the console page in Chromium (web/e2e/console-fake.mjs)
// against a small fake of the console API: the page's own behaviour — offers with a countdown,
// keyboard accept, saved replies with placeholders, private notes, the masked-detail reveal,
// charts, the 768 px layout — checked without the timing of a real dispatcher. Every fake answer
// is checked against web/openapi.json wherever the document has the route, so the fake cannot
// drift from the real API unnoticed. The full flow against the real server is web/e2e.
func TestConsolePageAgainstAFakeAPI(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped: -short")
	}
	t.Parallel()
	e2e, err := filepath.Abs("e2e")
	if err != nil {
		t.Fatal(err)
	}
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(filepath.Join(e2e, "node_modules/playwright-core/package.json")); err != nil {
		t.Fatal("playwright-core is missing: run `bash scripts/browser.sh` (make test does this) and try again")
	}
	f := newFakeConsole(t)
	srv := httptest.NewServer(f.echo)
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	shots := filepath.Join(e2e, "screenshots")
	_ = os.MkdirAll(shots, 0o755)
	node := exec.CommandContext(ctx, "node", "console-fake.mjs")
	node.Dir = e2e
	node.Env = append(os.Environ(), "BASE_URL="+srv.URL, "SCREENSHOTS="+shots, "CHROMIUM="+chromium)
	out, err := node.CombinedOutput()
	for _, line := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		t.Log(line)
	}
	if err != nil {
		t.Fatalf("console page steps failed (%v); screenshots in %s", err, shots)
	}
}

// fakeConsole is the console API as the page sees it, for one supervisor, with one
// conversation in the queue (41) and one that is offered when the supervisor goes online (42).
type fakeConsole struct {
	t    *testing.T
	echo *echo.Echo
	ct   *contract

	mu       sync.Mutex
	status   string
	accepted bool
	sent     []map[string]any // request bodies by path, in order
	events   chan string
}

func newFakeConsole(t *testing.T) *fakeConsole {
	f := &fakeConsole{t: t, echo: echo.New(), ct: contractDoc(t), status: "offline", events: make(chan string, 16)}
	e := f.echo
	e.Use(securityHeaders)
	a, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	page := func(c echo.Context) error {
		return c.HTML(http.StatusOK, renderConsole(t, &User{ID: 7, Email: "sam@example.com", Name: "Sam Patel", Role: RoleSupervisor}))
	}
	e.GET("/console", page)
	e.GET("/console/*", page)
	e.GET("/static/:file", func(c echo.Context) error {
		f, ok := a.files[c.Param("file")]
		if !ok {
			return echo.ErrNotFound
		}
		return c.Blob(http.StatusOK, f.contentType, f.body)
	})
	e.POST("/api/v1/auth/logout", func(c echo.Context) error { return c.NoContent(http.StatusNoContent) })
	e.GET("/fake/sent", func(c echo.Context) error {
		f.mu.Lock()
		defer f.mu.Unlock()
		return c.JSON(http.StatusOK, f.sent)
	})

	api := e.Group("/api/v1/console")
	api.POST("/status", func(c echo.Context) error {
		body := f.record(c)
		f.mu.Lock()
		was := f.status
		f.status, _ = body["status"].(string)
		now := f.status
		f.mu.Unlock()
		if was != "online" && now == "online" && !f.accepted {
			f.events <- `event: offer.created` + "\n" + `data: {"offer_id":901,"conversation_id":42,"expires_at":"` +
				time.Now().Add(30*time.Second).UTC().Format(time.RFC3339) + `","preview":"I lost my job, card •••• 4242","reason":"hardship","priority":1,"language":"en","product_type":"auto_loan","waiting_seconds":70}` + "\n\n"
		}
		return f.reply(c, http.StatusOK, fakeStatus(now))
	})
	api.GET("/status", func(c echo.Context) error {
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.reply(c, http.StatusOK, fakeStatus(f.status))
	})
	api.GET("/offers", func(c echo.Context) error {
		return f.reply(c, http.StatusOK, map[string]any{"offers": []any{}})
	})
	api.GET("/events", func(c echo.Context) error {
		w := c.Response()
		w.Header().Set(echo.HeaderContentType, "text/event-stream")
		w.WriteHeader(http.StatusOK)
		w.Flush()
		for {
			select {
			case ev := <-f.events:
				io.WriteString(w, ev)
				w.Flush()
			case <-c.Request().Context().Done():
				return nil
			}
		}
	})
	api.GET("/queue", func(c echo.Context) error {
		return f.reply(c, http.StatusOK, map[string]any{"conversations": []any{map[string]any{
			"id": 41, "priority": 0, "reason": "requested", "waiting_seconds": 95, "language": "es", "product_type": "mortgage",
			"preview": "Quiero hablar con una persona", "position": 1, "offered": false, "requeued": false, "queued_at": time.Now().Add(-95 * time.Second).UTC().Format(time.RFC3339)}}})
	})
	api.GET("/conversations", func(c echo.Context) error {
		list := []any{}
		f.mu.Lock()
		if f.accepted {
			list = append(list, map[string]any{"id": 42, "state": "assigned", "agent_id": 7, "reason": "hardship", "last_message": "I lost my job and can't pay.",
				"last_role": "user", "updated_at": time.Now().UTC().Format(time.RFC3339), "awaits_answer": true})
		}
		f.mu.Unlock()
		return f.reply(c, http.StatusOK, map[string]any{"conversations": list})
	})
	api.POST("/offers/:id/accept", func(c echo.Context) error {
		f.record(c)
		f.mu.Lock()
		f.accepted = true
		f.mu.Unlock()
		return f.reply(c, http.StatusOK, map[string]any{"conversation_id": 42, "state": "assigned"})
	})
	api.GET("/conversations/:id", func(c echo.Context) error {
		if c.Param("id") != "42" {
			return c.JSON(http.StatusNotFound, map[string]any{"error": map[string]string{"code": "not_found", "message": "Not found."}})
		}
		return f.reply(c, http.StatusOK, fakeConversation())
	})
	api.POST("/conversations/:id/messages", func(c echo.Context) error {
		body := f.record(c)
		return f.reply(c, http.StatusOK, map[string]any{"message": map[string]any{"id": 120, "role": "agent", "text": body["text"], "created_at": time.Now().UTC().Format(time.RFC3339)}})
	})
	api.POST("/conversations/:id/notes", func(c echo.Context) error {
		body := f.record(c)
		return f.reply(c, http.StatusCreated, map[string]any{"note": map[string]any{"id": 5, "author_id": 7, "author_name": "Alex Agent", "kind": "note", "text": body["text"], "created_at": time.Now().UTC().Format(time.RFC3339)}})
	})
	api.POST("/conversations/:id/typing", func(c echo.Context) error { f.record(c); return c.NoContent(http.StatusNoContent) })
	api.POST("/conversations/:id/reveal", func(c echo.Context) error {
		f.record(c)
		return f.reply(c, http.StatusOK, map[string]any{"value": "4111 1111 1111 4242"})
	})
	api.GET("/canned", func(c echo.Context) error {
		return f.reply(c, http.StatusOK, map[string]any{"canned": []any{
			map[string]any{"id": 1, "shortcut": "hello", "text": "Hi {first_name}, I'm {agent_first_name} from Ratewise. I'm reading your conversation now."},
			map[string]any{"id": 2, "shortcut": "hardship", "text": "I'm sorry to hear that, {first_name}."},
		}})
	})
	api.GET("/metrics", func(c echo.Context) error {
		now := time.Now().UTC()
		return f.reply(c, http.StatusOK, map[string]any{
			"window": c.QueryParam("window"), "from": now.Add(-7 * 24 * time.Hour), "to": now, "conversations": 154,
			"cohorts": []any{
				map[string]any{"name": "assistant_only", "conversations": 120, "rated": 40, "average_rating": 4.2, "durable_eligible": 100, "durable_resolved": 81, "durable_resolution_rate": 0.81},
				map[string]any{"name": "assistant_then_person", "conversations": 30, "rated": 12, "average_rating": 4.5, "durable_eligible": 20, "durable_resolved": 14, "durable_resolution_rate": 0.7},
				map[string]any{"name": "person_only", "conversations": 4, "rated": 0, "average_rating": nil, "durable_eligible": 0, "durable_resolved": 0, "durable_resolution_rate": nil},
			},
			"handoffs":       map[string]any{"count": 34, "rate": 0.22, "reasons": map[string]int{"requested": 20, "hardship": 9, "complaint": 5}},
			"time_to_person": map[string]any{"handoffs": 34, "offer_p50": 3.0, "offer_p90": 12.0, "accept_p50": 14.0, "accept_p90": 40.0, "first_reply_p50": 60.0, "first_reply_p90": 180.0},
			"offers":         map[string]any{"made": 45, "accepted": 34, "declined": 6, "expired": 5, "cancelled": 0, "pending": 0, "acceptance_rate": 0.7556},
			"agents_online":  []any{map[string]any{"at": now.Add(-3 * time.Hour), "online": 1}, map[string]any{"at": now.Add(-time.Hour), "online": 3}, map[string]any{"at": now, "online": 2}},
			"reviews":        map[string]any{"good": 14, "bad": 3, "labels": map[string]int{"wrong_figure": 2, "tone": 1}},
			"grounding":      map[string]any{"answers": 400, "ungrounded": 3, "fallback": 7, "failed": 1},
		})
	})
	api.GET("/reviews", func(c echo.Context) error {
		return f.reply(c, http.StatusOK, map[string]any{"reviews": []any{map[string]any{
			"message_id": 101, "conversation_id": 42, "text": "BetterBank's Auto Refi at 6.90 % APR would save you 45.10 a month.",
			"flags": []string{}, "why": []string{"quoted_figures", "handed_off"}, "created_at": time.Now().UTC(), "reviews": []any{}}}})
	})
	api.POST("/messages/:id/review", func(c echo.Context) error {
		body := f.record(c)
		return f.reply(c, http.StatusOK, map[string]any{"review": map[string]any{"id": 1, "message_id": 101, "reviewer_id": 7,
			"rating": body["rating"], "labels": body["labels"], "note": body["note"], "created_at": time.Now().UTC(), "updated_at": time.Now().UTC()}})
	})
	return f
}

// record keeps a request's JSON body for the script to check, and returns it.
func (f *fakeConsole) record(c echo.Context) map[string]any {
	raw, _ := io.ReadAll(c.Request().Body)
	body := map[string]any{}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &body); err != nil {
			f.t.Errorf("%s %s: body is not JSON: %s", c.Request().Method, c.Path(), raw)
		}
		if err := f.ct.checkRequest(strings.ToLower(c.Request().Method), openAPIPath(c.Path()), raw); err != nil {
			f.t.Errorf("the page sent %s %s: %v", c.Request().Method, c.Path(), err)
		}
	}
	f.mu.Lock()
	f.sent = append(f.sent, map[string]any{"path": c.Request().URL.Path, "body": body})
	f.mu.Unlock()
	return body
}

// reply answers with v, after checking it against the document where it has the route.
func (f *fakeConsole) reply(c echo.Context, status int, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if err := f.ct.checkResponse(strings.ToLower(c.Request().Method), openAPIPath(c.Path()), status, echo.MIMEApplicationJSON, raw); err != nil {
		f.t.Errorf("the fake's answer to %s %s is not the documented one: %v", c.Request().Method, c.Path(), err)
	}
	return c.JSONBlob(status, raw)
}

func fakeStatus(status string) map[string]any {
	return map[string]any{"id": 7, "display_name": "Sam Patel", "languages": []string{"en"}, "skills": []string{"auto_loan"}, "capacity": 3,
		"sensitive": false, "status": status, "last_heartbeat_at": time.Now().UTC(), "active": 0, "missed_offers": 0,
		"heartbeat_seconds": 15, "heartbeat_timeout_seconds": 45}
}

func fakeCard() map[string]any {
	return map[string]any{"offer_id": 3, "partner": "BetterBank", "name": "Auto Refi", "product_type": "auto_loan", "currency": "USD",
		"representative_apr": "6.90", "apr": "6.90", "monthly_payment": "349.40", "monthly_saving": "45.10", "net_saving": "1850.00",
		"break_even_month": 4, "fees": "150.00", "eligible": true, "reasons": []string{}, "representative_example": "Representative example: 15,000.00 over 48 months at 6.90 % APR.",
		"title": "BetterBank — Auto Refi", "product_label": "car loan", "locale": "en-US", "eligibility": "eligible",
		"chart": map[string]any{"months": []int{0, 48}, "current": []string{"0.00", "19200.00"}, "offer": []string{"150.00", "17200.00"},
			"saving": []string{"-150.00", "2000.00"}}}
}

func fakeConversation() map[string]any {
	at := func(minutes int) string {
		return time.Now().Add(time.Duration(-minutes) * time.Minute).UTC().Format(time.RFC3339)
	}
	return map[string]any{
		"id": 42, "state": "assigned", "phase": "assigned", "agent_id": 7, "created_at": at(12), "updated_at": at(1),
		"consumer": map[string]any{"id": 3, "first_name": "Ada"},
		"messages": []any{
			map[string]any{"id": 100, "role": "user", "text": "Can you find me a better rate on my car loan?", "created_at": at(11)},
			map[string]any{"id": 101, "role": "assistant", "text": "BetterBank's Auto Refi at 6.90 % APR would save you 45.10 a month. I'll keep an eye on new offers for you.", "created_at": at(11),
				"reply_to": 100, "cards": []any{fakeCard()}},
			map[string]any{"id": 102, "role": "user", "text": "I lost my job and can't pay. My card is •••• 4242, <img src=x onerror=alert(1)>", "created_at": at(2),
				"masked": []any{map[string]any{"field": "card:1", "kind": "card", "display": "•••• 4242"}}},
			map[string]any{"id": 103, "role": "system", "text": "Handed to a person: hardship", "created_at": at(2)},
		},
		"notes": []any{map[string]any{"id": 4, "author_id": 9, "author_name": "Bea Lead", "kind": "note", "text": "Check the hardship policy before offering anything.", "created_at": at(1)}},
		"packet": map[string]any{
			"handoff": map[string]any{"reason": "hardship", "trigger": "hardship", "cause": "trigger", "priority": 1, "language": "en", "product_type": "auto_loan",
				"self_reported": false, "requeued": false, "summary": "I lost my job and can't pay.", "queued_at": at(2)},
			"summary":  []any{"Wants a cheaper car loan.", "Lost their job and cannot pay."},
			"promises": []any{map[string]any{"message_id": 101, "text": "I'll keep an eye on new offers for you."}},
			"holdings": []any{map[string]any{"id": 8, "kind": "loan", "product_type": "auto_loan", "provider": "First Bank", "balance": "15000.00", "apr": "11.90", "remaining_months": 48}},
			"recommendations": []any{map[string]any{"message_id": 101, "created_at": at(11), "offer_id": 3, "offer_version": "2025-03-01T09:00:00Z",
				"card": fakeCard()}},
			"citations": []any{map[string]any{"source": "kb", "slug": "apr-explained", "title": "APR vs interest rate", "url": "/kb/apr-explained"}},
		},
	}
}
