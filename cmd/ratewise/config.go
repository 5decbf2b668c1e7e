package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"ratewise/assistant"
	"ratewise/db"
	"ratewise/web"
)

// Config is the whole process configuration, read once from the environment.
type Config struct {
	DatabaseURL     string
	ListenAddr      string
	OpenAIAPIKey    string
	OpenAIBaseURL   string
	OpenAIModel     string
	EmbeddingsModel string
	EmbeddingsDim   int
	SessionSecret   string
	LogLevel        slog.Level
	TurnWorkers     int
	TurnEarly       int
	// DBMaxConns bounds the server's database connections (db.OpenPool).
	DBMaxConns int
	TurnLease  time.Duration
	// HashesAtOnce bounds the password hashes computed at once (web.Config.HashesAtOnce).
	HashesAtOnce int
	// SignupsPerAddress bounds new accounts per client address and hour
	// (web.Config.SignupsPerAddress).
	SignupsPerAddress int
	// FailedSignInsPerAccount and FailedSignInsPerAddress bound sign-in attempts per 15
	// minutes (web.Config.FailedSignInsPerAccount, FailedSignInsPerAddress).
	FailedSignInsPerAccount, FailedSignInsPerAddress int
	// MessagesPerMinute bounds one consumer's new chat messages (web.Config.MessagesPerMinute).
	MessagesPerMinute int
	// TranscriptPage bounds the messages one transcript request answers (web.Config.TranscriptPage).
	TranscriptPage int
	// HoldingsPage bounds the holdings one list request answers (web.Config.HoldingsPage).
	HoldingsPage int
	// MaxHoldings bounds one consumer's loans and policies (offers.Store.MaxHoldings).
	MaxHoldings int
	// MetricsToken guards /metrics (web.Config.MetricsToken).
	MetricsToken string
	// TrustedProxies are the reverse proxies' networks (web.Config.TrustedProxies).
	TrustedProxies []netip.Prefix
	// Console holds the support console's timers.
	Console assistant.ConsoleSettings
	// Widget holds the partner widget's token lifetime and limits (web.WidgetSettings; the
	// secret is SessionSecret).
	Widget web.WidgetSettings
	// DebugAddr, when set, is a loopback address serving Go's runtime profiles (pprof).
	DebugAddr string
	// ModelDir, when set, is where the trained understanding is kept between starts.
	ModelDir string
}

// envVar documents one environment variable for --help and the README.
type envVar struct {
	name, def, help string
}

var envVars = []envVar{
	{"DATABASE_URL", db.DefaultDSN, "PostgreSQL (with pgvector) connection URL"},
	{"LISTEN_ADDR", ":8080", "address the server listens on, host:port"},
	{"OPENAI_API_KEY", "", "API key of an OpenAI-compatible server; unset means the built-in offline planner"},
	{"OPENAI_BASE_URL", "https://api.openai.com/v1", "base URL of the OpenAI-compatible server (vLLM, Ollama, llama.cpp, Azure …)"},
	{"OPENAI_MODEL", "gpt-4o-mini", "chat model name"},
	{"EMBEDDINGS_MODEL", "local", "embedding model; \"local\" is the built-in embedder that needs no network"},
	{"EMBEDDINGS_DIM", "384", "embedding dimension (1–2000)"},
	{"SESSION_SECRET", "", "at least 32 characters; signs the merchant widget's tokens, so every instance must share it. Unset, `serve` makes a random one at start-up (and says so in the log): widget chats then end when it restarts. Consumer sessions do not use it: they are random tokens stored hashed in the database"},
	{"LOG_LEVEL", "info", "debug, info, warn or error"},
	{"DB_MAX_CONNS", "8", "database connections one server instance opens at most (2–1000); one listens for events, the rest serve requests and turns, which wait for a free one. A few per core of the database's machine: more statements at once make each slower, and the database spend more CPU on each. Keep instances × this under PostgreSQL's max_connections"},
	{"TURN_WORKERS", "64", "chat turns this instance runs at once (1–10000); more wait in the queue for a free worker here or on another instance"},
	{"TURN_EARLY_CONVERSATIONS", "1000", "conversations whose next turn this instance keeps ready (0–100000): in those, a new message goes to the model while it is being stored, before its checks end (a message refused after all has its model call cancelled). About 20 messages' text each; 0 turns it off"},
	{"TURN_LEASE", "30s", "how long a running turn is held without renewal (1s–10m); a turn cut off by a crash is taken again after it"},
	{"PASSWORD_HASHES_AT_ONCE", "4", "password hashes (sign-ups, sign-ins) computed at once, 19 MiB each; more wait up to 5 s, then get 503 with Retry-After"},
	{"SIGNUPS_PER_ADDRESS_PER_HOUR", "20", "new accounts one client address may make in an hour; more get 429 with Retry-After"},
	{"FAILED_SIGNINS_PER_ACCOUNT", "5", "failed sign-ins one account may have in 15 minutes; then even the right password gets 429 with Retry-After until the window ends (a success clears the count)"},
	{"FAILED_SIGNINS_PER_ADDRESS", "30", "failed sign-ins one client address may have in 15 minutes, over all accounts; more get 429 with Retry-After"},
	{"MESSAGES_PER_MINUTE", "20", "new chat messages one consumer may send in a minute (each may be a model call); more get 429 with Retry-After"},
	{"HOLDINGS_PAGE_SIZE", "100", "most loans and policies one request for the list answers, and how many by default; the next come page by page (?after=)"},
	{"TRANSCRIPT_PAGE_SIZE", "200", "most messages one request for a conversation answers, and how many by default; older ones come page by page (?before=)"},
	{"MAX_HOLDINGS_PER_CONSUMER", "50", "loans and policies one consumer may keep; one more gets 409"},
	{"METRICS_TOKEN", "", "bearer token /metrics asks for (at least 16 characters); unset, /metrics answers only clients on a loopback address"},
	{"TRUSTED_PROXIES", "", "comma-separated networks (CIDR) of reverse proxies whose X-Forwarded-For gives the client's address; unset, the header is ignored"},
	{"CONSOLE_OFFER_TIMEOUT", "30s", "how long an agent has to accept an offered conversation (1s–10m)"},
	{"CONSOLE_HEARTBEAT_TIMEOUT", "45s", "an online agent with no heartbeat for this long is set away (1s–10m; the console beats every third of it)"},
	{"CONSOLE_GRACE", "60s", "after an agent is lost, how long before their conversations go back to the front of the queue (1s–1h)"},
	{"CONSOLE_SLA_WARNING", "2m", "consoles are warned about a conversation waiting this long (1s–24h)"},
	{"WIDGET_TOKEN_TTL", "1h", "how long a merchant widget's token lasts before the open widget swaps it for a fresh one (10s–1h; below a few minutes only for tests)"},
	{"WIDGET_SESSIONS_PER_ADDRESS_PER_HOUR", "60", "new widget chats one client address may start in an hour; more get 429 with Retry-After"},
	{"WIDGET_SESSIONS_PER_PARTNER_PER_HOUR", "20000", "new widget chats on one merchant's site in an hour; more get 429 with Retry-After"},
	{"WIDGET_MESSAGES_PER_MINUTE", "10", "messages one widget chat may send in a minute; more get 429 with Retry-After"},
	{"WIDGET_FINANCING_PER_ADDRESS_PER_MINUTE", "120", "financing messages one client address may ask for in a minute; more get 429 with Retry-After"},
	{"DEBUG_ADDR", "", "loopback host:port serving Go's runtime profiles (/debug/pprof/) for diagnosing a slow or busy instance; unset, none are served"},
	{"NLU_MODEL_DIR", "", "directory where the understanding, once trained, is kept and read at the next start (about 2 s of training saved; a model of other code or another corpus is never read); unset, it trains at every start"},
	{"PARTNER_API_REQUESTS_PER_MINUTE", "600", "partner API requests one partner's server may make in a minute, whichever of its secret keys it uses; more get 429 with Retry-After"},
}

// LoadConfig reads and validates the configuration. Every problem is reported at once, each
// naming the variable, what was wrong and what to do.
func LoadConfig(getenv func(string) string) (Config, error) {
	get := func(name string) string {
		v := strings.TrimSpace(getenv(name))
		if v == "" {
			for _, e := range envVars {
				if e.name == name {
					return e.def
				}
			}
		}
		return v
	}
	var problems []error
	bad := func(name, format string, args ...any) {
		problems = append(problems, fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...)))
	}

	c := Config{
		DatabaseURL:     get("DATABASE_URL"),
		ListenAddr:      get("LISTEN_ADDR"),
		OpenAIAPIKey:    strings.TrimSpace(getenv("OPENAI_API_KEY")),
		OpenAIBaseURL:   get("OPENAI_BASE_URL"),
		OpenAIModel:     get("OPENAI_MODEL"),
		EmbeddingsModel: get("EMBEDDINGS_MODEL"),
		SessionSecret:   getenv("SESSION_SECRET"),
	}

	if _, err := pgx.ParseConfig(c.DatabaseURL); err != nil {
		bad("DATABASE_URL", "not a valid PostgreSQL URL (want postgres://user:password@host:port/database); unset it to use the local database %s", db.DefaultDSN)
	}
	if host, port, err := net.SplitHostPort(c.ListenAddr); err != nil {
		bad("LISTEN_ADDR", "%q is not host:port (for example :8080 or 127.0.0.1:8080)", c.ListenAddr)
	} else if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		bad("LISTEN_ADDR", "port %q must be a number from 0 to 65535", port)
	} else if host != "" && host != "localhost" && net.ParseIP(host) == nil {
		bad("LISTEN_ADDR", "host %q must be an IP address, localhost or empty", host)
	}
	if u, err := url.Parse(c.OpenAIBaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("OPENAI_BASE_URL", "%q is not an http(s) URL (for example http://127.0.0.1:11434/v1 for Ollama)", c.OpenAIBaseURL)
	}
	if c.OpenAIModel == "" {
		bad("OPENAI_MODEL", "must not be empty")
	}
	if dim, err := strconv.Atoi(get("EMBEDDINGS_DIM")); err != nil || dim < 1 || dim > 2000 {
		bad("EMBEDDINGS_DIM", "%q must be a whole number from 1 to 2000 (pgvector's HNSW limit)", get("EMBEDDINGS_DIM"))
	} else {
		c.EmbeddingsDim = dim
	}
	if c.SessionSecret != "" && len(c.SessionSecret) < 32 {
		bad("SESSION_SECRET", "is %d characters; use at least 32 (for example: openssl rand -hex 32) or unset it", len(c.SessionSecret))
	}
	if d, err := time.ParseDuration(get("TURN_LEASE")); err != nil || d < time.Second || d > 10*time.Minute {
		bad("TURN_LEASE", "%q must be a duration from 1s to 10m (for example 30s)", get("TURN_LEASE"))
	} else {
		c.TurnLease = d
	}
	for _, l := range []struct {
		name     string
		min, max int
		to       *int
	}{
		{"TURN_WORKERS", 1, 10000, &c.TurnWorkers},
		{"TURN_EARLY_CONVERSATIONS", 0, 100000, &c.TurnEarly},
		{"DB_MAX_CONNS", 2, 1000, &c.DBMaxConns},
		{"PASSWORD_HASHES_AT_ONCE", 1, 256, &c.HashesAtOnce},
		{"SIGNUPS_PER_ADDRESS_PER_HOUR", 1, 100000, &c.SignupsPerAddress},
		{"FAILED_SIGNINS_PER_ACCOUNT", 1, 1000, &c.FailedSignInsPerAccount},
		{"FAILED_SIGNINS_PER_ADDRESS", 1, 100000, &c.FailedSignInsPerAddress},
		{"MAX_HOLDINGS_PER_CONSUMER", 1, 10000, &c.MaxHoldings},
		{"TRANSCRIPT_PAGE_SIZE", 1, 1000, &c.TranscriptPage},
		{"HOLDINGS_PAGE_SIZE", 1, 1000, &c.HoldingsPage},
		{"MESSAGES_PER_MINUTE", 1, 10000, &c.MessagesPerMinute},
		{"WIDGET_SESSIONS_PER_ADDRESS_PER_HOUR", 1, 1000000, &c.Widget.SessionsPerAddress},
		{"WIDGET_SESSIONS_PER_PARTNER_PER_HOUR", 1, 100000000, &c.Widget.SessionsPerPartner},
		{"WIDGET_MESSAGES_PER_MINUTE", 1, 10000, &c.Widget.MessagesPerConversation},
		{"WIDGET_FINANCING_PER_ADDRESS_PER_MINUTE", 1, 1000000, &c.Widget.FinancingPerAddress},
		{"PARTNER_API_REQUESTS_PER_MINUTE", 1, 1000000, &c.Widget.PartnerRequestsPerMinute},
	} {
		if n, err := strconv.Atoi(get(l.name)); err != nil || n < l.min || n > l.max {
			bad(l.name, "%q must be a whole number from %d to %d", get(l.name), l.min, l.max)
		} else {
			*l.to = n
		}
	}
	c.ModelDir = strings.TrimSpace(getenv("NLU_MODEL_DIR"))
	if c.DebugAddr = strings.TrimSpace(getenv("DEBUG_ADDR")); c.DebugAddr != "" {
		// Profiles show the program's internals and cost CPU to take: never on a public address.
		host, port, err := net.SplitHostPort(c.DebugAddr)
		ip := net.ParseIP(host)
		if err != nil || (host != "localhost" && (ip == nil || !ip.IsLoopback())) {
			bad("DEBUG_ADDR", "%q must be a loopback host:port (for example 127.0.0.1:6060)", c.DebugAddr)
		} else if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
			bad("DEBUG_ADDR", "port %q must be a number from 0 to 65535", port)
		}
	}
	c.MetricsToken = strings.TrimSpace(getenv("METRICS_TOKEN"))
	if c.MetricsToken != "" && len(c.MetricsToken) < 16 {
		bad("METRICS_TOKEN", "is %d characters; use at least 16 (for example: openssl rand -hex 16) or unset it", len(c.MetricsToken))
	}
	for _, n := range strings.Split(getenv("TRUSTED_PROXIES"), ",") {
		if n = strings.TrimSpace(n); n == "" {
			continue
		}
		p, err := netip.ParsePrefix(n)
		if err != nil {
			if a, aerr := netip.ParseAddr(n); aerr == nil {
				p, err = a.Prefix(a.BitLen())
			}
		}
		if err != nil {
			bad("TRUSTED_PROXIES", "%q is not a network like 10.0.0.0/8 or an address", n)
			continue
		}
		c.TrustedProxies = append(c.TrustedProxies, p.Masked())
	}
	for _, d := range []struct {
		name     string
		min, max time.Duration
		into     *time.Duration
	}{
		{"CONSOLE_OFFER_TIMEOUT", time.Second, 10 * time.Minute, &c.Console.OfferTimeout},
		{"CONSOLE_HEARTBEAT_TIMEOUT", time.Second, 10 * time.Minute, &c.Console.HeartbeatTimeout},
		{"CONSOLE_GRACE", time.Second, time.Hour, &c.Console.Grace},
		{"CONSOLE_SLA_WARNING", time.Second, 24 * time.Hour, &c.Console.SLAWarning},
		{"WIDGET_TOKEN_TTL", 10 * time.Second, web.MaxWidgetTokenTTL, &c.Widget.TokenTTL},
	} {
		if v, err := time.ParseDuration(get(d.name)); err != nil || v < d.min || v > d.max {
			bad(d.name, "%q must be a duration from %s to %s (for example %s)", get(d.name), d.min, d.max, envDefault(d.name))
		} else {
			*d.into = v
		}
	}
	switch lv := strings.ToLower(get("LOG_LEVEL")); lv {
	case "debug":
		c.LogLevel = slog.LevelDebug
	case "info":
		c.LogLevel = slog.LevelInfo
	case "warn", "warning":
		c.LogLevel = slog.LevelWarn
	case "error":
		c.LogLevel = slog.LevelError
	default:
		bad("LOG_LEVEL", "%q is not one of debug, info, warn, error", lv)
	}
	if len(problems) > 0 {
		return Config{}, fmt.Errorf("configuration is not valid:\n  %w", joinLines(problems))
	}
	return c, nil
}

func envDefault(name string) string {
	for _, e := range envVars {
		if e.name == name {
			return e.def
		}
	}
	return ""
}

// UsesOfflinePlanner reports whether no LLM is configured.
func (c Config) UsesOfflinePlanner() bool { return c.OpenAIAPIKey == "" }

func joinLines(errs []error) error {
	lines := make([]string, len(errs))
	for i, e := range errs {
		lines[i] = e.Error()
	}
	return errors.New(strings.Join(lines, "\n  "))
}
