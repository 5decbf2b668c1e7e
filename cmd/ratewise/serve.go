package main

import (
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"strings"
	"sync"
	"time"

	"ratewise"
	"ratewise/assistant"
	"ratewise/assistant/nlu"
	"ratewise/db"
	"ratewise/offers"
	"ratewise/retrieval"
	"ratewise/web"
)

func setupServe(fs *flag.FlagSet) runFunc {
	migrate := fs.Bool("migrate", false, "apply pending migrations before serving instead of refusing to start")
	shopAddr := fs.String("demo-shop", "", "also serve the demo merchant's shop on this address (host:port), a second origin that embeds the widget")
	shopKey := fs.String("demo-shop-key", "", "the publishable key the demo shop embeds (default: the demo merchant's, as `ratewise seed` made it)")
	return func(ctx context.Context, env *Env, args []string) error {
		if len(args) > 0 {
			return fmt.Errorf("%w: unexpected argument %q", errUsage, args[0])
		}
		if err := checkSchema(ctx, env, *migrate); err != nil {
			return err
		}
		pool, err := db.OpenPool(ctx, env.Config.DatabaseURL, env.Config.DBMaxConns)
		if err != nil {
			return err
		}
		defer pool.Close()
		// The background loops stop, and are waited for, before the pool closes, however
		// serve returns: they must not write to a closed pool or log after serve is over.
		ctx, cancel := context.WithCancel(ctx)
		var loops sync.WaitGroup
		defer loops.Wait()
		defer cancel()

		emb, err := newEmbedder(env.Config)
		if err != nil {
			return err
		}
		kb := retrieval.NewIndex(pool, emb, env.Log)
		catalogue := offers.NewStore(pool)
		catalogue.MaxHoldings = env.Config.MaxHoldings
		loops.Go(func() {
			(&assistant.PassageRefresher{Store: catalogue, Index: kb}).Run(ctx, offerPassageRefresh, env.Log)
		})
		chat, err := newAssistant(ctx, env, pool, catalogue, kb)
		if err != nil {
			return err
		}
		defer chat.Close()
		// The understanding trains now (a few seconds) or is read where an earlier start kept
		// it, so the first message does not wait for it.
		nlu.SetModelDir(env.Config.ModelDir)
		go assistant.WarmUp()
		// Turns left pending or cut off by a stopped process are picked up now, not at the
		// next message.
		chat.Start()

		console := assistant.NewConsole(chat, env.Config.Console)
		console.Names = web.NewUsers(pool)
		// Every instance runs the console loop: durable timers and dispatch, done once
		// whichever instance gets there first.
		loops.Go(func() { console.Run(ctx) })

		widget := env.Config.Widget
		widget.Secret = []byte(env.Config.SessionSecret)
		if len(widget.Secret) == 0 {
			widget.Secret = make([]byte, 32)
			if _, err := rand.Read(widget.Secret); err != nil {
				return err
			}
			env.Log.Warn("SESSION_SECRET is not set: merchant widget tokens are signed with a random secret made now, so open widget chats end when this instance restarts and no other instance accepts them; set SESSION_SECRET (at least 32 characters) to keep them")
		}
		srv := web.New(web.Config{HashesAtOnce: env.Config.HashesAtOnce, SignupsPerAddress: env.Config.SignupsPerAddress, MessagesPerMinute: env.Config.MessagesPerMinute,
			TranscriptPage: env.Config.TranscriptPage, HoldingsPage: env.Config.HoldingsPage, FailedSignInsPerAccount: env.Config.FailedSignInsPerAccount, FailedSignInsPerAddress: env.Config.FailedSignInsPerAddress,
			MetricsToken: env.Config.MetricsToken, TrustedProxies: env.Config.TrustedProxies, Widget: widget},
			web.Deps{Log: env.Log, Pool: pool, Offers: catalogue, KB: kb, Assistant: chat, Console: console,
				SyncOfferPassages: func(ctx context.Context) error {
					_, _, err := assistant.SyncOfferPassages(ctx, catalogue, kb)
					return err
				},
				WarmingUp: assistant.WarmingUp})
		ln, err := net.Listen("tcp", env.Config.ListenAddr)
		if err != nil {
			return fmt.Errorf("listen on %s: %w (is another server using that port? set LISTEN_ADDR)", env.Config.ListenAddr, err)
		}
		base := baseURL(ln.Addr())
		fmt.Fprintf(env.Stdout, "Ratewise is serving on %s\n", base)
		for _, p := range []struct{ path, what string }{
			{"/", "chat (consumers)"},
			{"/signup", "create an account"},
			{"/console", "support console (staff)"},
			{"/holdings", "loans and policies"},
			{"/help", "help search"},
			{"/healthz", "liveness"},
			{"/readyz", "readiness (database, warm-up)"},
			{"/metrics", "Prometheus metrics"},
			{"/kb", "help articles"},
		} {
			fmt.Fprintf(env.Stdout, "  %-22s %s%s\n", p.what, base, p.path)
		}
		if *shopAddr != "" {
			// The demo merchant's key is the one the seed gave it, read back rather than
			// repeated here.
			key := *shopKey
			if key == "" {
				m, err := catalogue.MerchantByName(ctx, demoMerchant)
				if ratewise.ErrorCode(err) == ratewise.ENOTFOUND {
					return fmt.Errorf("demo shop: the demo merchant %q has no keys: run `ratewise seed` first", demoMerchant)
				}
				if err != nil {
					return err
				}
				key = m.PublishableKey
			}
			shop, err := startDemoShop(ctx, env.Log, *shopAddr, base, key)
			if err != nil {
				return err
			}
			// The demo merchant is allowed on the shop's origin however it was started (a
			// port the system chose, another host name), not only on the seeded ones.
			if *shopKey == "" {
				if _, err := catalogue.EnsureMerchantKeys(ctx, demoMerchant, key, []string{shop}); err != nil {
					return fmt.Errorf("demo shop: %w", err)
				}
			}
			fmt.Fprintf(env.Stdout, "  %-22s %s/\n", "demo shop (merchant)", shop)
		}
		if env.Config.DebugAddr != "" {
			addr, err := serveDebug(ctx, env.Config.DebugAddr)
			if err != nil {
				return err
			}
			env.Log.Info("serving runtime profiles", "addr", addr+"/debug/pprof/")
		}
		env.Log.Info("serving", "addr", ln.Addr().String(), "offline_planner", env.Config.UsesOfflinePlanner())
		return srv.Run(ctx, ln)
	}
}

// serveDebug serves Go's runtime profiles on addr (a loopback address, checked by LoadConfig)
// until ctx ends, and returns the address it listens on.
func serveDebug(ctx context.Context, addr string) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("DEBUG_ADDR: listen on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	// A CPU profile or trace runs for as long as asked (?seconds=, 30 by default).
	s := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = s.Serve(ln) }()
	go func() {
		<-ctx.Done()
		_ = s.Close()
	}()
	return ln.Addr().String(), nil
}

// checkSchema refuses to serve on an outdated schema unless told to migrate.
func checkSchema(ctx context.Context, env *Env, migrate bool) error {
	conn, err := db.Connect(ctx, env.Config.DatabaseURL)
	if err != nil {
		return fmt.Errorf("%w\n  start it with scripts/db.sh (or make run), or set DATABASE_URL", err)
	}
	defer conn.Close(ctx)
	if migrate {
		applied, err := db.Migrate(ctx, conn)
		if err != nil {
			return err
		}
		if len(applied) > 0 {
			env.Log.Info("migrated", "applied", applied)
		}
		return nil
	}
	pending, err := db.Pending(ctx, conn)
	if err != nil {
		return err
	}
	if len(pending) > 0 {
		return fmt.Errorf("the database schema is out of date: %d migration(s) pending (%s)\n  run `ratewise migrate` first, or start with `ratewise serve --migrate`",
			len(pending), strings.Join(pending, ", "))
	}
	return nil
}

func baseURL(addr net.Addr) string {
	host, port, _ := net.SplitHostPort(addr.String())
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}
