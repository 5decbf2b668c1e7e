// Package openaitest is a scripted OpenAI-compatible Chat Completions server on loopback for
// tests: each request gets the next scripted step, written in the real wire format (JSON, or
// server-sent chunks ending in [DONE] when the request streams). It is test support only and
// must not be used by production code.
package openaitest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
)

// Request is what the server received, decoded.
type Request struct {
	Model    string `json:"model"`
	Stream   bool   `json:"stream"`
	Messages []struct {
		Role       string `json:"role"`
		Content    string `json:"content"`
		ToolCallID string `json:"tool_call_id"`
		ToolCalls  []struct {
			ID       string `json:"id"`
			Function struct {
				Name      string `json:"name"`
				Arguments string `json:"arguments"`
			} `json:"function"`
		} `json:"tool_calls"`
	} `json:"messages"`
	Tools []struct {
		Function struct {
			Name string `json:"name"`
		} `json:"function"`
	} `json:"tools"`
}

// Step answers one request.
type Step func(w http.ResponseWriter, r *http.Request, req Request)

// Server is the scripted server. Its URL plus "/v1" is the client's base URL.
type Server struct {
	*httptest.Server
	mu       sync.Mutex
	steps    []Step
	requests []Request
}

// New starts a server that answers with steps in order, then with 500s.
func New(steps ...Step) *Server {
	s := &Server{steps: steps}
	s.Server = httptest.NewServer(http.HandlerFunc(s.handle))
	return s
}

// BaseURL is the value for OPENAI_BASE_URL.
func (s *Server) BaseURL() string { return s.URL + "/v1" }

// Push appends steps to the script.
func (s *Server) Push(steps ...Step) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.steps = append(s.steps, steps...)
}

// Discard drops the scripted steps not yet used and returns how many there were.
func (s *Server) Discard() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.steps)
	s.steps = nil
	return n
}

// Requests returns the requests received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

func (s *Server) handle(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v1/chat/completions" || r.Method != http.MethodPost {
		http.NotFound(w, r)
		return
	}
	var req Request
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "bad json")
		return
	}
	s.mu.Lock()
	s.requests = append(s.requests, req)
	var step Step
	if len(s.steps) > 0 {
		step, s.steps = s.steps[0], s.steps[1:]
	}
	s.mu.Unlock()
	if step == nil {
		writeError(w, http.StatusInternalServerError, "script exhausted")
		return
	}
	step(w, r, req)
}

func writeError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	fmt.Fprintf(w, `{"error":{"message":%q,"type":"server_error","code":null}}`, msg)
}

func chunk(delta map[string]any, finish any) string {
	b, _ := json.Marshal(map[string]any{
		"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": 1, "model": "scripted",
		"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}},
	})
	return "data: " + string(b) + "\n\n"
}

func streamHeaders(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
}

func send(w http.ResponseWriter, s string) {
	_, _ = w.Write([]byte(s))
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
}

func complete(w http.ResponseWriter, message map[string]any, finish string) {
	message["role"] = "assistant"
	b, _ := json.Marshal(map[string]any{
		"id": "chatcmpl-test", "object": "chat.completion", "created": 1, "model": "scripted",
		"choices":            []any{map[string]any{"index": 0, "message": message, "finish_reason": finish}},
		"usage":              map[string]int{"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
		"system_fingerprint": "test",
	})
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
}

// Text answers with text: streamed in the given chunks, or whole when not streaming.
func Text(chunks ...string) Step {
	return func(w http.ResponseWriter, r *http.Request, req Request) {
		if !req.Stream {
			complete(w, map[string]any{"content": strings.Join(chunks, "")}, "stop")
			return
		}
		streamHeaders(w)
		send(w, chunk(map[string]any{"role": "assistant", "content": ""}, nil))
		for _, c := range chunks {
			send(w, chunk(map[string]any{"content": c}, nil))
		}
		send(w, chunk(map[string]any{}, "stop"))
		send(w, "data: [DONE]\n\n")
	}
}

// Call is one tool call to script. Split > 0 streams the arguments in pieces of Split bytes.
type Call struct {
	ID, Name, Args string
	Split          int
}

// ToolCalls answers with tool calls. Streaming, each call's id and name come in a first
// fragment and its arguments in later ones, calls interleaved, all keyed by index, the way
// OpenAI sends them.
func ToolCalls(calls ...Call) Step {
	return func(w http.ResponseWriter, r *http.Request, req Request) {
		if !req.Stream {
			var tcs []any
			for _, c := range calls {
				tcs = append(tcs, map[string]any{"id": c.ID, "type": "function", "function": map[string]any{"name": c.Name, "arguments": c.Args}})
			}
			complete(w, map[string]any{"content": nil, "tool_calls": tcs}, "tool_calls")
			return
		}
		streamHeaders(w)
		send(w, chunk(map[string]any{"role": "assistant", "content": nil}, nil))
		pieces := make([][]string, len(calls))
		for i, c := range calls {
			send(w, chunk(map[string]any{"tool_calls": []any{map[string]any{"index": i, "id": c.ID, "type": "function",
				"function": map[string]any{"name": c.Name, "arguments": ""}}}}, nil))
			n := c.Split
			if n <= 0 {
				n = len(c.Args) + 1
			}
			for a := c.Args; len(a) > 0; {
				k := min(n, len(a))
				pieces[i] = append(pieces[i], a[:k])
				a = a[k:]
			}
		}
		for more := true; more; {
			more = false
			for i := range calls {
				if len(pieces[i]) == 0 {
					continue
				}
				more = true
				send(w, chunk(map[string]any{"tool_calls": []any{map[string]any{"index": i, "function": map[string]any{"arguments": pieces[i][0]}}}}, nil))
				pieces[i] = pieces[i][1:]
			}
		}
		send(w, chunk(map[string]any{}, "tool_calls"))
		send(w, "data: [DONE]\n\n")
	}
}

// Status answers with an HTTP error in OpenAI's error shape.
func Status(code int) Step {
	return func(w http.ResponseWriter, r *http.Request, req Request) {
		writeError(w, code, http.StatusText(code))
	}
}

// Hang never answers; it returns when the client gives up.
func Hang() Step {
	return func(w http.ResponseWriter, r *http.Request, req Request) {
		<-r.Context().Done()
	}
}

// StallAfter streams text and then stops sending without ending the stream.
func StallAfter(text string) Step {
	return func(w http.ResponseWriter, r *http.Request, req Request) {
		streamHeaders(w)
		send(w, chunk(map[string]any{"role": "assistant", "content": text}, nil))
		<-r.Context().Done()
	}
}

// Gated streams first, then waits until gate is closed (or the client gives up), then streams
// rest and ends the stream: a test holds an answer half-written for as long as it needs.
func Gated(first []string, gate <-chan struct{}, rest []string) Step {
	return func(w http.ResponseWriter, r *http.Request, req Request) {
		streamHeaders(w)
		send(w, chunk(map[string]any{"role": "assistant", "content": ""}, nil))
		for _, c := range first {
			send(w, chunk(map[string]any{"content": c}, nil))
		}
		select {
		case <-gate:
		case <-r.Context().Done():
			return
		}
		for _, c := range rest {
			send(w, chunk(map[string]any{"content": c}, nil))
		}
		send(w, chunk(map[string]any{}, "stop"))
		send(w, "data: [DONE]\n\n")
	}
}

// Garbage starts a stream and then sends a data line that is not JSON.
func Garbage() Step {
	return func(w http.ResponseWriter, r *http.Request, req Request) {
		streamHeaders(w)
		send(w, chunk(map[string]any{"role": "assistant", "content": "Hel"}, nil))
		send(w, "data: {\"choices\": [{\"delta\": {\"content\": tru\n\n")
		send(w, "data: [DONE]\n\n")
	}
}

// Signal runs step after telling arrived that the request came in (without blocking when
// nobody listens), so a test can act on the request's arrival instead of guessing a delay.
func Signal(arrived chan<- struct{}, step Step) Step {
	return func(w http.ResponseWriter, r *http.Request, req Request) {
		select {
		case arrived <- struct{}{}:
		default:
		}
		step(w, r, req)
	}
}
