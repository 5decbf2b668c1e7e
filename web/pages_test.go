package web

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func TestPagesNeedSignInWhereTheyShould(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	tests := []struct {
		path, wantLocation string
		wantStatus         int
	}{
		{"/", "/login?next=%2F", 303},
		{"/holdings", "/login?next=%2Fholdings", 303},
		{"/login", "", 200},
		{"/signup", "", 200},
		{"/help", "", 200},
		{"/offers/42", "", 200},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := newClient(t, s).do("GET", tt.path, nil)
			if rec.Code != tt.wantStatus || rec.Header().Get("Location") != tt.wantLocation {
				t.Fatalf("status %d location %q, want %d %q", rec.Code, rec.Header().Get("Location"), tt.wantStatus, tt.wantLocation)
			}
		})
	}
	cl := newClient(t, s)
	signUp(t, cl, "ada@example.com")
	for _, p := range []string{"/", "/holdings"} {
		rec := cl.do("GET", p, nil)
		if rec.Code != 200 {
			t.Fatalf("%s signed in: %d", p, rec.Code)
		}
		if !strings.Contains(rec.Body.String(), "Sign out") {
			t.Errorf("%s does not offer to sign out", p)
		}
	}
	// A signed-in visitor of /login goes where next says, but never off the site.
	for next, want := range map[string]string{
		"/holdings": "/holdings", "/help?q=apr": "/help?q=apr", "//evil.example/x": "/", "https://evil.example": "/",
		"/\\evil.example": "/", "/\t/evil.example": "/", "/%09/evil.example": "/%09/evil.example", "javascript:alert(1)": "/",
	} {
		t.Run("next="+next, func(t *testing.T) {
			if rec := cl.do("GET", "/login?next="+url.QueryEscape(next), nil); rec.Header().Get("Location") != want {
				t.Errorf("Location %q, want %q", rec.Header().Get("Location"), want)
			}
		})
	}
}

func TestChatPageIsSafeAndSelfContained(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	cl := newClient(t, s)
	signUp(t, cl, "ada@example.com")
	rec := cl.do("GET", "/", nil)
	h := rec.Header()
	csp := h.Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "frame-ancestors 'none'", "default-src 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("CSP allows inline or eval: %q", csp)
	}
	if h.Get("X-Frame-Options") != "DENY" {
		t.Errorf("X-Frame-Options = %q", h.Get("X-Frame-Options"))
	}
	if h.Get("Cache-Control") != "no-store" {
		t.Errorf("a page naming the user is cacheable: %q", h.Get("Cache-Control"))
	}
	body := rec.Body.String()
	// No inline script or style, no third-party URL, and every asset under a checksummed URL.
	if regexp.MustCompile(`<script(?:\s[^>]*)?>\s*[^<\s]`).MatchString(body) || strings.Contains(body, "<style") || strings.Contains(body, " style=") {
		t.Errorf("page has inline script or style")
	}
	if regexp.MustCompile(`(?i)(src|href)="(https?:)?//`).MatchString(body) {
		t.Errorf("page loads something from another origin")
	}
	assets := regexp.MustCompile(`(?:src|href)="(/static/[^"]+)"`).FindAllStringSubmatch(body, -1)
	if len(assets) < 3 {
		t.Fatalf("found %d assets in the page", len(assets))
	}
	for _, m := range assets {
		if !regexp.MustCompile(`\.[0-9a-f]{10}\.(js|css|svg)$`).MatchString(m[1]) {
			t.Errorf("asset %s has no checksum in its URL", m[1])
		}
		r := cl.do("GET", m[1], nil)
		if r.Code != 200 || !strings.Contains(r.Header().Get("Cache-Control"), "immutable") {
			t.Errorf("%s: status %d cache %q", m[1], r.Code, r.Header().Get("Cache-Control"))
		}
	}
	if r := cl.do("GET", "/static/chat.0000000000.js", nil); r.Code != 404 {
		t.Errorf("a stale asset URL: %d, want 404", r.Code)
	}
	// Completed answers are announced once through their own live region; the transcript is
	// not one, so streamed pieces, cards and chart labels are not read out as they arrive.
	for _, want := range []string{`<div id="announcer" class="visually-hidden" aria-live="polite">`, `<ol id="messages" class="messages" aria-label="Conversation">`, `<label for="text"`, `Talk to a person`} {
		if !strings.Contains(body, want) {
			t.Errorf("chat page lacks %s", want)
		}
	}
}

// The chat page's own JavaScript and CSS stay small: under 60 KB gzipped together.
func TestChatPageWeight(t *testing.T) {
	t.Parallel()
	total := 0
	for _, name := range []string{"app.css", "common.js", "chart.js", "chat.js", "icon.svg"} {
		raw, err := staticFiles.ReadFile("static/" + name)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(raw)
		zw.Close()
		total += buf.Len()
		t.Logf("%s: %d bytes, %d gzipped", name, len(raw), buf.Len())
	}
	if total > 60*1024 {
		t.Errorf("chat page assets are %d bytes gzipped, want under %d", total, 60*1024)
	}
}

// Text from people and models goes in with textContent; nothing in our scripts parses HTML.
func TestScriptsNeverInsertHTML(t *testing.T) {
	t.Parallel()
	bad := regexp.MustCompile(`innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(|setAttribute\(\s*"style"`)
	err := fs.WalkDir(staticFiles, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".js") {
			return err
		}
		raw, _ := staticFiles.ReadFile(p)
		for i, line := range strings.Split(string(raw), "\n") {
			if bad.MatchString(line) {
				t.Errorf("%s:%d: %s", p, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Text colours in app.css meet WCAG AA (4.5:1) on the backgrounds they are used on.
func TestColourContrast(t *testing.T) {
	t.Parallel()
	raw, err := staticFiles.ReadFile("static/app.css")
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{}
	for _, m := range regexp.MustCompile(`--([a-z-]+):\s*(#[0-9a-f]{6})`).FindAllStringSubmatch(string(raw), -1) {
		vars[m[1]] = m[2]
	}
	col := func(name string) string {
		if strings.HasPrefix(name, "#") {
			return name
		}
		v, ok := vars[name]
		if !ok {
			t.Fatalf("app.css has no --%s", name)
		}
		return v
	}
	tests := []struct{ what, fg, bg string }{
		{"body text", "ink", "bg"},
		{"text on cards", "ink", "surface"},
		{"hints and labels", "muted", "bg"},
		{"muted text on cards", "muted", "surface"},
		{"links", "brand", "bg"},
		{"secondary buttons", "brand", "surface"},
		{"secondary buttons, hovered", "brand", "#e8f0fa"},
		{"primary buttons and your messages", "brand-ink", "brand"},
		{"primary buttons, hovered", "brand-ink", "brand-dark"},
		{"errors", "bad", "surface"},
		{"errors on the page", "bad", "bg"},
		{"savings", "good", "surface"},
		{"agent messages", "ink", "agent-bg"},
		{"agent name", "#7a4300", "bg"},
	}
	for _, tt := range tests {
		fg, bg := col(tt.fg), col(tt.bg)
		t.Run(tt.what, func(t *testing.T) {
			if got := contrast(fg, bg); got < 4.5 {
				t.Errorf("%s on %s has contrast %.2f, want ≥ 4.5", fg, bg, got)
			}
		})
	}
	// The agent name colour must be the one the stylesheet uses.
	if !strings.Contains(string(raw), ".msg.agent .who { color: #7a4300; }") {
		t.Errorf("the agent name colour in app.css changed; update this test")
	}
}

// contrast is the WCAG 2 contrast ratio of two #rrggbb colours.
func contrast(a, b string) float64 {
	lum := func(hex string) float64 {
		var rgb [3]float64
		for i := range rgb {
			var v int
			fmt.Sscanf(hex[1+2*i:3+2*i], "%02x", &v)
			c := float64(v) / 255
			if c <= 0.04045 {
				rgb[i] = c / 12.92
			} else {
				rgb[i] = math.Pow((c+0.055)/1.055, 2.4)
			}
		}
		return 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]
	}
	la, lb := lum(a), lum(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}
