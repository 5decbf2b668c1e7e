package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"ratewise/assistant"
	"ratewise/db/dbtest"
	"ratewise/offers"
	"ratewise/retrieval"
)

var httpMethods = []string{"get", "put", "post", "delete", "patch", "head", "options", "trace"}

// fullServer registers every route: each domain dependency is present.
func fullServer(t *testing.T) *Server {
	t.Helper()
	pool := dbtest.NewPool(t)
	store := offers.NewStore(pool)
	eng := assistant.NewEngine(pool, assistant.NewBus(pool, quietLog()), nil, store, nil, quietLog())
	t.Cleanup(eng.Close)
	kb := retrieval.NewIndex(pool, retrieval.NewLocalEmbedder(384), nil)
	return New(testConfig(), Deps{Log: quietLog(), Pool: pool, Offers: store, KB: kb, Assistant: eng, Console: assistant.NewConsole(eng, assistant.ConsoleSettings{})})
}

// openAPIPath turns echo's "/api/v1/holdings/:id" into the document's "/api/v1/holdings/{id}".
var echoParam = regexp.MustCompile(`:([A-Za-z0-9_]+)`)

func openAPIPath(route string) string { return echoParam.ReplaceAllString(route, "{$1}") }

// Every route the server registers is in the document, and every route in the document is
// registered: pages and static assets included, so the one document is the whole surface.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	t.Parallel()
	s := fullServer(t)
	registered := map[string]bool{}
	for _, r := range s.echo.Routes() {
		if r.Method == echo.RouteNotFound {
			continue // a group's catch-all, so its middleware (requireUser) runs on unknown paths too
		}
		registered[strings.ToUpper(r.Method)+" "+openAPIPath(r.Path)] = true
	}
	documented := map[string]bool{}
	for path, item := range contractDoc(t).plain["paths"].(map[string]any) {
		for method := range item.(map[string]any) {
			if slices.Contains(httpMethods, method) {
				documented[strings.ToUpper(method)+" "+path] = true
			}
		}
	}
	var missing, extra []string
	for r := range registered {
		if !documented[r] {
			missing = append(missing, r)
		}
	}
	for r := range documented {
		if !registered[r] {
			extra = append(extra, r)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	for _, r := range missing {
		t.Errorf("registered but not in web/openapi.json: %s", r)
	}
	for _, r := range extra {
		t.Errorf("in web/openapi.json but not registered: %s", r)
	}
	if len(registered) < 30 {
		t.Errorf("only %d routes registered; the server should have all its domains", len(registered))
	}
}

// The document is well formed: OpenAPI 3.1, unique operation ids, every path parameter
// declared, every $ref resolving and every schema a valid JSON Schema.
func TestOpenAPIDocumentIsWellFormed(t *testing.T) {
	t.Parallel()
	ct := contractDoc(t)
	doc := ct.plain
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.1.") {
		t.Fatalf("openapi = %q, want 3.1.x", v)
	}
	ids := map[string]string{}
	for path, item := range doc["paths"].(map[string]any) {
		want := map[string]bool{}
		for _, m := range regexp.MustCompile(`\{([^}]+)\}`).FindAllStringSubmatch(path, -1) {
			want[m[1]] = true
		}
		for method, o := range item.(map[string]any) {
			op := o.(map[string]any)
			where := strings.ToUpper(method) + " " + path
			id, _ := op["operationId"].(string)
			if id == "" {
				t.Errorf("%s has no operationId", where)
			} else if prev, dup := ids[id]; dup {
				t.Errorf("operationId %s is used by %s and %s", id, prev, where)
			}
			ids[id] = where
			if rs, _ := op["responses"].(map[string]any); len(rs) == 0 {
				t.Errorf("%s documents no response", where)
			}
			got := map[string]bool{}
			params, _ := op["parameters"].([]any)
			for _, p := range params {
				p := p.(map[string]any)
				if p["in"] == "path" {
					got[p["name"].(string)] = true
					if p["required"] != true {
						t.Errorf("%s: path parameter %s is not required", where, p["name"])
					}
				}
			}
			for name := range want {
				if !got[name] {
					t.Errorf("%s does not declare its path parameter %s", where, name)
				}
			}
			for name := range got {
				if !want[name] {
					t.Errorf("%s declares path parameter %s, not in its path", where, name)
				}
			}
		}
	}
	var refs []string
	walkJSON(doc, func(m map[string]any) {
		if r, ok := m["$ref"].(string); ok {
			refs = append(refs, r)
		}
	})
	for _, r := range refs {
		if _, err := jsonPointer(doc, r); err != nil {
			t.Errorf("$ref %s: %v", r, err)
		}
	}
	for name := range doc["components"].(map[string]any)["schemas"].(map[string]any) {
		if _, err := ct.schema(false, "#/components/schemas/"+escapePointer(name)); err != nil {
			t.Errorf("schema %s: %v", name, err)
		}
	}
}

func TestOpenAPIDocumentIsServed(t *testing.T) {
	t.Parallel()
	s := New(Config{}, Deps{Log: quietLog()})
	rec, _ := do(t, s, http.MethodGet, "/api/v1/openapi.json", "")
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("status %d, type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	if !bytes.Equal(rec.Body.Bytes(), openAPI) {
		t.Error("the served document is not web/openapi.json")
	}
}

// The contract checker itself: a response that breaks the document is caught.
func TestContractCheckerCatchesDrift(t *testing.T) {
	t.Parallel()
	ct := contractDoc(t)
	for _, tt := range []struct {
		name, status, body string
		ok                 bool
	}{
		{"documented shape", "200", `{"user":{"id":1,"email":"a@example.com","name":"","role":"consumer"}}`, true},
		{"an undocumented field", "200", `{"user":{"id":1,"email":"a@example.com","name":"","role":"consumer","nickname":"x"}}`, false},
		{"a missing field", "200", `{"user":{"id":1,"email":"a@example.com","name":""}}`, false},
		{"a renamed field", "200", `{"users":{"id":1,"email":"a@example.com","name":"","role":"consumer"}}`, false},
		{"the error shape", "401", `{"error":{"code":"unauthenticated","message":"Sign in first.","request_id":"x"}}`, true},
		{"an undocumented status", "418", `{}`, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, _ := strconv.Atoi(tt.status)
			err := ct.checkResponse("get", "/api/v1/me", status, "application/json", []byte(tt.body))
			if (err == nil) != tt.ok {
				t.Errorf("ok = %v, want %v (%v)", err == nil, tt.ok, err)
			}
		})
	}
	if err := ct.checkEvent("tool.started", `{"reply_to":1,"call_id":"c","name":"compare","label":"Comparing…"}`); err != nil {
		t.Errorf("a documented event: %v", err)
	}
	if err := ct.checkEvent("tool.started", `{"reply_to":1,"id":"c","tool":"compare","text":"Comparing…"}`); err == nil {
		t.Error("an event with other field names passed")
	}
}

// The chat page reads, from each event, only fields the document says the event has: an
// alternative name read "just in case" would hide a change of the contract.
func TestChatScriptReadsOnlyDocumentedEventFields(t *testing.T) {
	t.Parallel()
	ct := contractDoc(t)
	raw, err := staticFiles.ReadFile("static/chat.js")
	if err != nil {
		t.Fatal(err)
	}
	src := string(raw)
	start := strings.Index(src, "const handlers = {")
	end := strings.Index(src[start:], "\n  };\n")
	if start < 0 || end < 0 {
		t.Fatal("chat.js has no handlers table")
	}
	handlers := src[start : start+end]
	// Each handler is `"event.name"(d) {` or `name(d) {` at two spaces of indentation.
	head := regexp.MustCompile(`(?m)^    "?([a-z.]+)"?\((\w*)\) \{`)
	heads := head.FindAllStringSubmatchIndex(handlers, -1)
	if len(heads) < 10 {
		t.Fatalf("found %d handlers in chat.js", len(heads))
	}
	for i, h := range heads {
		event, param := handlers[h[2]:h[3]], handlers[h[4]:h[5]]
		bodyEnd := len(handlers)
		if i+1 < len(heads) {
			bodyEnd = heads[i+1][0]
		}
		body := handlers[h[1]:bodyEnd]
		fields := ct.eventFields(t, event)
		if param == "" {
			continue
		}
		for _, m := range regexp.MustCompile(`\b`+param+`\.([a-z_]+)`).FindAllStringSubmatch(body, -1) {
			if !fields[m[1]] && m[1] != "length" {
				t.Errorf("chat.js reads %s.%s from a %s event; the document's event has %v", param, m[1], event, keys(fields))
			}
		}
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// contract is the OpenAPI document compiled for the tests. The strict copy closes every
// documented object (unevaluatedProperties: false), so a response field the document does not
// list fails the test that produced it; the published document stays open, as fields may be
// added. Requests are checked against the published one.
type contract struct {
	plain, strict map[string]any
	mu            sync.Mutex
	compilers     [2]*jsonschema.Compiler
	schemas       map[string]*jsonschema.Schema
}

var loadContract = sync.OnceValues(func() (*contract, error) {
	ct := &contract{schemas: map[string]*jsonschema.Schema{}}
	for i, strict := range []bool{false, true} {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(openAPI))
		if err != nil {
			return nil, err
		}
		m := doc.(map[string]any)
		if strict {
			walkJSON(m, func(o map[string]any) {
				_, props := o["properties"]
				_, add := o["additionalProperties"]
				_, uneval := o["unevaluatedProperties"]
				if props && !add && !uneval {
					o["unevaluatedProperties"] = false
				}
			})
			ct.strict = m
		} else {
			ct.plain = m
		}
		c := jsonschema.NewCompiler()
		c.DefaultDraft(jsonschema.Draft2020)
		if err := c.AddResource("openapi.json", m); err != nil {
			return nil, err
		}
		ct.compilers[i] = c
	}
	return ct, nil
})

func contractDoc(t testing.TB) *contract {
	t.Helper()
	ct, err := loadContract()
	if err != nil {
		t.Fatalf("web/openapi.json: %v", err)
	}
	return ct
}

func (ct *contract) schema(strict bool, pointer string) (*jsonschema.Schema, error) {
	ct.mu.Lock()
	defer ct.mu.Unlock()
	key := strconv.FormatBool(strict) + pointer
	if sch, ok := ct.schemas[key]; ok {
		return sch, nil
	}
	i := 0
	if strict {
		i = 1
	}
	sch, err := ct.compilers[i].Compile("openapi.json" + pointer)
	if err != nil {
		return nil, err
	}
	ct.schemas[key] = sch
	return sch, nil
}

func (ct *contract) validate(strict bool, pointer string, body []byte) error {
	sch, err := ct.schema(strict, pointer)
	if err != nil {
		return err
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("not JSON: %v", err)
	}
	return sch.Validate(v)
}

// operation returns the document's operation for method and path, with its JSON pointer.
func (ct *contract) operation(method, path string) (map[string]any, string, bool) {
	item, ok := ct.plain["paths"].(map[string]any)[path].(map[string]any)
	if !ok {
		return nil, "", false
	}
	op, ok := item[method].(map[string]any)
	return op, "#/paths/" + escapePointer(path) + "/" + method, ok
}

// checkResponse checks a response against the operation's documented statuses and content.
func (ct *contract) checkResponse(method, path string, status int, contentType string, body []byte) error {
	op, ptr, ok := ct.operation(method, path)
	if !ok {
		return nil
	}
	r, ok := op["responses"].(map[string]any)[strconv.Itoa(status)].(map[string]any)
	if !ok {
		return fmt.Errorf("status %d is not documented", status)
	}
	ptr += "/responses/" + strconv.Itoa(status)
	if ref, ok := r["$ref"].(string); ok {
		resolved, err := jsonPointer(ct.plain, ref)
		if err != nil {
			return err
		}
		r, ptr = resolved.(map[string]any), ref
	}
	content, _ := r["content"].(map[string]any)
	if len(content) == 0 {
		if len(body) > 0 {
			return fmt.Errorf("status %d is documented without a body; got %q", status, body)
		}
		return nil
	}
	mt, _, _ := strings.Cut(contentType, ";")
	if _, ok := content[mt]; !ok && content["*/*"] == nil {
		return fmt.Errorf("content type %q is not documented for status %d (documented: %v)", mt, status, content)
	}
	if mt != echo.MIMEApplicationJSON {
		return nil
	}
	if err := ct.validate(true, ptr+"/content/"+escapePointer(mt)+"/schema", body); err != nil {
		return fmt.Errorf("status %d body does not match the document: %v\nbody: %.2000s", status, err, body)
	}
	return nil
}

// checkRequest checks a request body that the server accepted against the documented one.
func (ct *contract) checkRequest(method, path string, body []byte) error {
	op, ptr, ok := ct.operation(method, path)
	if !ok || len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	if _, ok := op["requestBody"]; !ok {
		return nil
	}
	if err := ct.validate(false, ptr+"/requestBody/content/application~1json/schema", body); err != nil {
		return fmt.Errorf("an accepted request body does not match the document: %v\nbody: %.2000s", err, body)
	}
	return nil
}

const eventsPath = "/api/v1/conversations/{id}/events"

// checkEvent checks one event's data against the schema x-events documents for its type.
func (ct *contract) checkEvent(typ, data string) error {
	ptr := "#/paths/" + escapePointer(eventsPath) + "/get/responses/200/x-events/" + escapePointer(typ)
	if _, err := jsonPointer(ct.strict, ptr); err != nil {
		return fmt.Errorf("event type %q is not documented", typ)
	}
	if err := ct.validate(true, ptr, []byte(data)); err != nil {
		return fmt.Errorf("%s event does not match the document: %v\ndata: %.2000s", typ, err, data)
	}
	return nil
}

// eventFields returns the top-level fields the document gives an event's data.
func (ct *contract) eventFields(t *testing.T, typ string) map[string]bool {
	t.Helper()
	v, err := jsonPointer(ct.plain, "#/paths/"+escapePointer(eventsPath)+"/get/responses/200/x-events/"+escapePointer(typ))
	if err != nil {
		t.Fatalf("chat.js handles %q, which the document does not list", typ)
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
	return out
}

// checkContract checks what a test sent and got through h against the document, when h is a
// Server and the route is a documented one.
func checkContract(t testing.TB, h http.Handler, req *http.Request, reqBody []byte, rec *httptest.ResponseRecorder) {
	t.Helper()
	s, ok := h.(*Server)
	if !ok || req.Method == http.MethodHead {
		return
	}
	c := s.echo.NewContext(req, nil)
	s.echo.Router().Find(req.Method, req.URL.Path, c)
	if c.Path() == "" {
		return
	}
	ct := contractDoc(t)
	method, path := strings.ToLower(req.Method), openAPIPath(c.Path())
	if err := ct.checkResponse(method, path, rec.Code, rec.Header().Get(echo.HeaderContentType), rec.Body.Bytes()); err != nil {
		t.Errorf("%s %s (route %s): %v", req.Method, req.URL.Path, path, err)
	}
	if rec.Code < 300 {
		if err := ct.checkRequest(method, path, reqBody); err != nil {
			t.Errorf("%s %s (route %s): %v", req.Method, req.URL.Path, path, err)
		}
	}
}

func walkJSON(v any, f func(map[string]any)) {
	switch v := v.(type) {
	case map[string]any:
		f(v)
		for _, c := range v {
			walkJSON(c, f)
		}
	case []any:
		for _, c := range v {
			walkJSON(c, f)
		}
	}
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// jsonPointer resolves a local reference ("#/components/schemas/Offer") in doc.
func jsonPointer(doc any, ref string) (any, error) {
	if !strings.HasPrefix(ref, "#/") {
		return nil, fmt.Errorf("not a local reference")
	}
	v := doc
	for _, part := range strings.Split(ref[2:], "/") {
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s: %q is inside a non-object", ref, part)
		}
		if v, ok = m[part]; !ok {
			return nil, fmt.Errorf("%s: no %q", ref, part)
		}
	}
	return v, nil
}
