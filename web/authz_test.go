package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"ratewise/assistant"
	"ratewise/db/dbtest"
	"ratewise/offers"
	"ratewise/offers/offerstest"
	"ratewise/retrieval"
)

// The identities of the authorization matrix, in the order each row asks as them: those who
// must not reach a resource ask before its owner, so an owner's change (a delete, a release)
// never hides whether someone else could have reached it.
var authzWho = []string{"anon", "B", "wY", "wX", "pY", "pX", "admin", "sup", "agent", "A"}

// authzRow is one request of the matrix and what each identity gets for it (codes in
// authzWho's order). {name} in the path or body is one of the world's ids; {who} the identity's
// name.
type authzRow struct {
	method, path, body string
	codes              string
}

// authzWorld is a server with every surface routed and resources owned by each identity.
type authzWorld struct {
	srv     *httptest.Server
	console *assistant.Console
	ids     map[string]string
	// headers are the identities' credentials and the headers their browser sends.
	headers map[string]http.Header
}

func newAuthzWorld(t *testing.T) *authzWorld {
	t.Helper()
	pool := dbtest.NewPool(t)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	bus := assistant.NewBus(pool, quietLog())
	if err := bus.Start(ctx); err != nil {
		t.Fatal(err)
	}
	store := offers.NewStore(pool)
	if _, err := offerstest.Seed(ctx, store); err != nil {
		t.Fatal(err)
	}
	eng := assistant.NewEngine(pool, bus, nil, store, nil, quietLog())
	t.Cleanup(eng.Close)
	con := assistant.NewConsole(eng, assistant.ConsoleSettings{Tick: 50 * time.Millisecond})
	kb := retrieval.NewIndex(pool, retrieval.NewLocalEmbedder(16), nil)
	s := New(testConfig(), Deps{Log: quietLog(), Pool: pool, Offers: store, Assistant: eng, Console: con, KB: kb})
	go con.Run(ctx)
	w := &authzWorld{srv: httptest.NewServer(s), console: con, ids: map[string]string{}, headers: map[string]http.Header{}}
	t.Cleanup(w.srv.Close)
	var offerID int64
	if err := pool.QueryRow(ctx, `SELECT min(id) FROM offers`).Scan(&offerID); err != nil {
		t.Fatal(err)
	}
	w.ids["offer"] = strconv.FormatInt(offerID, 10)
	for name := range s.pages.assets.files {
		if strings.HasPrefix(name, "app.") {
			w.ids["asset"] = name
		}
	}

	x, err := store.AddMerchant(ctx, "Shop X", []string{shopA})
	if err != nil {
		t.Fatal(err)
	}
	y, err := store.AddMerchant(ctx, "Shop Y", []string{shopB})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Import(ctx, strings.NewReader(posCatalogue), "json", offers.ImportOptions{Partner: "Shop X"}); err != nil {
		t.Fatal(err)
	}
	w.ids["pkX"] = x.PublishableKey
	w.headers["anon"] = http.Header{"Sec-Fetch-Site": {"same-origin"}}
	w.headers["pX"] = http.Header{"Authorization": {"Bearer " + x.SecretKey}}
	w.headers["pY"] = http.Header{"Authorization": {"Bearer " + y.SecretKey}}

	for _, who := range []string{"A", "B", "C"} {
		w.headers[who] = w.cookieOf(t, "/api/v1/auth/signup", map[string]string{"email": "matrix-" + strings.ToLower(who) + "@example.com", "password": "correct horse battery"})
	}
	for _, st := range []struct{ who, role string }{{"agent", RoleAgent}, {"sup", RoleSupervisor}, {"admin", RoleAdmin}} {
		email := st.who + "@ratewise.test"
		u, _, err := s.users.SaveStaff(ctx, email, st.who, st.role, "correct horse battery", testPasswordHashing)
		if err != nil {
			t.Fatal(err)
		}
		if err := con.SaveStaff(ctx, assistant.StaffSettings{UserID: u.ID, DisplayName: st.who, Languages: []string{"en"}}); err != nil {
			t.Fatal(err)
		}
		w.headers[st.who] = w.cookieOf(t, "/api/v1/auth/login", map[string]string{"email": email, "password": "correct horse battery"})
	}
	for _, sh := range []struct {
		who, origin string
		keys        offers.PartnerKeys
	}{{"wX", shopA, x}, {"wY", shopB, y}} {
		var out widgetSessionJSON
		w.json(t, "POST", "/api/v1/widget/session", http.Header{"Origin": {sh.origin}}, map[string]string{"publishable_key": sh.keys.PublishableKey}, 200, &out)
		// The widget's own page, on Ratewise's origin, sends the token.
		w.headers[sh.who] = http.Header{"Sec-Fetch-Site": {"same-origin"}, "Origin": {w.srv.URL}, "Authorization": {"Bearer " + out.Token}}
		w.ids["c"+sh.who[1:]] = strconv.FormatInt(out.ConversationID, 10)
	}
	w.json(t, "POST", "/api/v1/conversations/{cX}/messages?wait=true", w.headers["wX"], map[string]string{"text": "shopper-x-marker: what financing is there?", "client_id": "x1"}, 200, nil)

	// A's resources: two holdings, a conversation with a message, one the agent will hold,
	// one to be handed off, one to be closed by a supervisor.
	for _, h := range []string{"hA", "hDel"} {
		var out struct{ Holding struct{ ID int64 } }
		w.json(t, "POST", "/api/v1/holdings", w.headers["A"], map[string]any{"product_type": "auto_loan", "provider": "ada-holding-marker",
			"balance": "18000", "apr": "9.9", "remaining_months": 48}, 201, &out)
		w.ids[h] = strconv.FormatInt(out.Holding.ID, 10)
	}
	for _, c := range []string{"cA", "cH", "cHand", "cClose"} {
		var out struct{ ID int64 }
		w.json(t, "POST", "/api/v1/conversations", w.headers["A"], nil, 201, &out)
		w.ids[c] = strconv.FormatInt(out.ID, 10)
	}
	var sent sendJSON
	w.json(t, "POST", "/api/v1/conversations/{cA}/messages?wait=true", w.headers["A"], map[string]string{"text": "ada-transcript-marker: how is my car loan?", "client_id": "a1"}, 200, &sent)
	w.ids["msgA"] = strconv.FormatInt(sent.Replies[0].ID, 10)
	w.json(t, "POST", "/api/v1/conversations/{cH}/messages?wait=true", w.headers["A"], map[string]string{"text": "ada-transcript-marker: my card is 4111 1111 1111 1111", "client_id": "h1"}, 200, &sent)
	w.ids["msgH"] = strconv.FormatInt(sent.Message.ID, 10)

	// The agent, online, is offered cH and accepts it; then is offered one of B's, to accept
	// or decline in the matrix.
	w.json(t, "POST", "/api/v1/console/status", w.headers["agent"], map[string]string{"status": "online"}, 200, nil)
	w.json(t, "POST", "/api/v1/conversations/{cH}/handoff", w.headers["A"], nil, 200, nil)
	w.json(t, "POST", "/api/v1/console/offers/"+w.waitOffer(t, "cH")+"/accept", w.headers["agent"], nil, 200, nil)
	// (One conversation in the queue per consumer: C, a third one, waits for the second offer.)
	for _, c := range []struct{ who, conv, offer string }{{"B", "cB", "offerAccept"}, {"C", "cC", "offerDecline"}} {
		var out struct{ ID int64 }
		w.json(t, "POST", "/api/v1/conversations", w.headers[c.who], nil, 201, &out)
		w.ids[c.conv] = strconv.FormatInt(out.ID, 10)
		w.json(t, "POST", "/api/v1/conversations/{"+c.conv+"}/handoff", w.headers[c.who], nil, 200, nil)
		w.ids[c.offer] = w.waitOffer(t, c.conv)
	}
	return w
}

// waitOffer waits for the agent's open offer of the conversation named conv and returns its id.
func (w *authzWorld) waitOffer(t *testing.T, conv string) string {
	t.Helper()
	var id string
	eventually(t, "an offer of "+conv, func() string {
		var out struct{ Offers []offerJSON }
		w.json(t, "GET", "/api/v1/console/offers", w.headers["agent"], nil, 200, &out)
		for _, o := range out.Offers {
			if strconv.FormatInt(o.ConversationID, 10) == w.ids[conv] {
				id = strconv.FormatInt(o.OfferID, 10)
				return ""
			}
		}
		return "not offered yet"
	})
	return id
}

// cookieOf signs up or in and returns the headers of a browser with that session.
func (w *authzWorld) cookieOf(t *testing.T, path string, body any) http.Header {
	t.Helper()
	resp := w.send(t, "POST", path, http.Header{"Sec-Fetch-Site": {"same-origin"}}, body, "")
	defer resp.Body.Close()
	for _, ck := range resp.Cookies() {
		if ck.Name == sessionCookie {
			return http.Header{"Sec-Fetch-Site": {"same-origin"}, "Cookie": {sessionCookie + "=" + ck.Value}}
		}
	}
	t.Fatalf("POST %s: %d and no session cookie", path, resp.StatusCode)
	return nil
}

// expand replaces {name} with the world's ids and {who} with the identity.
func (w *authzWorld) expand(s, who string) string {
	for k, v := range w.ids {
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	return strings.ReplaceAll(s, "{who}", who)
}

// send makes a real request; streams are cut once their status is known.
func (w *authzWorld) send(t *testing.T, method, path string, h http.Header, body any, who string) *http.Response {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		if b != "" {
			rd = strings.NewReader(w.expand(b, who))
		}
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = strings.NewReader(string(raw))
	}
	req, err := http.NewRequest(method, w.srv.URL+w.expand(path, who), rd)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range h {
		req.Header[k] = v
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return resp
}

func (w *authzWorld) json(t *testing.T, method, path string, h http.Header, body any, want int, out any) {
	t.Helper()
	resp := w.send(t, method, path, h, body, "")
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s: %d %s, want %d", method, w.expand(path, ""), resp.StatusCode, raw, want)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
}

// markers are text only their owners (and the staff who handle their conversations) may see.
var authzMarkers = map[string][]string{
	"ada-holding-marker":    {"A", "agent", "sup", "admin"},
	"ada-transcript-marker": {"A", "agent", "sup", "admin"},
	"shopper-x-marker":      {"wX", "agent", "sup", "admin"},
}

// The authorization matrix: every route the server registers, asked by every identity — no
// one, two consumers, the widget tokens of two partners, their secret keys, and the three
// staff roles — gets exactly the status its row says; someone else's resource is a 404, never
// a 403, and no answer carries another's text. A route added without a row fails the test.
func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	w := newAuthzWorld(t)
	const (
		holding = `{"product_type":"auto_loan","provider":"row-{who}","balance":"100","apr":"5","remaining_months":12}`
		offer   = `{"product_type":"personal_loan","name":"Row offer","currency":"USD","regions":["US"],"rate":"0","terms_months":[12],"amount_min":"100","amount_max":"5000","point_of_sale":true}`
	)
	//                                                              anon B   wY  wX  pY  pX  adm sup agt A
	rows := []authzRow{
		{"GET", "/healthz", "", "200 200 200 200 200 200 200 200 200 200"},
		{"GET", "/readyz", "", "200 200 200 200 200 200 200 200 200 200"},
		{"GET", "/metrics", "", "200 200 200 200 200 200 200 200 200 200"}, // loopback only: TestMetricsAreNotPublic
		{"GET", "/api/v1/openapi.json", "", "200 200 200 200 200 200 200 200 200 200"},
		{"GET", "/api/v1/kb/search?q=apr", "", "200 200 200 200 200 200 200 200 200 200"},
		{"GET", "/kb", "", "200 200 200 200 200 200 200 200 200 200"},
		{"GET", "/kb/no-such-article", "", "404 404 404 404 404 404 404 404 404 404"},
		{"GET", "/static/{asset}", "", "200 200 200 200 200 200 200 200 200 200"},
		{"GET", "/login", "", "200 303 200 200 200 200 303 303 303 303"},
		{"GET", "/signup", "", "200 303 200 200 200 200 303 303 303 303"},
		{"GET", "/help", "", "200 200 200 200 200 200 200 200 200 200"},
		{"GET", "/offers/{offer}", "", "200 200 200 200 200 200 200 200 200 200"},
		{"GET", "/", "", "303 200 303 303 303 303 200 200 200 200"},
		{"GET", "/holdings", "", "303 200 303 303 303 303 200 200 200 200"},
		{"POST", "/api/v1/auth/signup", `{"email":"matrix-a@example.com","password":"correct horse battery"}`, "409 409 409 409 409 409 409 409 409 409"},
		{"POST", "/api/v1/auth/login", `{"email":"nobody-{who}@example.com","password":"wrong password"}`, "401 401 401 401 401 401 401 401 401 401"},
		{"GET", "/api/v1/me", "", "401 200 401 401 401 401 200 200 200 200"},
		{"GET", "/api/v1/me/profile", "", "401 200 401 401 401 401 200 200 200 200"},
		{"PUT", "/api/v1/me/profile", `{"credit_score":700}`, "401 200 401 401 401 401 200 200 200 200"},
		{"GET", "/api/v1/holdings", "", "401 200 401 401 401 401 200 200 200 200"},
		{"POST", "/api/v1/holdings", holding, "401 201 401 401 401 401 201 201 201 201"},
		{"PATCH", "/api/v1/holdings/{hA}", `{"apr":"8.5"}`, "401 404 401 401 401 401 404 404 404 200"},
		{"DELETE", "/api/v1/holdings/{hDel}", "", "401 404 401 401 401 401 404 404 404 204"},
		{"POST", "/api/v1/calc/loan", `{"principal":"1000","annual_rate":"9","term_months":12}`, "200 200 200 200 200 200 200 200 200 200"},
		{"GET", "/api/v1/offers", "", "200 200 200 200 200 200 200 200 200 200"},
		{"GET", "/api/v1/offers/{offer}", "", "200 200 200 200 200 200 200 200 200 200"},
		{"POST", "/api/v1/compare", `{"holding_id":{hA}}`, "401 404 401 401 401 401 404 404 404 200"},
		{"POST", "/api/v1/conversations", "", "401 201 403 403 401 401 201 201 201 201"},
		{"GET", "/api/v1/conversations", "", "401 200 200 200 401 401 200 200 200 200"},
		{"GET", "/api/v1/conversations/{cA}", "", "401 404 404 404 401 401 404 404 404 200"},
		{"GET", "/api/v1/conversations/{cH}", "", "401 404 404 404 401 401 404 404 404 200"},
		{"GET", "/api/v1/conversations/{cX}", "", "401 404 404 200 401 401 404 404 404 404"},
		{"POST", "/api/v1/conversations/{cA}/messages", `{"text":"hello","client_id":"m-{who}"}`, "401 404 404 404 401 401 404 404 404 202"},
		{"POST", "/api/v1/conversations/{cX}/messages", `{"text":"hello","client_id":"m-{who}"}`, "401 404 404 202 401 401 404 404 404 404"},
		{"POST", "/api/v1/conversations/{cHand}/handoff", "", "401 404 404 404 401 401 404 404 404 200"},
		{"POST", "/api/v1/conversations/{cA}/csat", `{"score":5}`, "401 404 404 404 401 401 404 404 404 409"},
		{"POST", "/api/v1/conversations/{cA}/typing", `{"active":true}`, "401 404 404 404 401 401 404 404 404 204"},
		{"GET", "/api/v1/conversations/{cA}/events", "", "401 404 404 404 401 401 404 404 404 200"},
		{"GET", "/api/v1/conversations/{cX}/events", "", "401 404 404 200 401 401 404 404 404 404"},
		{"GET", "/embed.js", "", "200 200 200 200 200 200 200 200 200 200"},
		{"GET", "/widget?key={pkX}", "", "200 200 200 200 200 200 200 200 200 200"},
		{"OPTIONS", "/api/v1/widget/session", "", "204 204 204 204 204 204 204 204 204 204"},
		{"POST", "/api/v1/widget/session", `{"publishable_key":"{pkX}"}`, "403 403 200 200 403 403 403 403 403 403"},
		{"OPTIONS", "/api/v1/widget/financing", "", "204 204 204 204 204 204 204 204 204 204"},
		{"GET", "/api/v1/widget/financing?key={pkX}&amount=500&currency=USD", "", "200 200 200 200 200 200 200 200 200 200"},
		{"POST", "/api/v1/widget/financing", `{"publishable_key":"{pkX}","amount":"500","currency":"USD"}`, "200 200 200 200 200 200 200 200 200 200"},
		{"PUT", "/api/v1/partner/offers/us-24", offer, "401 401 401 401 201 200 401 401 401 401"},
		{"DELETE", "/api/v1/partner/offers/uk-24", "", "401 401 401 401 404 204 401 401 401 401"},
		{"GET", "/api/v1/partner/stats", "", "401 401 401 401 200 200 401 401 401 401"},
		{"GET", "/console", "", "303 404 303 303 303 303 200 200 200 404"},
		{"GET", "/console/queue", "", "303 404 303 303 303 303 200 200 200 404"},
		{"GET", "/api/v1/console/status", "", "401 404 401 401 401 401 200 200 200 404"},
		{"GET", "/api/v1/console/queue", "", "401 404 401 401 401 401 200 200 200 404"},
		{"GET", "/api/v1/console/offers", "", "401 404 401 401 401 401 200 200 200 404"},
		{"POST", "/api/v1/console/offers/{offerAccept}/accept", "", "401 404 401 401 401 401 404 404 200 404"},
		{"POST", "/api/v1/console/offers/{offerDecline}/decline", "", "401 404 401 401 401 401 404 404 200 404"},
		{"GET", "/api/v1/console/conversations", "", "401 404 401 401 401 401 200 200 200 404"},
		{"GET", "/api/v1/console/conversations/{cH}", "", "401 404 401 401 401 401 200 200 200 404"},
		{"GET", "/api/v1/console/conversations/{cA}", "", "401 404 401 401 401 401 200 200 404 404"},
		{"GET", "/api/v1/console/conversations/{cX}", "", "401 404 401 401 401 401 200 200 404 404"},
		{"POST", "/api/v1/console/conversations/{cH}/claim", "", "401 404 401 401 401 401 409 409 409 404"},
		{"POST", "/api/v1/console/conversations/{cH}/messages", `{"text":"agent reply","client_id":"r-{who}"}`, "401 404 401 401 401 401 404 404 200 404"},
		{"POST", "/api/v1/console/conversations/{cH}/notes", `{"text":"a note"}`, "401 404 401 401 401 401 201 201 201 404"},
		{"POST", "/api/v1/console/conversations/{cA}/notes", `{"text":"a note"}`, "401 404 401 401 401 401 201 201 404 404"},
		{"POST", "/api/v1/console/conversations/{cH}/typing", `{"active":true}`, "401 404 401 401 401 401 404 404 204 404"},
		{"POST", "/api/v1/console/conversations/{cH}/reveal", `{"message_id":{msgH},"field":"card:1","reason":"customer asked to confirm the card"}`, "401 404 401 401 401 401 200 200 403 404"},
		{"POST", "/api/v1/console/conversations/{cH}/reveal", `{"message_id":{msgA},"field":"card:1","reason":"a message of another conversation"}`, "401 404 401 401 401 401 404 404 403 404"},
		{"POST", "/api/v1/console/conversations/{cH}/release", "", "401 404 401 401 401 401 404 404 200 404"},
		{"POST", "/api/v1/console/conversations/{cClose}/close", `{"resolution":"resolved"}`, "401 404 401 401 401 401 200 409 404 404"},
		{"GET", "/api/v1/console/canned", "", "401 404 401 401 401 401 200 200 200 404"},
		{"POST", "/api/v1/console/canned", `{"shortcut":"row-{who}","text":"Hello there."}`, "401 404 401 401 401 401 201 201 403 404"},
		{"POST", "/api/v1/console/messages/{msgA}/review", `{"rating":"good"}`, "401 404 401 401 401 401 200 200 404 404"},
		{"GET", "/api/v1/console/reviews", "", "401 404 401 401 401 401 200 200 403 404"},
		{"GET", "/api/v1/console/metrics", "", "401 404 401 401 401 401 200 200 200 404"},
		{"GET", "/api/v1/console/audit", "", "401 404 401 401 401 401 200 200 403 404"},
		{"GET", "/api/v1/console/staff", "", "401 404 401 401 401 401 200 403 403 404"},
		{"GET", "/api/v1/console/events", "", "401 404 401 401 401 401 200 200 200 404"},
		{"POST", "/api/v1/console/status", `{"status":"away"}`, "401 404 401 401 401 401 200 200 200 404"},
		// Last: it ends the sessions the rows above use.
		{"POST", "/api/v1/auth/logout", "", "204 204 204 204 204 204 204 204 204 204"},
	}

	// Every registered route has a row, and every row is a registered route.
	covered := map[string]bool{}
	for _, r := range rows {
		covered[r.method+" "+routeOf(w, r.method, r.path)] = true
	}
	var registered []string
	for _, r := range w.srv.Config.Handler.(*Server).echo.Routes() {
		if r.Method == "echo_route_not_found" {
			continue
		}
		key := r.Method + " " + r.Path
		registered = append(registered, key)
		if !covered[key] {
			t.Errorf("route %s has no row in the authorization matrix", key)
		}
	}
	for k := range covered {
		if !slices.Contains(registered, k) {
			t.Errorf("row %s is no registered route", k)
		}
	}

	for _, r := range rows {
		want := strings.Fields(r.codes)
		if len(want) != len(authzWho) {
			t.Fatalf("%s %s: %d codes for %d identities", r.method, r.path, len(want), len(authzWho))
		}
		for i, who := range authzWho {
			var body any
			if r.body != "" {
				body = r.body
			}
			resp := w.send(t, r.method, r.path, w.headers[who], body, who)
			got := strconv.Itoa(resp.StatusCode)
			var raw []byte
			if resp.Header.Get("Content-Type") == "text/event-stream" {
				raw = nil // a stream: its status is what the matrix asks about
			} else {
				raw, _ = io.ReadAll(resp.Body)
			}
			resp.Body.Close()
			if got != want[i] {
				t.Errorf("%s %s as %s: %s, want %s (%.200s)", r.method, w.expand(r.path, who), who, got, want[i], raw)
			}
			if resp.StatusCode == http.StatusForbidden && strings.Contains(r.path, "{") && !strings.HasPrefix(r.path, "/api/v1/console/") {
				t.Errorf("%s %s as %s: 403 on someone's resource; it must be 404", r.method, r.path, who)
			}
			for marker, owners := range authzMarkers {
				if strings.Contains(string(raw), marker) && !slices.Contains(owners, who) {
					t.Errorf("%s %s as %s: the answer carries %q, which is not theirs", r.method, w.expand(r.path, who), who, marker)
				}
			}
		}
	}
}

// routeOf is the route pattern echo matches for a row's request.
func routeOf(w *authzWorld, method, path string) string {
	s := w.srv.Config.Handler.(*Server)
	req := httptest.NewRequest(method, w.expand(path, "x"), nil)
	c := s.echo.NewContext(req, httptest.NewRecorder())
	s.echo.Router().Find(method, req.URL.Path, c)
	return c.Path()
}
