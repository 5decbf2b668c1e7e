package web

import (
	"context"
	"encoding/json"
	"github.com/jackc/pgx/v5/pgxpool"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"ratewise/db"
	"ratewise/db/dbtest"
)

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func do(t *testing.T, h http.Handler, method, path, body string) (*httptest.ResponseRecorder, ErrorBody) {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	checkContract(t, h, req, []byte(body), rec)
	var eb ErrorBody
	if rec.Code >= 400 {
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Fatalf("%s %s: error response content type %q, want JSON", method, path, ct)
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &eb); err != nil {
			t.Fatalf("%s %s: error body %q is not the API error shape: %v", method, path, rec.Body.String(), err)
		}
	}
	return rec, eb
}

func TestErrorShapes(t *testing.T) {
	t.Parallel()
	s := New(Config{}, Deps{Log: quietLog()})
	type payload struct {
		Name  string `json:"name"`
		Count int    `json:"count"`
	}
	s.echo.POST("/test/echo", func(c echo.Context) error {
		var p payload
		if err := bindJSON(c, &p); err != nil {
			return err
		}
		return c.JSON(http.StatusOK, p)
	})
	s.echo.GET("/test/panic", func(c echo.Context) error { panic("boom: secret internals") })

	tests := []struct {
		name       string
		method     string
		path, body string
		wantStatus int
		wantCode   string
		wantField  string
	}{
		{"unknown route", "GET", "/no/such/page", "", 404, "not_found", ""},
		{"wrong method", "DELETE", "/healthz", "", 404, "not_found", ""},
		{"malformed json", "POST", "/test/echo", `{"name": "x",`, 400, "invalid_argument", ""},
		{"not json at all", "POST", "/test/echo", `hello`, 400, "invalid_argument", ""},
		{"wrong type names field", "POST", "/test/echo", `{"name":"x","count":"three"}`, 400, "invalid_argument", "count"},
		{"empty body", "POST", "/test/echo", ``, 400, "invalid_argument", ""},
		{"body too big", "POST", "/test/echo", `{"name":"` + strings.Repeat("a", MaxBodyBytes+10) + `"}`, 413, "too_large", ""},
		{"panic is a 500 without internals", "GET", "/test/panic", "", 500, "internal", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, eb := do(t, s, tt.method, tt.path, tt.body)
			if rec.Code != tt.wantStatus {
				t.Fatalf("status = %d, want %d (body %s)", rec.Code, tt.wantStatus, rec.Body.String())
			}
			if eb.Error.Code != tt.wantCode {
				t.Errorf("code = %q, want %q", eb.Error.Code, tt.wantCode)
			}
			if eb.Error.Field != tt.wantField {
				t.Errorf("field = %q, want %q", eb.Error.Field, tt.wantField)
			}
			if eb.Error.Message == "" {
				t.Error("message is empty")
			}
			if eb.Error.RequestID == "" || eb.Error.RequestID != rec.Header().Get("X-Request-Id") {
				t.Errorf("request_id = %q, header %q; want the same non-empty id", eb.Error.RequestID, rec.Header().Get("X-Request-Id"))
			}
			if strings.Contains(rec.Body.String(), "secret internals") || strings.Contains(rec.Body.String(), "goroutine") {
				t.Errorf("internal detail leaked: %s", rec.Body.String())
			}
		})
	}

	t.Run("valid body passes", func(t *testing.T) {
		rec, _ := do(t, s, "POST", "/test/echo", `{"name":"x","count":3}`)
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"count":3`) {
			t.Fatalf("got %d %s", rec.Code, rec.Body.String())
		}
	})
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	s := New(Config{}, Deps{Log: quietLog()})
	rec, _ := do(t, s, "GET", "/healthz", "")
	if rec.Code != 200 || strings.TrimSpace(rec.Body.String()) != `{"status":"ok"}` {
		t.Fatalf("healthz = %d %s", rec.Code, rec.Body.String())
	}
	for _, h := range []string{"X-Content-Type-Options", "Content-Security-Policy", "X-Frame-Options", "Referrer-Policy"} {
		if rec.Header().Get(h) == "" {
			t.Errorf("missing %s", h)
		}
	}
	if csp := rec.Header().Get("Content-Security-Policy"); strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP allows unsafe-inline: %s", csp)
	}
}

func TestMetricsCountRequestsByRoute(t *testing.T) {
	t.Parallel()
	pool := dbtest.NewPool(t)
	s := New(testConfig(), Deps{Log: quietLog(), Pool: pool})
	do(t, s, "GET", "/healthz", "")
	do(t, s, "GET", "/nope", "")
	req := httptest.NewRequest("GET", "/metrics", nil)
	req.RemoteAddr = "127.0.0.1:41234" // a Prometheus on the same host
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	body := rec.Body.String()
	for _, want := range []string{
		`ratewise_http_requests_total{method="GET",route="/healthz",status="200"} 1`,
		`ratewise_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`ratewise_http_request_duration_seconds_bucket{method="GET",route="/healthz",status="200"`,
		`ratewise_db_pool_max_connections`,
		// The runtime and process collectors.
		`go_goroutines `,
		`process_start_time_seconds `,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// proxiedPool is a pool on a fresh database reached through a proxy the test can cut, to
// play a database outage. Both are closed when the test ends.
func proxiedPool(t *testing.T) (*pgxpool.Pool, *dbtest.Proxy) {
	t.Helper()
	u, err := url.Parse(dbtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	p := dbtest.NewProxy(t, u.Host)
	u.Host = p.Addr()
	pool, err := db.Open(context.Background(), u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool, p
}

func TestReadyzFollowsTheDatabase(t *testing.T) {
	t.Parallel()
	pool, p := proxiedPool(t)
	s := New(testConfig(), Deps{Log: quietLog(), Pool: pool})

	steps := []struct {
		down bool
		want int
	}{{false, 200}, {true, 503}, {false, 200}}
	for _, st := range steps {
		p.SetDown(st.down)
		rec, eb := do(t, s, "GET", "/readyz", "")
		if rec.Code != st.want {
			t.Fatalf("database down=%v: /readyz = %d %s, want %d", st.down, rec.Code, rec.Body.String(), st.want)
		}
		_ = eb
	}
}
