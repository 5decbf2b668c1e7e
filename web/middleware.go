package web

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"ratewise"
)

// maxRequestIDLen is the longest X-Request-ID taken from a caller; ours are 24 characters.
const maxRequestIDLen = 64

// requestID gives every request an id: the caller's X-Request-ID when it looks like one (at
// most maxRequestIDLen characters of [A-Za-z0-9._:-], so a proxy's or a client's id ties
// their logs to ours), else a new random one. Anything else is dropped, never echoed: the id
// goes back in the response header, in every error body and in log lines. The request's
// context carries it, so every line logged while serving the request names it, whichever
// package writes the line.
func requestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		tagRequest(c)
		return next(c)
	}
}

// tagRequest is requestID's work, a function of its own so that its locals are not kept on
// the stack while the request is served.
func tagRequest(c echo.Context) {
	req := c.Request()
	id := req.Header.Get(echo.HeaderXRequestID)
	if !validRequestID(id) {
		id = newRequestID()
	}
	c.Response().Header().Set(echo.HeaderXRequestID, id)
	c.SetRequest(req.WithContext(ratewise.WithRequestID(req.Context(), id)))
}

func validRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLen {
		return false
	}
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == ':', r == '-':
		default:
			return false
		}
	}
	return true
}

func newRequestID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// recoverer turns a panic into a logged 500 with the request id; the stack goes to the log only.
func (s *Server) recoverer(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			r := recover()
			if r == nil {
				return
			}
			if r == http.ErrAbortHandler {
				panic(r)
			}
			buf := make([]byte, 8<<10)
			buf = buf[:runtime.Stack(buf, false)]
			err = ratewise.Wrap(ratewise.EINTERNAL, fmt.Errorf("panic: %v\n%s", r, buf), "Internal error.")
		}()
		return next(c)
	}
}

// observe records metrics and writes one structured log line per request. The line is
// written by logRequest, so that while a request is served (an event stream, for as long as
// it is open) this frame stays small: every open stream pays for its goroutine's stack.
func (s *Server) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		s.logRequest(c, next(c), start)
		return nil
	}
}

// logRequest finishes a request observe started: the error's response, metrics, the log line.
func (s *Server) logRequest(c echo.Context, err error, start time.Time) {
	if err != nil {
		// Let the error handler write the response now so the status is known.
		c.Error(err)
	}
	route := c.Path()
	if route == "" {
		route = "unmatched"
	}
	status := c.Response().Status
	elapsed := time.Since(start)
	s.metrics.observe(c.Request().Method, route, status, elapsed)
	// The request id comes from the context (ratewise.LogHandler).
	s.log.LogAttrs(c.Request().Context(), levelFor(status), "request",
		slog.String("method", c.Request().Method),
		slog.String("route", route),
		slog.String("path", c.Request().URL.Path),
		slog.Int("status", status),
		slog.Int64("bytes", c.Response().Size),
		slog.Duration("duration", elapsed),
	)
}

// bodyLimit refuses bodies over n bytes with 413, whether or not Content-Length says so.
func bodyLimit(n int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			if req.ContentLength > n {
				return ratewise.Errorf(ratewise.ETOOLARGE, "The request body is too large (the limit is 1 MiB).")
			}
			if req.Body != nil {
				req.Body = http.MaxBytesReader(c.Response(), req.Body, n)
			}
			return next(c)
		}
	}
}

// securityHeaders sets the headers every response carries. Pages that need a different
// Content-Security-Policy (the embeddable widget) override it in their handler.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if c.IsTLS() {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		return next(c)
	}
}

// apiNoStore marks every API response not to be stored by the browser or anything between:
// most of them are personal (the account, holdings, conversations), and the few public ones
// (catalogue, calculators) are cheap to ask again. A handler may set its own policy; the
// header is set before it runs, so it overrides this.
func apiNoStore(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if strings.HasPrefix(c.Request().URL.Path, "/api/") {
			c.Response().Header().Set("Cache-Control", "no-store")
		}
		return next(c)
	}
}

// cleanInput refuses a request whose path or query holds a NUL character or bytes that are
// not UTF-8, with 400 naming the parameter: no text column can store them, and passed on
// they surfaced as 500s from the database. JSON bodies get the same check in bindJSON.
func cleanInput(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := checkInput(c.Request()); err != nil {
			return err
		}
		return next(c)
	}
}

// checkInput is cleanInput's check, in a function of its own so that its locals are not
// kept on the stack while the request is served.
func checkInput(r *http.Request) error {
	if !cleanText(r.URL.Path) {
		return ratewise.Invalid("", "The address holds a character that is not allowed.")
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return ratewise.Invalid("", "The query string is not well formed (a %% escape is broken).")
	}
	for name, values := range q {
		if !cleanText(name) {
			return ratewise.Invalid("", "A query parameter's name holds a character that is not allowed.")
		}
		for _, v := range values {
			if !cleanText(v) {
				return ratewise.Invalid(name, "The %s parameter holds a character that is not allowed (NUL, or bytes that are not UTF-8).", name)
			}
		}
	}
	return nil
}

// cleanText reports whether s is UTF-8 without a NUL.
func cleanText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// writeDeadline bounds how long an ordinary response may take to write. Routes registered as
// streams (see stream) are left without one: a write timeout would cut them.
func (s *Server) writeDeadline(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !s.streamRoutes[c.Path()] {
			_ = http.NewResponseController(c.Response()).SetWriteDeadline(time.Now().Add(s.cfg.WriteTimeout))
		}
		return next(c)
	}
}
