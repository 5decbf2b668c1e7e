package web

import (
	"bytes"
	"compress/gzip"
	"html/template"
	"regexp"
	"strings"
	"testing"
)

// renderConsole renders the console shell as the page route does: layout.html with
// console.html's blocks, for a signed-in staff member.
func renderConsole(t *testing.T, u *User) string {
	t.Helper()
	a, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := template.New("layout.html").Funcs(template.FuncMap{"asset": a.url}).
		ParseFS(staticFiles, "static/templates/layout.html", "static/templates/console.html")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, pageData{Title: "Console", Page: "console", User: u}); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// The console shell is as strict as the consumer pages: no inline script or style, nothing
// from another origin, every asset under a checksummed URL that exists.
func TestConsoleShellIsSelfContained(t *testing.T) {
	t.Parallel()
	body := renderConsole(t, &User{ID: 7, Email: "ana@example.com", Name: "Ana Ruiz", Role: RoleAgent})
	if regexp.MustCompile(`<script(?:\s[^>]*)?>\s*[^<\s]`).MatchString(body) || strings.Contains(body, "<style") || strings.Contains(body, " style=") {
		t.Errorf("console has inline script or style")
	}
	if regexp.MustCompile(`(?i)\son[a-z]+=`).MatchString(body) {
		t.Errorf("console has an inline event handler")
	}
	if regexp.MustCompile(`(?i)(src|href)="(https?:)?//`).MatchString(body) {
		t.Errorf("console loads something from another origin")
	}
	a, _ := loadAssets()
	found := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?:src|href)="/static/([^"]+)"`).FindAllStringSubmatch(body, -1) {
		if _, ok := a.files[m[1]]; !ok {
			t.Errorf("asset %s does not exist", m[1])
		}
		found[regexp.MustCompile(`\.[0-9a-f]{10}\.`).ReplaceAllString(m[1], ".")] = true
	}
	for _, want := range []string{"common.js", "console.js", "console-charts.js", "app.css", "console.css"} {
		if !found[want] {
			t.Errorf("console does not load %s", want)
		}
	}
	// The consumer navigation is replaced, not added to.
	if strings.Contains(body, `href="/holdings"`) {
		t.Errorf("the console shows the consumer navigation")
	}
	for _, want := range []string{`id="presence"`, `id="offers"`, `id="queue"`, `id="mine"`, `id="transcript"`, `role="log"`,
		`id="packet"`, `id="reply-text"`, `id="logout"`, `data-role="agent"`, `data-user-id="7"`, "Ana Ruiz"} {
		if !strings.Contains(body, want) {
			t.Errorf("console lacks %s", want)
		}
	}
}

// Staff see the navigation their role may use: the review queue and the audit log for
// supervisors and admins,
// the staff list for admins only (the API refuses the others too; this keeps dead links away).
func TestConsoleNavigationFollowsTheRole(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		role                  string
		reviews, audit, staff bool
	}{
		{RoleAgent, false, false, false},
		{RoleSupervisor, true, true, false},
		{RoleAdmin, true, true, true},
	} {
		body := renderConsole(t, &User{ID: 1, Email: "s@example.com", Role: tt.role})
		if got := strings.Contains(body, `href="/console/reviews"`); got != tt.reviews {
			t.Errorf("%s: review queue link shown %v, want %v", tt.role, got, tt.reviews)
		}
		if got := strings.Contains(body, `href="/console/audit"`); got != tt.audit {
			t.Errorf("%s: audit link shown %v, want %v", tt.role, got, tt.audit)
		}
		if got := strings.Contains(body, `href="/console/staff"`); got != tt.staff {
			t.Errorf("%s: staff link shown %v, want %v", tt.role, got, tt.staff)
		}
	}
}

// The layout's new blocks leave the consumer pages as they were.
func TestLayoutBlocksKeepConsumerPages(t *testing.T) {
	t.Parallel()
	p, err := loadPages()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := p.tmpl["holdings"].Execute(&buf, pageData{Title: "x", Page: "holdings", User: &User{Email: "a@example.com"}}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`href="/holdings"`, `aria-label="Main"`, "Sign out"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("holdings page lacks %s", want)
		}
	}
	if strings.Contains(buf.String(), "console") {
		t.Errorf("the console's blocks leak into a consumer page")
	}
}

// The console's own JavaScript and CSS stay small: under 40 KB gzipped together.
func TestConsoleWeight(t *testing.T) {
	t.Parallel()
	total := 0
	for _, name := range []string{"console.css", "console.js", "console-charts.js"} {
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
	if total > 40*1024 {
		t.Errorf("console assets are %d bytes gzipped, want under %d", total, 40*1024)
	}
}

// The console reads, from each event, only fields the document gives it: the console's own
// events as /api/v1/console/events documents them, and the held conversations' events as the
// conversation stream documents them, plus the conversation_id the console stream adds.
func TestConsoleScriptReadsOnlyDocumentedEventFields(t *testing.T) {
	t.Parallel()
	ct := contractDoc(t)
	raw, err := staticFiles.ReadFile("static/console.js")
	if err != nil {
		t.Fatal(err)
	}
	src := string(raw)
	start := strings.Index(src, "const handlers = {")
	end := strings.Index(src[start:], "\n  };\n")
	if start < 0 || end < 0 {
		t.Fatal("console.js has no handlers table")
	}
	handlers := src[start : start+end]
	fieldsOf := func(path, typ string) (map[string]bool, bool) {
		v, err := jsonPointer(ct.plain, "#/paths/"+escapePointer(path)+"/get/responses/200/x-events/"+escapePointer(typ))
		if err != nil {
			return nil, false
		}
		sch := v.(map[string]any)
		for {
			ref, ok := sch["$ref"].(string)
			if !ok {
				break
			}
			r, err := jsonPointer(ct.plain, ref)
			if err != nil {
				t.Fatal(err)
			}
			sch = r.(map[string]any)
		}
		out := map[string]bool{}
		props, _ := sch["properties"].(map[string]any)
		for k := range props {
			out[k] = true
		}
		return out, true
	}
	head := regexp.MustCompile(`(?m)^    "?([a-z.]+)"?\((\w*)\) \{`)
	heads := head.FindAllStringSubmatchIndex(handlers, -1)
	if len(heads) < 10 {
		t.Fatalf("found %d handlers in console.js", len(heads))
	}
	for i, h := range heads {
		event, param := handlers[h[2]:h[3]], handlers[h[4]:h[5]]
		fields, ok := fieldsOf("/api/v1/console/events", event)
		if !ok {
			if fields, ok = fieldsOf(eventsPath, event); !ok {
				t.Errorf("console.js handles %q, which neither event stream documents", event)
				continue
			}
			fields["conversation_id"] = true
		}
		if param == "" {
			continue
		}
		bodyEnd := len(handlers)
		if i+1 < len(heads) {
			bodyEnd = heads[i+1][0]
		}
		for _, m := range regexp.MustCompile(`\b`+param+`\.([a-z_]+)`).FindAllStringSubmatch(handlers[h[1]:bodyEnd], -1) {
			if !fields[m[1]] {
				t.Errorf("console.js reads %s.%s from a %s event; the document's event has %v", param, m[1], event, keys(fields))
			}
		}
	}
}
