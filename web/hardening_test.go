package web

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"

	"ratewise/db/dbtest"
	"ratewise/offers"
	"ratewise/offers/offerstest"
	"ratewise/retrieval"
)

// Parallel guesses all arriving before any is counted must still get at most the account's
// limit of password checks: 31 wrong guesses at once, from one address, on a fresh account,
// and then the right password is refused too until the window ends.
func TestParallelGuessesCannotBeatTheThrottle(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	signUp(t, newClient(t, s), "ada@example.com")
	const guesses = 31
	codes := make([]int, guesses)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range guesses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			codes[i] = newClient(t, s).do("POST", "/api/v1/auth/login", map[string]string{"email": "ada@example.com", "password": fmt.Sprintf("wrong guess number %d", i)}).Code
		}()
	}
	close(start)
	wg.Wait()
	checked := 0
	for _, c := range codes {
		switch c {
		case 401:
			checked++
		case 429:
		default:
			t.Errorf("a wrong guess got %d", c)
		}
	}
	if limit := s.sessions.accountLimit; checked != limit {
		t.Errorf("%d of %d parallel guesses had the password checked (codes %v), want exactly the limit %d", checked, guesses, codes, limit)
	}
	if rec := newClient(t, s).do("POST", "/api/v1/auth/login", map[string]string{"email": "ada@example.com", "password": "correct horse battery"}); rec.Code != 429 {
		t.Errorf("the right password after the limit: %d, want 429", rec.Code)
	}
	// A success gives its slot back and clears the account's count: signing in again and again
	// is never throttled.
	fresh := newTestServer(t)
	signUp(t, newClient(t, fresh), "bob@example.com")
	for range 10 {
		if rec := newClient(t, fresh).do("POST", "/api/v1/auth/login", map[string]string{"email": "bob@example.com", "password": "correct horse battery"}); rec.Code != 200 {
			t.Fatalf("repeated good sign-ins: %d %s", rec.Code, rec.Body.String())
		}
	}
}

// While the database cannot be reached a signed-in person is told the service is briefly
// unavailable (503, Retry-After), on the API and on pages, and keeps the session: afterwards
// everything works again by itself — the same cookie, a message posted and answered, the
// event bus reconnected — without signing in.
func TestDatabaseOutageIsUnavailableNotSignedOut(t *testing.T) {
	t.Parallel()
	pool, p := proxiedPool(t)
	if _, err := offerstest.Seed(context.Background(), offers.NewStore(pool)); err != nil {
		t.Fatal(err)
	}
	s := newConversationServerOn(t, pool, testConfig(), nil)
	cl := newClient(t, s)
	signUp(t, cl, "ada@example.com")
	var conv struct{ ID int64 }
	decode(t, cl.do("POST", "/api/v1/conversations", nil), 201, &conv)
	cookie := cl.cookie

	p.SetDown(true)
	for _, r := range []struct {
		method, path string
		body         any
	}{
		{"GET", "/api/v1/me", nil},
		{"GET", "/api/v1/holdings", nil},
		{"GET", "/api/v1/offers", nil},
		{"GET", "/api/v1/offers/1", nil},
		{"GET", "/api/v1/conversations", nil},
		{"GET", convPath(conv.ID), nil},
		{"POST", convPath(conv.ID) + "/messages", map[string]string{"text": "hello", "client_id": "during"}},
		{"GET", convPath(conv.ID) + "/events", nil},
	} {
		rec := cl.do(r.method, r.path, r.body)
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
			t.Errorf("%s %s during the outage: %d (Retry-After %q) %s, want 503 with Retry-After", r.method, r.path, rec.Code, rec.Header().Get("Retry-After"), rec.Body.String())
		}
		if e := errorOf(t, rec); e.Code != "unavailable" {
			t.Errorf("%s %s during the outage: code %q, want unavailable", r.method, r.path, e.Code)
		}
	}
	if cl.cookie != cookie {
		t.Fatal("the outage cleared or changed the session cookie")
	}
	// Anonymous catalogue reads fail the same way, not with 500.
	if rec, eb := do(t, s, "GET", "/api/v1/offers?product_type=auto_loan", ""); rec.Code != 503 || eb.Error.Code != "unavailable" {
		t.Errorf("anonymous GET /api/v1/offers during the outage: %d %s", rec.Code, rec.Body.String())
	}
	for _, path := range []string{"/", "/holdings"} {
		page := cl.do("GET", path, nil)
		if page.Code != http.StatusServiceUnavailable || !strings.HasPrefix(page.Header().Get("Content-Type"), "text/html") ||
			!strings.Contains(page.Body.String(), "briefly unavailable") || page.Header().Get("Location") != "" {
			t.Errorf("the page %s during the outage: %d %q %q, want a 503 page saying so", path, page.Code, page.Header().Get("Content-Type"), page.Header().Get("Location"))
		}
	}

	p.SetDown(false)
	if rec := cl.do("GET", "/api/v1/me", nil); rec.Code != 200 || cl.cookie != cookie {
		t.Errorf("after the outage /api/v1/me = %d %s, want 200 with the same session", rec.Code, rec.Body.String())
	}
	if page := cl.do("GET", "/", nil); page.Code != 200 {
		t.Errorf("the chat page after the outage: %d", page.Code)
	}
	// The message refused during the outage was not stored: sending it again is a new
	// message, and it is answered.
	var sent sendJSON
	decode(t, cl.do("POST", convPath(conv.ID)+"/messages?wait=true", map[string]string{"text": "hello", "client_id": "during"}), 200, &sent)
	if sent.Message.Text != "hello" || len(sent.Replies) == 0 || sent.Replies[0].Role != "assistant" || sent.Replies[0].Text == "" {
		t.Errorf("a message after the outage: %+v, want it answered by the assistant", sent)
	}
}

// NUL characters and bytes that are not UTF-8 get 400 naming where they were, on every kind
// of input the tester found answered with 500.
func TestBadCharactersAreRefusedNotServerErrors(t *testing.T) {
	t.Parallel()
	pool := dbtest.NewPool(t)
	store := offers.NewStore(pool)
	ix := retrieval.NewIndex(pool, retrieval.NewLocalEmbedder(16), nil)
	s := New(testConfig(), Deps{Log: quietLog(), Pool: pool, Offers: store, KB: ix})
	cl := newClient(t, s)
	signUp(t, cl, "ada@example.com")

	long := strings.Repeat("a", 8<<10) + "@example.com"
	huge := strings.Repeat("a", 300<<10) + "@example.com"
	for _, tt := range []struct {
		name, method, path string
		body               any
		field              string
	}{
		{"NUL in signup name", "POST", "/api/v1/auth/signup", map[string]string{"email": "bob@example.com", "password": "correct horse battery", "name": "Bo\x00b"}, "name"},
		{"NUL in signup email", "POST", "/api/v1/auth/signup", map[string]string{"email": "bob\x00@example.com", "password": "correct horse battery"}, "email"},
		{"NUL in login email", "POST", "/api/v1/auth/login", map[string]string{"email": "ada\x00@example.com", "password": "x"}, "email"},
		{"8 KB login email", "POST", "/api/v1/auth/login", map[string]string{"email": long, "password": "x"}, "email"},
		{"300 KB login email", "POST", "/api/v1/auth/login", map[string]string{"email": huge, "password": "x"}, "email"},
		{"NUL in a holding's provider", "POST", "/api/v1/holdings", map[string]any{"product_type": "auto_loan", "provider": "First\x00Bank", "balance": "18000", "apr": "9.9", "remaining_months": 48}, "provider"},
		{"NUL in offers q", "GET", "/api/v1/offers?q=car%00loan", nil, "q"},
		{"NUL in help q", "GET", "/api/v1/kb/search?q=apr%00", nil, "q"},
		{"NUL in an article slug", "GET", "/kb/apr%00basics", nil, ""},
		{"not UTF-8 in offers q", "GET", "/api/v1/offers?q=%FF%FE", nil, "q"},
		{"not UTF-8 in help q", "GET", "/api/v1/kb/search?q=%FF%FE", nil, "q"},
		{"not UTF-8 in an article slug", "GET", "/kb/%FF%FE", nil, ""},
		{"a broken escape", "GET", "/api/v1/offers?q=%zz", nil, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := cl.do(tt.method, tt.path, tt.body)
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("%s %s: %d %s, want 400", tt.method, tt.path, rec.Code, rec.Body.String())
			}
			if e := errorOf(t, rec); e.Field != tt.field || e.Code != "invalid_argument" {
				t.Errorf("%s %s: %+v, want invalid_argument naming %q", tt.method, tt.path, e, tt.field)
			}
		})
	}
	// Nothing was stored by the refused requests.
	var n int
	if err := pool.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM holdings)`).Scan(&n); err != nil || n != 1 {
		t.Errorf("rows after the refused requests: %d (%v), want only Ada's account", n, err)
	}
}

// Password hashes wait for one of the server's slots; with none free for HashWait the request
// is told to come back (503, Retry-After), so a burst of sign-ins cannot take the memory.
func TestPasswordHashesAreBounded(t *testing.T) {
	t.Parallel()
	cfg := testConfig()
	cfg.HashesAtOnce, cfg.HashWait = 1, 50e6
	pool := dbtest.NewPool(t)
	s := New(cfg, Deps{Log: quietLog(), Pool: pool})
	signUp(t, newClient(t, s), "ada@example.com")

	s.hashSlots <- struct{}{} // a hash in progress holds the only slot
	for _, tt := range []struct{ path, email string }{{"/api/v1/auth/signup", "bob@example.com"}, {"/api/v1/auth/login", "ada@example.com"}} {
		rec := newClient(t, s).do("POST", tt.path, map[string]string{"email": tt.email, "password": "correct horse battery"})
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
			t.Errorf("%s with every hash slot taken: %d (Retry-After %q), want 503 with Retry-After", tt.path, rec.Code, rec.Header().Get("Retry-After"))
		}
	}
	<-s.hashSlots
	if rec := newClient(t, s).do("POST", "/api/v1/auth/login", map[string]string{"email": "ada@example.com", "password": "correct horse battery"}); rec.Code != 200 {
		t.Errorf("sign-in with a slot free: %d %s", rec.Code, rec.Body.String())
	}
	if got := New(Config{}, Deps{}).cfg.HashesAtOnce; got != 4 {
		t.Errorf("default HashesAtOnce = %d, want 4", got)
	}
}

// Personal JSON is never stored by a browser or a proxy.
func TestAPIResponsesAreNotStored(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	cl := newClient(t, s)
	signUp(t, cl, "ada@example.com")
	for _, path := range []string{"/api/v1/me", "/api/v1/me/profile"} {
		if rec := cl.do("GET", path, nil); rec.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("GET %s: Cache-Control %q, want no-store", path, rec.Header().Get("Cache-Control"))
		}
	}
}

// One address makes at most SignupsPerAddress accounts an hour, even all at once; another
// address is not affected.
func TestSignupsPerAddressAreLimited(t *testing.T) {
	t.Parallel()
	cfg := testConfig()
	cfg.SignupsPerAddress = 3
	s := New(cfg, Deps{Log: quietLog(), Pool: dbtest.NewPool(t)})
	codes := make([]int, 10)
	var wg sync.WaitGroup
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = newClient(t, s).do("POST", "/api/v1/auth/signup",
				map[string]string{"email": fmt.Sprintf("bot%d@example.com", i), "password": "correct horse battery"}).Code
		}()
	}
	wg.Wait()
	made := 0
	for _, c := range codes {
		switch c {
		case 201:
			made++
		case 429:
		default:
			t.Errorf("a sign-up got %d", c)
		}
	}
	if made != 3 {
		t.Errorf("%d accounts made from one address at once (codes %v), want 3", made, codes)
	}
	other := newClient(t, s)
	other.ip = "192.0.2.77"
	if rec := other.do("POST", "/api/v1/auth/signup", map[string]string{"email": "person@example.com", "password": "correct horse battery"}); rec.Code != 201 {
		t.Errorf("a sign-up from another address: %d %s", rec.Code, rec.Body.String())
	}
	if got := New(Config{}, Deps{}).cfg.SignupsPerAddress; got != 20 {
		t.Errorf("default SignupsPerAddress = %d, want 20", got)
	}
}

// A consumer keeps at most the store's MaxHoldings, even when adding them all at once.
func TestHoldingsAreCapped(t *testing.T) {
	t.Parallel()
	pool := dbtest.NewPool(t)
	store := offers.NewStore(pool)
	store.MaxHoldings = 4
	s := New(testConfig(), Deps{Log: quietLog(), Pool: pool, Offers: store})
	cl := newClient(t, s)
	signUp(t, cl, "ada@example.com")
	codes := make([]int, 8)
	var wg sync.WaitGroup
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = cl.do("POST", "/api/v1/holdings", map[string]any{"product_type": "auto_loan", "provider": fmt.Sprintf("Bank %d", i),
				"balance": "18000", "apr": "9.9", "remaining_months": 48}).Code
		}()
	}
	wg.Wait()
	var n int
	if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM holdings`).Scan(&n); err != nil || n != 4 {
		t.Errorf("%d holdings kept (codes %v, %v), want the cap 4", n, codes, err)
	}
	rec := cl.do("POST", "/api/v1/holdings", map[string]any{"product_type": "auto_loan", "provider": "One more", "balance": "100", "apr": "5", "remaining_months": 12})
	if e := errorOf(t, rec); rec.Code != 409 || !strings.Contains(e.Message, "Delete one") {
		t.Errorf("one over the cap: %d %+v, want 409 saying what to do", rec.Code, e)
	}
	if offers.NewStore(pool).MaxHoldings != offers.DefaultMaxHoldings || offers.DefaultMaxHoldings != 50 {
		t.Errorf("default MaxHoldings = %d, want 50", offers.NewStore(pool).MaxHoldings)
	}
}

// /metrics is not public: without a token only the same host reads it, with one only who
// presents it.
func TestMetricsAreNotPublic(t *testing.T) {
	t.Parallel()
	get := func(s *Server, remote, auth string) int {
		req := httptest.NewRequest("GET", "/metrics", nil)
		req.RemoteAddr = remote
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec.Code
	}
	open := New(Config{}, Deps{Log: quietLog()})
	for _, tt := range []struct {
		remote string
		want   int
	}{{"192.0.2.1:1234", 404}, {"127.0.0.1:1234", 200}, {"[::1]:1234", 200}, {"[::ffff:127.0.0.1]:1234", 200}, {"10.0.0.1:1234", 404}} {
		if got := get(open, tt.remote, ""); got != tt.want {
			t.Errorf("no token, from %s: %d, want %d", tt.remote, got, tt.want)
		}
	}
	tok := New(Config{MetricsToken: "s3cret-metrics-token"}, Deps{Log: quietLog()})
	for _, tt := range []struct {
		remote, auth string
		want         int
	}{{"192.0.2.1:1234", "Bearer s3cret-metrics-token", 200}, {"192.0.2.1:1234", "Bearer wrong", 404}, {"127.0.0.1:1234", "", 404}} {
		if got := get(tok, tt.remote, tt.auth); got != tt.want {
			t.Errorf("token set, from %s with %q: %d, want %d", tt.remote, tt.auth, got, tt.want)
		}
	}
}

// Behind trusted proxies the client is the last untrusted hop of X-Forwarded-For; from
// anywhere else the header is ignored.
func TestClientAddressBehindTrustedProxies(t *testing.T) {
	t.Parallel()
	s := New(Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}, Deps{Log: quietLog()})
	for _, tt := range []struct {
		remote, xff, want string
	}{
		{"10.1.2.3:5000", "203.0.113.9", "203.0.113.9"},
		{"10.1.2.3:5000", "198.51.100.1, 203.0.113.9, 10.9.9.9", "203.0.113.9"},
		{"10.1.2.3:5000", "", "10.1.2.3"},
		{"10.1.2.3:5000", "junk, 203.0.113.9", "203.0.113.9"},
		{"192.0.2.1:5000", "203.0.113.9", "192.0.2.1"},
	} {
		req := httptest.NewRequest("GET", "/", nil)
		req.RemoteAddr = tt.remote
		if tt.xff != "" {
			req.Header.Set("X-Forwarded-For", tt.xff)
		}
		if got := s.clientIP(req); got != tt.want {
			t.Errorf("from %s with X-Forwarded-For %q: %s, want %s", tt.remote, tt.xff, got, tt.want)
		}
	}
	if got := New(Config{}, Deps{Log: quietLog()}).clientIP(&http.Request{RemoteAddr: "192.0.2.1:5000", Header: http.Header{"X-Forwarded-For": {"203.0.113.9"}}}); got != "192.0.2.1" {
		t.Errorf("without trusted proxies X-Forwarded-For was believed: %s", got)
	}
}

// A request its client abandoned is no server error: nothing is written, nothing is logged as
// an error, and it counts as 499.
func TestAbandonedRequestIsNotAServerError(t *testing.T) {
	t.Parallel()
	var logged bytes.Buffer
	s := New(Config{}, Deps{Log: slog.New(slog.NewTextHandler(&logged, nil))})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequest("GET", "/api/v1/kb/search?q=apr", nil).WithContext(ctx)
	rec := httptest.NewRecorder()
	c := s.echo.NewContext(req, rec)
	s.errorHandler(fmt.Errorf("search: %w", context.Canceled), c)
	if c.Response().Status != 499 || rec.Body.Len() != 0 || strings.Contains(logged.String(), "level=ERROR") {
		t.Errorf("status %d, body %q, log %q; want 499, nothing written, no error logged", c.Response().Status, rec.Body.String(), logged.String())
	}
	// A cancellation the client did not cause (the request is still live) stays a 500.
	live := s.echo.NewContext(httptest.NewRequest("GET", "/api/v1/kb/search?q=apr", nil), httptest.NewRecorder())
	s.errorHandler(fmt.Errorf("search: %w", context.Canceled), live)
	if live.Response().Status != 500 {
		t.Errorf("a cancellation on a live request: %d, want 500", live.Response().Status)
	}
}

// A consumer sends at most MessagesPerMinute new messages, even all at once; a retry of a
// stored message (same client_id) costs nothing and still gets its message.
func TestMessagesPerMinuteAreLimited(t *testing.T) {
	t.Parallel()
	s := newConversationServerWith(t, Config{MessagesPerMinute: 3})
	cl := newClient(t, s)
	signUp(t, cl, "ada@example.com")
	var conv struct{ ID int64 }
	decode(t, cl.do("POST", "/api/v1/conversations", nil), 201, &conv)
	path := fmt.Sprintf("/api/v1/conversations/%d/messages", conv.ID)
	codes := make([]int, 8)
	var wg sync.WaitGroup
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = cl.do("POST", path, map[string]string{"text": fmt.Sprintf("question number %d about my car loan", i), "client_id": fmt.Sprintf("m%d", i)}).Code
		}()
	}
	wg.Wait()
	accepted, limited := 0, 0
	for i, c := range codes {
		switch c {
		case 202:
			accepted++
		case 429:
			limited++
		default:
			t.Errorf("message %d: %d", i, c)
		}
	}
	if accepted != 3 || limited != 5 {
		t.Fatalf("codes %v: want 3 accepted and 5 refused", codes)
	}
	for i, c := range codes {
		if c != 202 {
			continue
		}
		// At the limit, the retry of a stored message still answers with it.
		if rec := cl.do("POST", path, map[string]string{"text": fmt.Sprintf("question number %d about my car loan", i), "client_id": fmt.Sprintf("m%d", i)}); rec.Code != 202 {
			t.Errorf("retry of stored message m%d at the limit: %d %s", i, rec.Code, rec.Body.String())
		}
		break
	}
	if rec := cl.do("POST", path, map[string]string{"text": "one more", "client_id": "extra"}); rec.Code != 429 || rec.Header().Get("Retry-After") == "" {
		t.Errorf("a new message at the limit: %d (Retry-After %q), want 429 with Retry-After", rec.Code, rec.Header().Get("Retry-After"))
	}
}
