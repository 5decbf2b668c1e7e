package web

import (
	"bytes"
	"compress/gzip"
	"regexp"
	"strings"
	"testing"
)

// maxEmbedGzip is the loader's budget on the merchant's page: 6 KB gzipped.
const maxEmbedGzip = 6 * 1024

// The loader is measured as a server sends it (gzip at the default level) and at the best level.
func TestEmbedScriptWeight(t *testing.T) {
	t.Parallel()
	raw, err := staticFiles.ReadFile("static/embed.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, level := range []int{gzip.DefaultCompression, gzip.BestCompression} {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, level)
		_, _ = zw.Write(raw)
		_ = zw.Close()
		t.Logf("embed.js: %d bytes, %d gzipped (level %d)", len(raw), buf.Len(), level)
		if buf.Len() > maxEmbedGzip {
			t.Errorf("embed.js is %d bytes gzipped at level %d, want at most %d", buf.Len(), level, maxEmbedGzip)
		}
	}
}

// What the loader must never do on a merchant's page, checked in its source: post to any
// origin, take over window.onmessage, write HTML or inline styles, evaluate strings, or keep
// anything in the page's cookies or storage (the chat frame keeps its own).
func TestEmbedScriptStaysInItsLane(t *testing.T) {
	t.Parallel()
	raw, err := staticFiles.ReadFile("static/embed.js")
	if err != nil {
		t.Fatal(err)
	}
	src := string(raw)
	for _, bad := range []struct{ re, why string }{
		{`postMessage\([^)]*["']\*["']`, "posts to '*'"},
		{`(^|[^.\w])onmessage\s*=|\b(w|window|self|top|parent|globalThis)\.onmessage\s*=|addEventListener\(\s*["']message`, "listens to window messages (all talk runs over its MessagePort)"},
		{`innerHTML|outerHTML|insertAdjacentHTML|document\.write|DOMParser`, "parses HTML"},
		{`\beval\(|new Function\(|setTimeout\(\s*["']`, "evaluates a string"},
		{`setAttribute\(\s*["']style|\.style\s*=[^=]|cssText|createElement\(\s*["']style`, "writes inline style"},
		{`document\.cookie|localStorage|sessionStorage|indexedDB`, "touches the page's cookies or storage"},
		{`\brequire\(|\bimport\b`, "has a dependency"},
	} {
		for i, line := range strings.Split(src, "\n") {
			if regexp.MustCompile(bad.re).MatchString(line) {
				t.Errorf("embed.js:%d %s: %s", i+1, bad.why, strings.TrimSpace(line))
			}
		}
	}
	// One global: the loader's code runs inside a function and assigns only window.Ratewise.
	globals := regexp.MustCompile(`\bw\.([A-Za-z_$]+)\s*=[^=]`).FindAllStringSubmatch(src, -1)
	for _, g := range globals {
		if g[1] != "Ratewise" {
			t.Errorf("embed.js sets the global %s", g[1])
		}
	}
	if len(globals) == 0 || !strings.HasPrefix(strings.TrimSpace(src[strings.Index(src, "*/")+2:]), "((w, d) => {") {
		t.Error("embed.js should be one function that sets window.Ratewise and nothing else")
	}
}
