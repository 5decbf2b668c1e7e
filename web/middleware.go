package web

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"time"

	"github.com/labstack/echo/v4"

	"ratewise"
)

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

// observe records metrics and writes one structured log line per request.
func (s *Server) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
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
		s.log.LogAttrs(c.Request().Context(), levelFor(status), "request",
			slog.String("request_id", c.Response().Header().Get(echo.HeaderXRequestID)),
			slog.String("method", c.Request().Method),
			slog.String("route", route),
			slog.String("path", c.Request().URL.Path),
			slog.Int("status", status),
			slog.Int64("bytes", c.Response().Size),
			slog.Duration("duration", elapsed),
		)
		return nil
	}
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
