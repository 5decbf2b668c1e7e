package main

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// The demo shop is a pretend merchant on its own origin (a second port), so the embed script,
// the widget's frame-ancestors and the partner's allowed origins are exercised as they are on
// a real merchant's site. It sends the strict Content-Security-Policy docs/widget.md gives
// merchants: Ratewise's origin in script-src, style-src, frame-src and connect-src, and no
// 'unsafe-inline' anywhere.
//
//go:embed demoshop
var demoShopFiles embed.FS

type demoShop struct {
	ratewise string // Ratewise's origin, e.g. http://localhost:8080
	key      string
	page     []byte
	list     []byte // the catalogue: every product with its financing message
	csp      string
}

func newDemoShop(ratewise, key string) (*demoShop, error) {
	var pages [2][]byte
	for i, name := range []string{"index.html", "catalogue.html"} {
		t, err := template.ParseFS(demoShopFiles, "demoshop/"+name)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := t.Execute(&buf, map[string]string{"Ratewise": ratewise, "Key": key}); err != nil {
			return nil, err
		}
		pages[i] = buf.Bytes()
	}
	csp := "default-src 'self'; script-src 'self' " + ratewise + "; style-src 'self' " + ratewise +
		"; frame-src " + ratewise + "; connect-src " + ratewise + "; img-src 'self' data:; base-uri 'none'; form-action 'self'; object-src 'none'"
	return &demoShop{ratewise: ratewise, key: key, page: pages[0], list: pages[1], csp: csp}, nil
}

func (s *demoShop) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", s.csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case "/", "/cart":
		// One page for both: the shop navigates between them on the client, like a
		// single-page app, so the loader is shown to survive client-side navigation.
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		_, _ = w.Write(s.page)
	case "/catalogue":
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		_, _ = w.Write(s.list)
	case "/shop.js", "/shop.css":
		body, err := demoShopFiles.ReadFile("demoshop" + r.URL.Path)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		ct := "text/css; charset=utf-8"
		if r.URL.Path == "/shop.js" {
			ct = "text/javascript; charset=utf-8"
		}
		h.Set("Content-Type", ct)
		_, _ = w.Write(body)
	default:
		http.NotFound(w, r)
	}
}

// startDemoShop serves the demo shop on addr until ctx ends and returns its base URL.
func startDemoShop(ctx context.Context, log *slog.Logger, addr, ratewise, key string) (string, error) {
	shop, err := newDemoShop(ratewise, key)
	if err != nil {
		return "", err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("demo shop: listen on %s: %w (choose another with --demo-shop)", addr, err)
	}
	srv := &http.Server{Handler: shop, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("demo shop stopped", "err", err)
		}
	}()
	return baseURL(ln.Addr()), nil
}
