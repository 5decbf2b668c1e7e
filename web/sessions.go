package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"math"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/labstack/echo/v4"

	"ratewise"
)

// sessionCookie carries the session token. The database keeps only its SHA-256.
const sessionCookie = "rw_session"

// sessionTTL is how long a session lasts after sign-in; it is not extended by use, so a
// stolen cookie stops working on its own.
const sessionTTL = 14 * 24 * time.Hour

// sessionStore keeps sessions and the login throttle in PostgreSQL, so any instance can serve
// any request.
type sessionStore struct {
	pool *pgxpool.Pool
	// known is who the sessions this instance has seen belong to, by token hash: a hint that
	// spares a message's post its own lookup (deferredSession), never trusted alone.
	knownMu sync.Mutex
	known   map[string]int64
	// Throttle: at most accountLimit failed sign-ins per account and ipLimit per client
	// address within window.
	accountLimit, ipLimit int
	window                time.Duration
	origin                *http.CrossOriginProtection
}

func newSessionStore(pool *pgxpool.Pool, accountLimit, ipLimit int) *sessionStore {
	return &sessionStore{pool: pool, accountLimit: accountLimit, ipLimit: ipLimit, window: 15 * time.Minute,
		origin: http.NewCrossOriginProtection(), known: map[string]int64{}}
}

// maxKnownSessions bounds the hints sessionStore keeps (about 100 bytes each); past it they
// are forgotten all at once, and the next request of each session looks it up again.
const maxKnownSessions = 100_000

// remember notes that the session with token hash h belongs to userID. A session's user
// never changes, so a hint is right for as long as the session lasts.
func (st *sessionStore) remember(h []byte, userID int64) {
	st.knownMu.Lock()
	defer st.knownMu.Unlock()
	if len(st.known) >= maxKnownSessions {
		clear(st.known)
	}
	st.known[string(h)] = userID
}

func (st *sessionStore) forget(h []byte) {
	st.knownMu.Lock()
	defer st.knownMu.Unlock()
	delete(st.known, string(h))
}

// hint returns the user the session with token hash h belonged to when this instance last
// saw it live; it may have ended since.
func (st *sessionStore) hint(h []byte) (int64, bool) {
	st.knownMu.Lock()
	defer st.knownMu.Unlock()
	id, ok := st.known[string(h)]
	return id, ok
}

func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// create starts a session for userID and returns its token.
func (st *sessionStore) create(ctx context.Context, userID int64, userAgent string) (string, time.Time, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", time.Time{}, err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	var expires time.Time
	err := st.pool.QueryRow(ctx, `
		INSERT INTO sessions (token_hash, user_id, expires_at, user_agent)
		VALUES ($1, $2, now() + make_interval(secs => $3), $4)
		RETURNING expires_at`, hashToken(token), userID, sessionTTL.Seconds(), strings.ToValidUTF8(userAgent, "")).Scan(&expires)
	if err != nil {
		return "", time.Time{}, err
	}
	st.remember(hashToken(token), userID)
	// Expired sessions of this user go now; nobody else's are touched on this path.
	_, _ = st.pool.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1 AND expires_at <= now()`, userID)
	return token, expires, nil
}

// lookup returns the user of a live session and when the session expires, or ENOTFOUND.
func (st *sessionStore) lookup(ctx context.Context, token string) (int64, time.Time, error) {
	var id int64
	var expires time.Time
	err := st.pool.QueryRow(ctx, `
		SELECT s.user_id, s.expires_at FROM sessions s
		WHERE s.token_hash = $1 AND s.expires_at > now()`, hashToken(token)).Scan(&id, &expires)
	if errors.Is(err, pgx.ErrNoRows) {
		st.forget(hashToken(token))
		return 0, time.Time{}, ratewise.NotFound("session")
	}
	if err == nil {
		st.remember(hashToken(token), id)
	}
	return id, expires, err
}

// deferredSessionKey is where the session middleware leaves the token hash of a session it
// signed a request in from by its hint alone: the handler must check it in its transaction
// (queueSessionCheck).
const deferredSessionKey = "ratewise.session_unchecked"

// deferredSession reports whether a request is signed in by the session's hint, its lookup
// left to the handler's transaction: only posting a message, whose transaction checks the
// session pipelined with the conversation's lock, so the post takes one connection and no
// round trip of its own for the sign-in. Everything else looks the session up first.
func deferredSession(c echo.Context) bool {
	return c.Request().Method == http.MethodPost && c.Path() == "/api/v1/conversations/:id/messages"
}

// sessionToken is the request's session cookie, or "".
func sessionToken(c echo.Context) string {
	if ck, err := c.Cookie(sessionCookie); err == nil {
		return ck.Value
	}
	return ""
}

// queueSessionCheck queues, in b, the check that the session with token hash h is live and
// userID's. Once b's results are read, check returns nil, or the error of a request that is
// not signed in (the cookie cleared), as if the middleware had looked the session up.
func (s *Server) queueSessionCheck(c echo.Context, b *pgx.Batch, h []byte, userID int64) (check func() error) {
	live := false
	b.Queue(`SELECT EXISTS (SELECT 1 FROM sessions WHERE token_hash = $1 AND user_id = $2 AND expires_at > now())`, h, userID).
		QueryRow(func(r pgx.Row) error { return r.Scan(&live) })
	return func() error {
		if live {
			return nil
		}
		s.sessions.forget(h)
		clearSessionCookie(c)
		return ratewise.Errorf(ratewise.EUNAUTHENTICATED, "Sign in first.")
	}
}

// signedIn is the session a request came with, as the event streams need it: the name their
// subscriptions carry on the bus, so signing out ends them on every instance, and when the
// session expires.
type signedIn struct {
	stream  string
	expires time.Time
}

// sessionKey is where the session middleware leaves the request's signedIn.
const sessionKey = "ratewise.session"

// streamName names a session on the event bus: a hash of the token's hash, so neither the
// token nor what the sessions table holds ever travels over the bus.
func streamName(token string) string {
	h := sha256.Sum256(hashToken(token))
	return hex.EncodeToString(h[:16])
}

// endStreams closes the event streams opened with token's session, on every instance.
func (s *Server) endStreams(token string) {
	if s.deps.Assistant != nil && s.deps.Assistant.Bus != nil {
		s.deps.Assistant.Bus.EndSession(streamName(token))
	}
}

// delete ends the session with token, if it exists.
func (st *sessionStore) delete(ctx context.Context, token string) error {
	st.forget(hashToken(token))
	_, err := st.pool.Exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hashToken(token))
	return err
}

// throttleKeys are the counters a sign-in attempt for email from ip is charged to.
func throttleKeys(email, ip string) (account, addr string) {
	return "account:" + strings.ToLower(strings.TrimSpace(email)), "ip:" + ip
}

// counter is one fixed-window count in login_throttle and the most it may reach.
type counter struct {
	key   string
	limit int
}

// take adds one to each counter, in one transaction, unless one of them is at its limit in
// its current window; then nothing is added and take returns how many seconds are left of
// that counter's window. Adding first and checking under the row's lock is what makes a limit
// hold under concurrency: parallel requests each take their slot in turn, so they cannot all
// pass a check made before any of them was counted.
func (st *sessionStore) take(ctx context.Context, window time.Duration, counters ...counter) (wait int, err error) {
	tx, err := st.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after Commit
	if wait, err = takeIn(ctx, tx, window, counters...); err != nil || wait > 0 {
		return wait, err
	}
	return 0, tx.Commit(ctx)
}

// takeIn is take inside the caller's transaction: the counts commit or roll back with it.
// When a counter is full it returns the seconds left and the caller must roll back.
func takeIn(ctx context.Context, tx pgx.Tx, window time.Duration, counters ...counter) (wait int, err error) {
	for _, c := range counters {
		tag, err := tx.Exec(ctx, takeSQL, c.key, window.Seconds(), c.limit)
		if err != nil {
			return 0, err
		}
		if tag.RowsAffected() == 0 {
			var left float64
			if err := tx.QueryRow(ctx, windowLeftSQL, c.key, window.Seconds()).Scan(&left); err != nil {
				return 0, err
			}
			return max(1, int(math.Ceil(left))), nil
		}
	}
	return 0, nil
}

// queueTake is takeIn for a transaction sent as batches: it queues, in b, the statements that
// take a slot of each counter. Once b's results are read, wait returns the seconds left of a
// full counter's window, or 0 when every counter took its slot; with a full counter the
// caller must roll back (the other counters' slots were taken all the same).
func queueTake(b *pgx.Batch, window time.Duration, counters ...counter) (wait func() int) {
	full := make([]bool, len(counters))
	left := make([]float64, len(counters))
	for i, c := range counters {
		b.Queue(takeSQL, c.key, window.Seconds(), c.limit).Exec(func(tag pgconn.CommandTag) error {
			full[i] = tag.RowsAffected() == 0
			return nil
		})
		b.Queue(windowLeftSQL, c.key, window.Seconds()).QueryRow(func(r pgx.Row) error { return r.Scan(&left[i]) })
	}
	return func() int {
		for i := range counters {
			if full[i] {
				return max(1, int(math.Ceil(left[i])))
			}
		}
		return 0
	}
}

// takeSQL counts one in a counter unless it is full in its current window ($2 seconds long),
// starting a new window when the last one is over; it changes no row when the counter is full.
const takeSQL = `
	INSERT INTO login_throttle (key, failures, window_start) VALUES ($1, 1, now())
	ON CONFLICT (key) DO UPDATE SET
		failures = CASE WHEN login_throttle.window_start + make_interval(secs => $2) <= now()
			THEN 1 ELSE login_throttle.failures + 1 END,
		window_start = CASE WHEN login_throttle.window_start + make_interval(secs => $2) <= now()
			THEN now() ELSE login_throttle.window_start END
	WHERE login_throttle.window_start + make_interval(secs => $2) <= now() OR login_throttle.failures < $3`

// windowLeftSQL is how many seconds are left of a counter's window.
const windowLeftSQL = `SELECT extract(epoch FROM window_start + make_interval(secs => $2) - now())::float8
	FROM login_throttle WHERE key = $1`

// reserve charges one sign-in attempt to the account's and the address's counters before the
// password is checked, and refuses with a RetryAfter error, charging nothing, when either is
// at its limit. A successful sign-in gives its slot back (succeeded).
func (st *sessionStore) reserve(ctx context.Context, email, ip string) error {
	account, addr := throttleKeys(email, ip)
	secs, err := st.take(ctx, st.window, counter{account, st.accountLimit}, counter{addr, st.ipLimit})
	if err != nil || secs == 0 {
		return err
	}
	return &RetryAfter{Seconds: secs, Err: ratewise.Errorf(ratewise.ERATELIMITED,
		"Too many failed sign-in attempts. Try again in %s.", inWords(secs))}
}

// signupWindow is the window of the per-address count of new accounts.
const signupWindow = time.Hour

// reserveSignup counts one new account for the address, refusing when it has made limit of
// them in the last hour: a person makes one, a script hundreds.
func (st *sessionStore) reserveSignup(ctx context.Context, ip string, limit int) error {
	secs, err := st.take(ctx, signupWindow, counter{"signup:" + ip, limit})
	if err != nil || secs == 0 {
		return err
	}
	return &RetryAfter{Seconds: secs, Err: ratewise.Errorf(ratewise.ERATELIMITED,
		"Too many accounts were made from your network. Try again in %s.", inWords(secs))}
}

// succeeded clears the account's counter and gives the address back the slot this attempt
// took; the address keeps its failures, so one good password does not buy an attacker a
// fresh allowance against other accounts.
func (st *sessionStore) succeeded(ctx context.Context, email, ip string) error {
	account, addr := throttleKeys(email, ip)
	_, err := st.pool.Exec(ctx, `
		WITH cleared AS (DELETE FROM login_throttle WHERE key = $1)
		UPDATE login_throttle SET failures = failures - 1 WHERE key = $2 AND failures > 0`, account, addr)
	return err
}

// longestWindow is the longest window of any counter in login_throttle (sign-ups' and the
// widget's sessions' hour): a row whose window started longer ago counts nothing any more.
const longestWindow = time.Hour

// throttleSweepEvery is how often a running server deletes the counters that count nothing.
const throttleSweepEvery = 10 * time.Minute

// sweep deletes the counters whose window ended long ago; the table would otherwise keep a
// row for every address and email ever tried.
func (st *sessionStore) sweep(ctx context.Context) error {
	_, err := st.pool.Exec(ctx, `DELETE FROM login_throttle WHERE window_start + make_interval(secs => $1) <= now()`,
		max(st.window, longestWindow).Seconds())
	return err
}

// sweepThrottle sweeps the counters at start and every throttleSweepEvery until ctx ends:
// failed attempts alone never reach the sweep a successful sign-in does, and a guesser's rows
// would pile up.
func (s *Server) sweepThrottle(ctx context.Context) {
	t := time.NewTicker(throttleSweepEvery)
	defer t.Stop()
	for {
		if err := s.sessions.sweep(ctx); err != nil && ctx.Err() == nil {
			s.log.WarnContext(ctx, "sweeping the sign-in counters failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func inWords(secs int) string {
	if secs < 90 {
		return "a minute"
	}
	return strconv.Itoa((secs+59)/60) + " minutes"
}

// clientIP is the address the client connects from: the connection's, or, when that is one
// of Config.TrustedProxies, the last address in X-Forwarded-For that is not a trusted proxy
// (the one the first trusted proxy saw). Entries before it could be written by anyone.
func (s *Server) clientIP(r *http.Request) string {
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			return r.RemoteAddr
		}
		return host
	}
	addr := peer.Addr().Unmap()
	if !s.trusted(addr) {
		return addr.String()
	}
	var hops []string
	for _, h := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(h, ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // a malformed entry: what is before it cannot be trusted either
		}
		addr = hop.Unmap()
		if !s.trusted(addr) {
			break
		}
	}
	return addr.String()
}

// sameScheme reports whether a request without Sec-Fetch-Site comes from a page of this
// site's own scheme: http.CrossOriginProtection then compares only Origin's host with Host,
// and https://host is another origin than http://host (a page there may be someone else's).
func sameScheme(c echo.Context) bool {
	r := c.Request()
	origin := r.Header.Get("Origin")
	if r.Header.Get("Sec-Fetch-Site") != "" || origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && u.Scheme == c.Scheme()
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func isUnsafe(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}

// session is the middleware that signs a request in from its session cookie. Unsafe methods
// that carry the cookie, and every sign-in/sign-up, must come from our own origin (checked by
// Sec-Fetch-Site, else Origin against Host): a cross-site form or script gets 403.
func (s *Server) session(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := s.signIn(c); err != nil {
			return err
		}
		return next(c)
	}
}

// signIn is the session middleware's work before the handler runs; an error ends the request.
// It is a function of its own so that its locals are not kept on the stack while the request
// is served (an event stream, for as long as it is open).
func (s *Server) signIn(c echo.Context) error {
	if s.sessions == nil {
		return nil
	}
	req := c.Request()
	p := req.URL.Path
	if strings.HasPrefix(p, "/static/") || p == "/healthz" || p == "/readyz" || p == "/metrics" {
		return nil
	}
	if token := bearer(c); token != "" {
		return s.bearerSignIn(c, token)
	}
	ck, err := req.Cookie(sessionCookie)
	hasCookie := err == nil && ck.Value != ""
	if isUnsafe(req.Method) && (hasCookie || strings.HasPrefix(p, "/api/v1/auth/")) {
		if err := s.sessions.origin.Check(req); err != nil || !sameScheme(c) {
			return ratewise.Errorf(ratewise.EFORBIDDEN, "This request must come from the Ratewise site itself.")
		}
	}
	if hasCookie && len(ck.Value) <= 100 {
		h := hashToken(ck.Value)
		if id, ok := s.sessions.hint(h); ok && deferredSession(c) {
			c.Set(userKey, id)
			c.Set(deferredSessionKey, h)
			return nil
		}
		id, expires, err := s.sessions.lookup(req.Context(), ck.Value)
		switch {
		case err == nil:
			c.Set(userKey, id)
			c.Set(sessionKey, signedIn{stream: streamName(ck.Value), expires: expires})
		case ratewise.ErrorCode(err) == ratewise.ENOTFOUND:
			clearSessionCookie(c)
		default:
			// The session cannot be checked (the database is down): the request is not
			// answered as if signed out — that sent people to the sign-in page and dropped
			// what they were doing — but with 503 (errorHandler), the cookie kept.
			return err
		}
	}
	return nil
}

// bearerSignIn signs a request in from its Authorization header instead of a cookie, which
// is then ignored: a widget token acts as its shopper on its one conversation, and a secret
// key (sk_…) is the partner API's to check. A widget token that does not verify is a 401,
// except on the widget's own calls: a session call then starts a new conversation, and
// financing goes by the publishable key.
func (s *Server) bearerSignIn(c echo.Context, token string) error {
	if strings.HasPrefix(token, "sk_") {
		return nil
	}
	w, err := s.verifyWidgetToken(token)
	if err != nil {
		if strings.HasPrefix(c.Request().URL.Path, "/api/v1/widget/") {
			return nil // a new session, or financing by publishable key
		}
		return err
	}
	// The token reaches the widget's own routes and nothing of a signed-in person's: not the
	// account, holdings or profile, where it acts as nobody.
	p := c.Request().URL.Path
	if !strings.HasPrefix(p, "/api/v1/conversations") && !strings.HasPrefix(p, "/api/v1/widget/") {
		return nil
	}
	c.Set(userKey, w.userID())
	c.Set(widgetKey, w)
	c.Set(sessionKey, signedIn{stream: streamName(token), expires: w.ExpiresAt.Time})
	return nil
}

func setSessionCookie(c echo.Context, token string, expires time.Time) {
	c.SetCookie(&http.Cookie{
		Name:     sessionCookie,
		Value:    token,
		Path:     "/",
		Expires:  expires,
		MaxAge:   int(time.Until(expires).Seconds()),
		HttpOnly: true,
		Secure:   c.Scheme() == "https",
		SameSite: http.SameSiteLaxMode,
	})
}

func clearSessionCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{
		Name:     sessionCookie,
		Value:    "",
		Path:     "/",
		MaxAge:   -1,
		HttpOnly: true,
		Secure:   c.Scheme() == "https",
		SameSite: http.SameSiteLaxMode,
	})
}
