package web

import (
	"crypto/subtle"
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

type httpMetrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	// streams is how many event streams this instance has open.
	streams prometheus.Gauge
}

func newHTTPMetrics(reg prometheus.Registerer) *httpMetrics {
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ratewise_http_requests_total",
			Help: "HTTP requests by method, route and status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "ratewise_http_request_duration_seconds",
			Help:    "HTTP request latency by method, route and status.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"method", "route", "status"}),
		streams: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "ratewise_event_streams_open",
			Help: "Conversation event streams open on this instance.",
		}),
	}
	reg.MustRegister(m.requests, m.latency, m.streams)
	return m
}

func (m *httpMetrics) observe(method, route string, status int, d time.Duration) {
	st := strconv.Itoa(status)
	m.requests.WithLabelValues(method, route, st).Inc()
	m.latency.WithLabelValues(method, route, st).Observe(d.Seconds())
}

func (s *Server) metricsHandler(c echo.Context) error {
	if !s.mayReadMetrics(c.Request()) {
		return echo.ErrNotFound
	}
	promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{}).ServeHTTP(c.Response(), c.Request())
	return nil
}

// poolCollector exports the pgx pool's statistics.
type poolCollector struct {
	pool                               *pgxpool.Pool
	total, idle, acquired, max         *prometheus.Desc
	acquireCount, acquireWait, emptyAq *prometheus.Desc
}

func newPoolCollector(pool *pgxpool.Pool) *poolCollector {
	d := func(name, help string) *prometheus.Desc {
		return prometheus.NewDesc("ratewise_db_pool_"+name, help, nil, nil)
	}
	return &poolCollector{
		pool:         pool,
		total:        d("connections", "Connections open in the pool."),
		idle:         d("idle_connections", "Idle connections in the pool."),
		acquired:     d("acquired_connections", "Connections in use."),
		max:          d("max_connections", "Maximum size of the pool."),
		acquireCount: d("acquires_total", "Successful acquires from the pool."),
		acquireWait:  d("acquire_wait_seconds_total", "Time spent waiting for a connection."),
		emptyAq:      d("empty_acquires_total", "Acquires that had to wait for a connection."),
	}
}

func (p *poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{p.total, p.idle, p.acquired, p.max, p.acquireCount, p.acquireWait, p.emptyAq} {
		ch <- d
	}
}

func (p *poolCollector) Collect(ch chan<- prometheus.Metric) {
	st := p.pool.Stat()
	ch <- prometheus.MustNewConstMetric(p.total, prometheus.GaugeValue, float64(st.TotalConns()))
	ch <- prometheus.MustNewConstMetric(p.idle, prometheus.GaugeValue, float64(st.IdleConns()))
	ch <- prometheus.MustNewConstMetric(p.acquired, prometheus.GaugeValue, float64(st.AcquiredConns()))
	ch <- prometheus.MustNewConstMetric(p.max, prometheus.GaugeValue, float64(st.MaxConns()))
	ch <- prometheus.MustNewConstMetric(p.acquireCount, prometheus.CounterValue, float64(st.AcquireCount()))
	ch <- prometheus.MustNewConstMetric(p.acquireWait, prometheus.CounterValue, st.AcquireDuration().Seconds())
	ch <- prometheus.MustNewConstMetric(p.emptyAq, prometheus.CounterValue, float64(st.EmptyAcquireCount()))
}

func levelFor(status int) slog.Level {
	switch {
	case status >= 500:
		return slog.LevelError
	case status >= 400:
		return slog.LevelWarn
	default:
		return slog.LevelInfo
	}
}

var _ http.Handler = (*Server)(nil)

// mayReadMetrics reports whether r may read /metrics: with a token configured, a request that
// presents it; without one, a request from the same host. The metrics name routes, pool sizes
// and error rates — a map for an attacker — so they are not public.
func (s *Server) mayReadMetrics(r *http.Request) bool {
	if s.cfg.MetricsToken != "" {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		return ok && subtle.ConstantTimeCompare([]byte(got), []byte(s.cfg.MetricsToken)) == 1
	}
	addr, err := netip.ParseAddrPort(r.RemoteAddr)
	return err == nil && addr.Addr().Unmap().IsLoopback()
}
