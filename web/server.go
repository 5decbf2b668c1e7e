// Package web is Ratewise's HTTP surface: the echo server, its middleware, the JSON API (the
// contract is web/openapi.json) and the pages. It translates between HTTP and the domain
// packages and holds no business rules of its own; it is the only package that imports echo.
package web

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"ratewise"
	"ratewise/assistant"
	"ratewise/offers"
)

// MaxBodyBytes is the request body limit: 1 MiB on every route (bulk imports use the CLI).
const MaxBodyBytes = 1 << 20

// Config is what the server needs from the process configuration.
type Config struct {
	// WriteTimeout bounds ordinary (non-streaming) responses. Streams set their own deadlines.
	WriteTimeout time.Duration
	// Heartbeat is how often an idle event stream sends a comment line, so proxies keep it
	// open and a dead client is noticed (default 15 s).
	Heartbeat time.Duration
	// MessageWait is how long POST …/messages?wait=true waits for the turn before answering
	// 202 instead (default 45 s). It is kept below WriteTimeout, so the answer always gets
	// written.
	MessageWait time.Duration
	// PasswordHashing is the argon2id cost of the hash stored for a new password; a parameter
	// left zero is DefaultPasswordHashing's (OWASP's minimum). Tests lower it to sign up many
	// accounts quickly under the race detector; stored hashes verify with the parameters they
	// were made with, whatever this says.
	PasswordHashing PasswordHashing
	// HashesAtOnce is how many password hashes (sign-ups and sign-ins) are computed at the
	// same time; each holds PasswordHashing.MemoryKiB, so this bounds their memory (default 4:
	// 76 MiB at OWASP's minimum). A request that waits HashWait for a turn gets 503 with
	// Retry-After instead (default 5 s).
	HashesAtOnce int
	HashWait     time.Duration
	// SignupsPerAddress is how many accounts one client address may make in an hour
	// (default 20: a household or an office behind one address, not a script).
	SignupsPerAddress int
	// FailedSignInsPerAccount and FailedSignInsPerAddress bound the sign-in attempts charged
	// to one account and to one client address in 15 minutes (defaults 5 and 30); a
	// successful sign-in clears the account's count.
	FailedSignInsPerAccount, FailedSignInsPerAddress int
	// MessagesPerMinute is how many new chat messages one consumer may send in a minute
	// (default 20; each may be a paid model call). A retry of a stored message is free.
	MessagesPerMinute int
	// TranscriptPage is how many messages GET /api/v1/conversations/{id} answers at most,
	// and by default (default 200: more than a chat page shows); older ones come page by page.
	TranscriptPage int
	// HoldingsPage is how many holdings GET /api/v1/holdings answers at most, and by default
	// (default 100: more than MAX_HOLDINGS_PER_CONSUMER's default, so one page holds them all).
	HoldingsPage int
	// MetricsToken, when set, is the bearer token /metrics asks for; when empty, /metrics
	// answers only clients on a loopback address (a Prometheus on the same host) and is a
	// 404 to everyone else.
	MetricsToken string
	// TrustedProxies are the networks of the reverse proxies in front of the server: from
	// them, the client's address is taken from X-Forwarded-For (the last hop not in these
	// networks). Empty: X-Forwarded-For is ignored and the connection's address is the
	// client's, since anyone can write the header.
	TrustedProxies []netip.Prefix
	// Widget is the partner widget's token secret and limits.
	Widget WidgetSettings
}

// Deps are the services the handlers use. Each domain adds its service here as it lands;
// handlers whose dependency is nil are not routed.
type Deps struct {
	Log  *slog.Logger
	Pool *pgxpool.Pool
	// KB is the help search and article pages (retrieval.Index).
	KB     KnowledgeBase
	Offers *offers.Store
	// Assistant runs conversations (package assistant); nil leaves the conversation API unrouted.
	Assistant *assistant.Engine
	// Console is the staff side of conversations; nil leaves the console unrouted.
	Console *assistant.Console
	// SyncOfferPassages brings the search index's offer passages in step with the catalogue
	// (assistant.SyncOfferPassages); the partner API calls it after each change. Nil skips it.
	SyncOfferPassages func(context.Context) error
	// WarmingUp, when it returns true, makes /readyz answer 503: the instance is starting and
	// would answer its first turns slowly (assistant.WarmingUp). Nil means always warm.
	WarmingUp func() bool
}

// Server serves every Ratewise surface from one echo instance.
type Server struct {
	echo     *echo.Echo
	log      *slog.Logger
	pool     *pgxpool.Pool
	deps     Deps
	cfg      Config
	registry *prometheus.Registry
	metrics  *httpMetrics
	// streamRoutes are the route paths whose handlers stream (SSE) and get no write deadline.
	streamRoutes map[string]bool
	// sessions signs requests in from their cookie; nil without a database.
	sessions *sessionStore
	// users is the account store; nil without a database.
	users *Users
	// dummyHash is what a sign-in with an unknown email is checked against.
	dummyHash func() string
	// hashSlots holds a token for each password hash being computed (Config.HashesAtOnce).
	hashSlots chan struct{}
	// pages are the consumer pages' templates and checksummed static files.
	pages *pages

	// closing is cancelled when shutdown starts, so long-lived streams end promptly.
	closing context.Context
	stop    context.CancelFunc
	// streams counts the event streams detached from net/http (see liveStream), which its
	// Shutdown does not wait for.
	streams sync.WaitGroup
}

// New builds the server and its routes.
func New(cfg Config, deps Deps) *Server {
	log, pool := deps.Log, deps.Pool
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	// Whatever logger the caller gives, the server's own lines name their request.
	log = slog.New(ratewise.LogHandler(log.Handler()))
	if cfg.WriteTimeout == 0 {
		cfg.WriteTimeout = 60 * time.Second
	}
	if cfg.Heartbeat == 0 {
		cfg.Heartbeat = 15 * time.Second
	}
	if cfg.MessageWait == 0 {
		cfg.MessageWait = 45 * time.Second
	}
	if cfg.MessageWait > cfg.WriteTimeout*3/4 {
		cfg.MessageWait = cfg.WriteTimeout * 3 / 4
	}
	cfg.PasswordHashing = cfg.PasswordHashing.withDefaults()
	defaultTo(&cfg.HashesAtOnce, 4)
	defaultTo(&cfg.HashWait, 5*time.Second)
	defaultTo(&cfg.SignupsPerAddress, 20)
	defaultTo(&cfg.MessagesPerMinute, 20)
	defaultTo(&cfg.TranscriptPage, 200)
	defaultTo(&cfg.HoldingsPage, 100)
	defaultTo(&cfg.FailedSignInsPerAccount, 5)
	defaultTo(&cfg.FailedSignInsPerAddress, 30)
	cfg.Widget = cfg.Widget.withDefaults()
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	s := &Server{echo: e, log: log, pool: pool, deps: deps, cfg: cfg, registry: prometheus.NewRegistry(), streamRoutes: map[string]bool{}}
	s.closing, s.stop = context.WithCancel(context.Background())
	s.dummyHash = newDummyHash(cfg.PasswordHashing)
	s.hashSlots = make(chan struct{}, cfg.HashesAtOnce)
	s.metrics = newHTTPMetrics(s.registry)
	s.registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if pool != nil {
		s.registry.MustRegister(newPoolCollector(pool))
		s.sessions = newSessionStore(pool, cfg.FailedSignInsPerAccount, cfg.FailedSignInsPerAddress)
		s.users = NewUsers(pool)
		if deps.Console != nil {
			if deps.Console.Names == nil {
				deps.Console.Names = s.users
			}
			s.registry.MustRegister(newConsoleCollector(deps.Console, log))
		}
	}

	e.HTTPErrorHandler = s.errorHandler
	e.Use(requestID)
	e.Use(s.recoverer)
	e.Use(s.observe)
	e.Use(bodyLimit(MaxBodyBytes))
	e.Use(securityHeaders)
	e.Use(apiNoStore)
	e.Use(cleanInput)
	e.Use(s.writeDeadline)
	e.Use(s.session)

	s.routes()
	return s
}

func (s *Server) routes() {
	s.echo.GET("/healthz", s.healthz)
	s.echo.GET("/readyz", s.readyz)
	s.echo.GET("/metrics", s.metricsHandler)
	s.echo.GET("/api/v1/openapi.json", s.openAPIDocument)
	s.kbRoutes()
	s.accountRoutes()
	s.pageRoutes()
	s.holdingRoutes()
	s.offerRoutes()
	s.conversationRoutes()
	s.consoleRoutes()
	s.widgetRoutes()
	s.partnerRoutes()
}

// ServeHTTP lets tests and other muxes drive the server directly.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

// Run serves on ln until ctx is cancelled, then shuts down gracefully.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		// No WriteTimeout: it would cut event streams. Ordinary responses get a per-request
		// deadline from the writeDeadline middleware instead.
		IdleTimeout: 120 * time.Second,
		ErrorLog:    slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	srv.RegisterOnShutdown(s.stop)
	if s.sessions != nil {
		go s.sweepThrottle(s.closing)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	// The detached streams ended with closing; wait until their connections are closed.
	done := make(chan struct{})
	go func() { s.streams.Wait(); close(done) }()
	select {
	case <-done:
	case <-shutdownCtx.Done():
	}
	return nil
}

func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(c echo.Context) error {
	if s.pool == nil {
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": "not configured"})
	}
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	if err := s.pool.Ping(ctx); err != nil {
		s.log.WarnContext(ctx, "readiness check failed", "err", err)
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": "down"})
	}
	if s.deps.WarmingUp != nil && s.deps.WarmingUp() {
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": "up", "assistant": "warming up"})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ok", "database": "up"})
}
