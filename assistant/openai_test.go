package assistant

import (
	"context"
	"reflect"
	"testing"
	"time"

	"ratewise/assistant/openaitest"
)

func scripted(t *testing.T, steps ...openaitest.Step) (*openaitest.Server, *OpenAIModel) {
	t.Helper()
	srv := openaitest.New(steps...)
	t.Cleanup(srv.Close)
	m := NewOpenAIModel("test-key", srv.BaseURL(), "scripted-model")
	// A guard only: a scripted answer arrives at once, so nothing here races this clock. Tests
	// of a hanging model set their own, short StepTimeout.
	m.StepTimeout = 30 * time.Second
	m.Backoff = 10 * time.Millisecond
	return srv, m
}

var askOnce = ModelRequest{Messages: []ChatMessage{{Role: "system", Content: systemPrompt}, {Role: "user", Content: "hi"}}, Tools: toolSpecs}

func TestOpenAIStreamsTextDeltas(t *testing.T) {
	srv, m := scripted(t, openaitest.Text("Hel", "lo ", "there."))
	var deltas []string
	got, err := m.Complete(context.Background(), askOnce, func(s string) { deltas = append(deltas, s) })
	if err != nil {
		t.Fatal(err)
	}
	if got.Text != "Hello there." || !reflect.DeepEqual(deltas, []string{"Hel", "lo ", "there."}) {
		t.Errorf("text %q deltas %q", got.Text, deltas)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 || !reqs[0].Stream || len(reqs[0].Tools) != len(toolSpecs) {
		t.Errorf("requests = %+v, want one streaming request with %d tools", reqs, len(toolSpecs))
	}
}

func TestOpenAIReassemblesToolCallFragments(t *testing.T) {
	calls := []openaitest.Call{
		{ID: "call_a", Name: ToolCompare, Args: `{"holding":{"product_type":"auto_loan","balance":"15000.00","apr":"9.90","remaining_months":48}}`, Split: 7},
		{ID: "call_b", Name: ToolLookupKnowledge, Args: `{"query":"what is a representative APR"}`, Split: 5},
	}
	for _, stream := range []bool{true, false} {
		name := map[bool]string{true: "streaming", false: "whole"}[stream]
		t.Run(name, func(t *testing.T) {
			_, m := scripted(t, openaitest.ToolCalls(calls...))
			var onDelta func(string)
			if stream {
				onDelta = func(string) {}
			}
			got, err := m.Complete(context.Background(), askOnce, onDelta)
			if err != nil {
				t.Fatal(err)
			}
			want := []ToolCall{{ID: "call_a", Name: ToolCompare, Arguments: calls[0].Args}, {ID: "call_b", Name: ToolLookupKnowledge, Arguments: calls[1].Args}}
			if !reflect.DeepEqual(got.ToolCalls, want) {
				t.Errorf("tool calls = %+v\nwant %+v", got.ToolCalls, want)
			}
		})
	}
}

func TestOpenAIRetries(t *testing.T) {
	// stepTimeout is set only where the server hangs, to cut the wait. When every attempt
	// hangs its length is irrelevant; in "hang, then success" the healthy attempt runs under
	// it too, and a scripted answer on loopback needs a tiny fraction of a second.
	tests := []struct {
		name        string
		steps       []openaitest.Step
		stepTimeout time.Duration
		wantErr     bool
		wantReqs    int
	}{
		{"500 then success", []openaitest.Step{openaitest.Status(500), openaitest.Text("ok")}, 0, false, 2},
		{"429 then success", []openaitest.Step{openaitest.Status(429), openaitest.Text("ok")}, 0, false, 2},
		{"500 twice fails", []openaitest.Step{openaitest.Status(500), openaitest.Status(503)}, 0, true, 2},
		{"400 is not retried", []openaitest.Step{openaitest.Status(400), openaitest.Text("ok")}, 0, true, 1},
		{"hang times out, then success", []openaitest.Step{openaitest.Hang(), openaitest.Text("ok")}, time.Second, false, 2},
		{"hang twice fails", []openaitest.Step{openaitest.Hang(), openaitest.Hang()}, 100 * time.Millisecond, true, 2},
		{"garbage then success", []openaitest.Step{openaitest.Garbage(), openaitest.Text("ok")}, 0, false, 2},
		{"garbage twice fails", []openaitest.Step{openaitest.Garbage(), openaitest.Garbage()}, 0, true, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, m := scripted(t, tt.steps...)
			if tt.stepTimeout > 0 {
				m.StepTimeout = tt.stepTimeout
			}
			got, err := m.Complete(context.Background(), askOnce, func(string) {})
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if !tt.wantErr && got.Text != "ok" {
				t.Errorf("text = %q, want ok", got.Text)
			}
			if n := len(srv.Requests()); n != tt.wantReqs {
				t.Errorf("requests = %d, want %d", n, tt.wantReqs)
			}
		})
	}
}

func TestOpenAIStopsWhenTheCallerGoesAway(t *testing.T) {
	arrived := make(chan struct{}, 1)
	srv, m := scripted(t, openaitest.Signal(arrived, openaitest.Hang()), openaitest.Text("too late"))
	m.StepTimeout = time.Minute
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The caller goes away once the request is at the server, not after a guessed delay.
	go func() {
		select {
		case <-arrived:
		case <-time.After(30 * time.Second): // a guard: the request never came
		}
		cancel()
	}()
	if _, err := m.Complete(ctx, askOnce, func(string) {}); err == nil {
		t.Fatal("Complete succeeded after the caller went away")
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("requests = %d, want 1 (no retry once the caller is gone)", n)
	}
}

func scriptedTextStep(s string) openaitest.Step { return openaitest.Text(s) }
