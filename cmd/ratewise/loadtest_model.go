package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// scriptedModel is an OpenAI-compatible Chat Completions server on loopback that answers
// every request the same way after the same delays: the stand-in for a model whose own
// latency is known, so what a server adds to it can be measured.
type scriptedModel struct {
	firstToken time.Duration // before the first token
	tokens     int
	gap        time.Duration // between tokens
	srv        *http.Server
	url        string
}

// loadWords make up the answers: no digits, so the grounding guard has no figure to check.
var loadWords = []string{"Refinancing", "can", "lower", "what", "you", "pay", "each", "month", "when", "the", "new", "rate", "is", "lower", "and", "the", "fees", "are", "small."}

// answer is the text every request gets, token by token.
func (m *scriptedModel) answer() []string {
	out := make([]string, m.tokens)
	for i := range out {
		out[i] = loadWords[i%len(loadWords)]
		if i > 0 {
			out[i] = " " + out[i]
		}
	}
	return out
}

// Text is the whole answer, as a server stores it.
func (m *scriptedModel) Text() string { return strings.Join(m.answer(), "") }

func startScriptedModel(firstToken time.Duration, tokens int, gap time.Duration) (*scriptedModel, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	m := &scriptedModel{firstToken: firstToken, tokens: tokens, gap: gap, url: "http://" + ln.Addr().String() + "/v1"}
	m.srv = &http.Server{Handler: http.HandlerFunc(m.handle), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = m.srv.Serve(ln) }()
	return m, nil
}

func (m *scriptedModel) Close() { _ = m.srv.Close() }

func (m *scriptedModel) handle(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v1/chat/completions" || r.Method != http.MethodPost {
		http.NotFound(w, r)
		return
	}
	var req struct {
		Stream bool `json:"stream"`
	}
	body, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(body, &req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	ctx := r.Context()
	wait := func(d time.Duration) bool {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			return true
		case <-ctx.Done():
			return false
		}
	}
	if !wait(m.firstToken) {
		return
	}
	created := time.Now().Unix()
	if !req.Stream {
		if !wait(time.Duration(m.tokens-1) * m.gap) {
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"id": "load", "object": "chat.completion", "created": created, "model": "scripted",
			"choices": []any{map[string]any{"index": 0, "finish_reason": "stop", "message": map[string]any{"role": "assistant", "content": m.Text()}}}})
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	flusher, _ := w.(http.Flusher)
	chunk := func(delta map[string]any, finish any) bool {
		b, _ := json.Marshal(map[string]any{"id": "load", "object": "chat.completion.chunk", "created": created, "model": "scripted",
			"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}}})
		if _, err := fmt.Fprintf(w, "data: %s\n\n", b); err != nil {
			return false
		}
		if flusher != nil {
			flusher.Flush()
		}
		return true
	}
	for i, tok := range m.answer() {
		if i > 0 && !wait(m.gap) {
			return
		}
		d := map[string]any{"content": tok}
		if i == 0 {
			d["role"] = "assistant"
		}
		if !chunk(d, nil) {
			return
		}
	}
	chunk(map[string]any{}, "stop")
	fmt.Fprint(w, "data: [DONE]\n\n")
	if flusher != nil {
		flusher.Flush()
	}
}
