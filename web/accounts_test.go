package web

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"ratewise/db/dbtest"
	"ratewise/offers"
)

// client drives a Server like a browser does: it keeps the session cookie between requests
// and sends the headers a same-origin fetch sends.
type client struct {
	t      *testing.T
	h      http.Handler
	cookie string
	ip     string
	header map[string]string
}

func newClient(t *testing.T, h http.Handler) *client {
	return &client{t: t, h: h, ip: "192.0.2.1", header: map[string]string{"Sec-Fetch-Site": "same-origin"}}
}

func (cl *client) do(method, path string, body any) *httptest.ResponseRecorder {
	cl.t.Helper()
	var raw []byte
	switch b := body.(type) {
	case nil:
	case string:
		raw = []byte(b)
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			cl.t.Fatal(err)
		}
	}
	rd := bytes.NewReader(raw)
	req := httptest.NewRequest(method, path, rd)
	req.RemoteAddr = cl.ip + ":41234"
	if rd.Len() > 0 {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range cl.header {
		req.Header.Set(k, v)
	}
	if cl.cookie != "" {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cl.cookie})
	}
	rec := httptest.NewRecorder()
	cl.h.ServeHTTP(rec, req)
	checkContract(cl.t, cl.h, req, raw, rec)
	for _, ck := range rec.Result().Cookies() {
		if ck.Name == sessionCookie {
			if ck.MaxAge < 0 {
				cl.cookie = ""
			} else {
				cl.cookie = ck.Value
			}
		}
	}
	return rec
}

// decode reads a JSON response into v, failing on a status other than want.
func decode(t *testing.T, rec *httptest.ResponseRecorder, want int, v any) {
	t.Helper()
	if rec.Code != want {
		t.Fatalf("status = %d, want %d; body %s", rec.Code, want, rec.Body.String())
	}
	if v != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
			t.Fatalf("body %q: %v", rec.Body.String(), err)
		}
	}
}

func errorOf(t *testing.T, rec *httptest.ResponseRecorder) ErrorDetail {
	t.Helper()
	var eb ErrorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &eb); err != nil {
		t.Fatalf("error body %q: %v", rec.Body.String(), err)
	}
	return eb.Error
}

// testPasswordHashing is the cheapest argon2id the library accepts: under the race detector
// the production parameters cost about a second a hash, and the tests sign up hundreds of
// accounts. TestPasswordHashingDefaults runs the production parameters end to end.
var testPasswordHashing = PasswordHashing{MemoryKiB: 64, Passes: 1, Lanes: 1}

// testConfig is the server configuration of the tests: the defaults, with cheap password hashes.
func testConfig() Config { return Config{PasswordHashing: testPasswordHashing} }

func newTestServer(t *testing.T) *Server {
	t.Helper()
	pool := dbtest.NewPool(t)
	return New(testConfig(), Deps{Log: quietLog(), Pool: pool, Offers: offers.NewStore(pool)})
}

// signUp makes an account and leaves cl signed in as it.
func signUp(t *testing.T, cl *client, email string) User {
	t.Helper()
	var out struct{ User User }
	decode(t, cl.do("POST", "/api/v1/auth/signup", map[string]string{"email": email, "password": "correct horse battery", "name": "Ada"}), 201, &out)
	return out.User
}

func TestSignupValidation(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	signUp(t, newClient(t, s), "taken@example.com")
	tests := []struct {
		name       string
		body       string
		wantStatus int
		wantField  string
	}{
		{"missing email", `{"password":"correct horse battery"}`, 400, "email"},
		{"not an email", `{"email":"ada.example.com","password":"correct horse battery"}`, 400, "email"},
		{"short password", `{"email":"a@example.com","password":"short"}`, 400, "password"},
		{"common password", `{"email":"a@example.com","password":"Password123"}`, 400, "password"},
		{"password is the email", `{"email":"ada@example.com","password":"ADA@example.com"}`, 400, "password"},
		{"name too long", `{"email":"a@example.com","password":"correct horse battery","name":"` + strings.Repeat("x", 101) + `"}`, 400, "name"},
		{"wrong type", `{"email":"a@example.com","password":12}`, 400, "password"},
		{"email taken, any case", `{"email":"Taken@Example.com","password":"correct horse battery"}`, 409, ""},
		{"fine", `{"email":"new@example.com","password":"correct horse battery"}`, 201, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newClient(t, s).do("POST", "/api/v1/auth/signup", tt.body)
			if rec.Code != tt.wantStatus {
				t.Fatalf("status = %d, want %d (%s)", rec.Code, tt.wantStatus, rec.Body.String())
			}
			if rec.Code >= 400 {
				if got := errorOf(t, rec).Field; got != tt.wantField {
					t.Errorf("field = %q, want %q", got, tt.wantField)
				}
			}
		})
	}
}

func TestSessionLifecycle(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	cl := newClient(t, s)
	rec := cl.do("POST", "/api/v1/auth/signup", map[string]string{"email": "Ada@Example.com", "password": "correct horse battery", "name": "Ada"})
	decode(t, rec, 201, nil)
	var ck *http.Cookie
	for _, c := range rec.Result().Cookies() {
		if c.Name == sessionCookie {
			ck = c
		}
	}
	if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.MaxAge <= 0 {
		t.Fatalf("session cookie = %+v, want HttpOnly, SameSite=Lax, Path=/, expiring", ck)
	}
	if ck.Secure {
		t.Errorf("cookie is Secure on plain HTTP; the browser would never send it back")
	}

	var me struct{ User User }
	decode(t, cl.do("GET", "/api/v1/me", nil), 200, &me)
	if me.User.Email != "Ada@Example.com" || me.User.Name != "Ada" || me.User.Role != "consumer" {
		t.Errorf("me = %+v", me.User)
	}

	// The database holds a hash of the token, never the token or the password.
	ctx := context.Background()
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM sessions WHERE token_hash = $1`, []byte(cl.cookie)).Scan(&n); err != nil || n != 0 {
		t.Errorf("token stored in clear (%d rows, %v)", n, err)
	}
	var hash string
	if err := s.pool.QueryRow(ctx, `SELECT password_hash FROM users WHERE id = $1`, me.User.ID).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$") || strings.Contains(hash, "correct horse") {
		t.Errorf("password hash %q is not argon2id", hash)
	}

	// Logging in again rotates the token: the old one stops working.
	old := cl.cookie
	decode(t, cl.do("POST", "/api/v1/auth/login", map[string]string{"email": "ada@example.com", "password": "correct horse battery"}), 200, nil)
	if cl.cookie == "" || cl.cookie == old {
		t.Fatalf("login kept the token")
	}
	stale := newClient(t, s)
	stale.cookie = old
	if rec := stale.do("GET", "/api/v1/me", nil); rec.Code != 401 {
		t.Errorf("old token after login: status %d, want 401", rec.Code)
	}

	// Expired sessions sign nobody in.
	if _, err := s.pool.Exec(ctx, `UPDATE sessions SET expires_at = now() - interval '1 second'`); err != nil {
		t.Fatal(err)
	}
	if rec := cl.do("GET", "/api/v1/me", nil); rec.Code != 401 {
		t.Errorf("expired session: status %d, want 401", rec.Code)
	}

	decode(t, cl.do("POST", "/api/v1/auth/login", map[string]string{"email": "ada@example.com", "password": "correct horse battery"}), 200, nil)
	kept := cl.cookie
	if rec := cl.do("POST", "/api/v1/auth/logout", nil); rec.Code != 204 {
		t.Fatalf("logout: %d", rec.Code)
	}
	again := newClient(t, s)
	again.cookie = kept
	if rec := again.do("GET", "/api/v1/me", nil); rec.Code != 401 {
		t.Errorf("token after logout: status %d, want 401", rec.Code)
	}
}

func TestLoginRejectsWrongPasswordAndUnknownEmailAlike(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	signUp(t, newClient(t, s), "ada@example.com")
	var msgs []string
	for _, body := range []map[string]string{
		{"email": "ada@example.com", "password": "wrong password here"},
		{"email": "nobody@example.com", "password": "wrong password here"},
	} {
		rec := newClient(t, s).do("POST", "/api/v1/auth/login", body)
		if rec.Code != 401 {
			t.Fatalf("%v: status %d, want 401", body, rec.Code)
		}
		msgs = append(msgs, errorOf(t, rec).Message)
	}
	if msgs[0] != msgs[1] {
		t.Errorf("messages differ, revealing which emails have accounts: %q vs %q", msgs[0], msgs[1])
	}
}

func TestLoginThrottle(t *testing.T) {
	t.Parallel()
	t.Run("per account", func(t *testing.T) {
		s := newTestServer(t)
		signUp(t, newClient(t, s), "ada@example.com")
		for i := 0; i < s.sessions.accountLimit; i++ {
			cl := newClient(t, s)
			cl.ip = "192.0.2." + strconv.Itoa(10+i) // different addresses: the account counter alone trips
			if rec := cl.do("POST", "/api/v1/auth/login", map[string]string{"email": "ada@example.com", "password": "wrong password here"}); rec.Code != 401 {
				t.Fatalf("attempt %d: status %d, want 401", i+1, rec.Code)
			}
		}
		rec := newClient(t, s).do("POST", "/api/v1/auth/login", map[string]string{"email": "ADA@example.com", "password": "correct horse battery"})
		if rec.Code != 429 {
			t.Fatalf("after %d failures even the right password: status %d, want 429", s.sessions.accountLimit, rec.Code)
		}
		ra, err := strconv.Atoi(rec.Header().Get("Retry-After"))
		if err != nil || ra < 1 || ra > int(s.sessions.window.Seconds()) {
			t.Errorf("Retry-After = %q, want 1..%v seconds", rec.Header().Get("Retry-After"), s.sessions.window.Seconds())
		}
		if got := errorOf(t, rec).Code; got != "rate_limited" {
			t.Errorf("code = %q", got)
		}
		// Another account is not locked out by this one's failures.
		signUp(t, newClient(t, s), "bob@example.com")
		decode(t, newClient(t, s).do("POST", "/api/v1/auth/login", map[string]string{"email": "bob@example.com", "password": "correct horse battery"}), 200, nil)
	})
	t.Run("per address", func(t *testing.T) {
		s := newTestServer(t)
		s.sessions.ipLimit = 3
		signUp(t, newClient(t, s), "ada@example.com")
		for i := 0; i < 3; i++ {
			email := "guess" + strconv.Itoa(i) + "@example.com"
			if rec := newClient(t, s).do("POST", "/api/v1/auth/login", map[string]string{"email": email, "password": "wrong password here"}); rec.Code != 401 {
				t.Fatalf("attempt %d: status %d", i, rec.Code)
			}
		}
		if rec := newClient(t, s).do("POST", "/api/v1/auth/login", map[string]string{"email": "ada@example.com", "password": "correct horse battery"}); rec.Code != 429 {
			t.Errorf("same address after the limit: status %d, want 429", rec.Code)
		}
		other := newClient(t, s)
		other.ip = "198.51.100.7"
		decode(t, other.do("POST", "/api/v1/auth/login", map[string]string{"email": "ada@example.com", "password": "correct horse battery"}), 200, nil)
	})
}

func TestUnsafeRequestsMustComeFromOurOrigin(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	cl := newClient(t, s)
	signUp(t, cl, "ada@example.com")
	tests := []struct {
		name       string
		header     map[string]string
		method     string
		path       string
		body       any
		wantStatus int
	}{
		{"cross-site fetch with the cookie", map[string]string{"Sec-Fetch-Site": "cross-site"}, "PUT", "/api/v1/me/profile", `{}`, 403},
		{"foreign Origin, no fetch metadata", map[string]string{"Origin": "https://evil.example"}, "POST", "/api/v1/auth/logout", nil, 403},
		{"cross-site sign-in", map[string]string{"Sec-Fetch-Site": "cross-site"}, "POST", "/api/v1/auth/login", `{"email":"ada@example.com","password":"correct horse battery"}`, 403},
		{"cross-site read is fine", map[string]string{"Sec-Fetch-Site": "cross-site"}, "GET", "/api/v1/me", nil, 200},
		{"own Origin", map[string]string{"Origin": "http://example.com"}, "PUT", "/api/v1/me/profile", `{}`, 200},
		{"own host on another scheme, no fetch metadata", map[string]string{"Origin": "https://example.com"}, "PUT", "/api/v1/me/profile", `{}`, 403},
		{"same-origin fetch", map[string]string{"Sec-Fetch-Site": "same-origin"}, "PUT", "/api/v1/me/profile", `{}`, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c2 := &client{t: t, h: s, ip: cl.ip, cookie: cl.cookie, header: tt.header}
			rec := c2.do(tt.method, tt.path, tt.body)
			if rec.Code != tt.wantStatus {
				t.Fatalf("status = %d, want %d (%s)", rec.Code, tt.wantStatus, rec.Body.String())
			}
			if rec.Code == 403 && errorOf(t, rec).Code != "forbidden" {
				t.Errorf("code = %q", errorOf(t, rec).Code)
			}
		})
	}
	// The refused logout did not end the session.
	decode(t, cl.do("GET", "/api/v1/me", nil), 200, nil)
}

func TestProfile(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	cl := newClient(t, s)
	if rec := cl.do("GET", "/api/v1/me/profile", nil); rec.Code != 401 {
		t.Fatalf("signed out: %d", rec.Code)
	}
	signUp(t, cl, "ada@example.com")
	var got struct{ Profile Profile }
	decode(t, cl.do("GET", "/api/v1/me/profile", nil), 200, &got)
	if got.Profile.CreditScore != nil || got.Profile.Region != nil {
		t.Errorf("new account profile = %+v, want empty", got.Profile)
	}
	decode(t, cl.do("PUT", "/api/v1/me/profile", `{"credit_score":720,"annual_income":"52000","region":"us-ca","monthly_debt_payments":"450.5"}`), 200, &got)
	decode(t, cl.do("GET", "/api/v1/me/profile", nil), 200, &got)
	p := got.Profile
	if p.CreditScore == nil || *p.CreditScore != 720 || *p.AnnualIncome != "52000.00" || *p.Region != "US-CA" || *p.MonthlyDebtPayments != "450.50" {
		t.Errorf("profile = %v %v %v %v", *p.CreditScore, *p.AnnualIncome, *p.Region, *p.MonthlyDebtPayments)
	}
	for _, tt := range []struct{ body, field string }{
		{`{"credit_score":900}`, "credit_score"},
		{`{"annual_income":"-5"}`, "annual_income"},
		{`{"annual_income":"12.345"}`, "annual_income"},
		{`{"region":"California"}`, "region"},
		// The region rule of GET /api/v1/offers?region=: no user-assigned or unassigned code.
		{`{"region":"zz"}`, "region"},
		{`{"region":"XA-CA"}`, "region"},
		{`{"monthly_debt_payments":"lots"}`, "monthly_debt_payments"},
		{`{"credit_score":"high"}`, "credit_score"},
	} {
		t.Run(tt.body, func(t *testing.T) {
			rec := cl.do("PUT", "/api/v1/me/profile", tt.body)
			if rec.Code != 400 || errorOf(t, rec).Field != tt.field {
				t.Errorf("status %d field %q, want 400 %q", rec.Code, errorOf(t, rec).Field, tt.field)
			}
		})
	}
}

func TestPasswordHashRoundTrip(t *testing.T) {
	t.Parallel()
	h, err := hashPassword("correct horse battery", testPasswordHashing)
	if err != nil {
		t.Fatal(err)
	}
	h2, _ := hashPassword("correct horse battery", testPasswordHashing)
	if h == h2 {
		t.Errorf("two hashes of one password are equal: no salt")
	}
	tests := []struct {
		name, hash, password string
		want                 bool
	}{
		{"the password", h, "correct horse battery", true},
		{"one letter changed", h, "correct horse batterY", false},
		{"empty", h, "", false},
		{"zero parameters", "$argon2id$v=19$m=0,t=0,p=0$AAAA$AAAA", "x", false},
		{"not a hash", "plain text", "plain text", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := checkPassword(tt.hash, tt.password); got != tt.want {
				t.Errorf("checkPassword(%q, %q) = %v, want %v", tt.hash, tt.password, got, tt.want)
			}
		})
	}
}

// The production parameters end to end: a server left at its defaults stores OWASP's minimum,
// checks an unknown email against a hash of the same cost, and signs in accounts whatever
// parameters their hashes were made with (each hash carries its own).
func TestPasswordHashingDefaults(t *testing.T) {
	t.Parallel()
	if want := (PasswordHashing{MemoryKiB: 19 * 1024, Passes: 2, Lanes: 1}); DefaultPasswordHashing != want {
		t.Fatalf("DefaultPasswordHashing = %+v, want OWASP's minimum %+v", DefaultPasswordHashing, want)
	}
	if got := New(Config{PasswordHashing: PasswordHashing{Passes: 3}}, Deps{}).cfg.PasswordHashing; got != (PasswordHashing{MemoryKiB: 19 * 1024, Passes: 3, Lanes: 1}) {
		t.Errorf("a partly set PasswordHashing became %+v, want the defaults for what was left out", got)
	}
	pool := dbtest.NewPool(t)
	prod := New(Config{}, Deps{Log: quietLog(), Pool: pool})
	cheap := New(testConfig(), Deps{Log: quietLog(), Pool: pool})
	const prodParams = "$argon2id$v=19$m=19456,t=2,p=1$"

	signUp(t, newClient(t, prod), "ada@example.com")
	signUp(t, newClient(t, cheap), "bob@example.com")
	hashOf := func(email string) string {
		t.Helper()
		var hash string
		if err := pool.QueryRow(context.Background(), `SELECT password_hash FROM users WHERE email = $1`, email).Scan(&hash); err != nil {
			t.Fatal(err)
		}
		return hash
	}
	if h := hashOf("ada@example.com"); !strings.HasPrefix(h, prodParams) {
		t.Errorf("hash stored by a server with the default parameters = %q, want it to start %q", h, prodParams)
	}
	if h := hashOf("bob@example.com"); strings.HasPrefix(h, prodParams) || !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("hash stored with the tests' parameters = %q", h)
	}
	if h := prod.dummyHash(); !strings.HasPrefix(h, prodParams) {
		t.Errorf("an unknown email is checked against %q, want a hash with the server's parameters", h)
	}
	login := func(s *Server, email, password string, want int) {
		t.Helper()
		rec := newClient(t, s).do("POST", "/api/v1/auth/login", map[string]string{"email": email, "password": password})
		if rec.Code != want {
			t.Errorf("sign-in of %s: status %d, want %d (%s)", email, rec.Code, want, rec.Body.String())
		}
	}
	login(prod, "ada@example.com", "correct horse battery", 200)
	login(prod, "bob@example.com", "correct horse battery", 200)
	login(cheap, "ada@example.com", "correct horse battery", 200)
	login(prod, "ada@example.com", "correct horse batterY", 401)
	login(prod, "nobody@example.com", "correct horse battery", 401)
}
