package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
)

// openStreams is the server's gauge of open event streams.
func openStreams(t *testing.T, s *Server) float64 {
	t.Helper()
	var m dto.Metric
	if err := s.metrics.streams.Write(&m); err != nil {
		t.Fatal(err)
	}
	return m.GetGauge().GetValue()
}

// An HTTP/1 event stream is served by a goroutine of its own, detached from net/http: its
// response head carries what every response carries, its body ends with the connection, and
// a client that leaves is noticed by the next heartbeat at the latest.
func TestADetachedStreamIsWellFormedAndEndsWhenItsClientLeaves(t *testing.T) {
	t.Parallel()
	s := newConversationServerWith(t, Config{Heartbeat: 20 * time.Millisecond})
	srv := httptest.NewServer(s)
	defer srv.Close()
	u := newHTTPUser(t, srv, "detached@example.com")
	var conv struct{ ID int64 }
	json.Unmarshal(u.post("/api/v1/conversations", "", 201), &conv)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/v1/conversations/"+strconv.FormatInt(conv.ID, 10)+"/events", nil)
	req.Header.Set("X-Request-ID", "detached-stream-1")
	resp, err := u.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"Content-Type":           "text/event-stream",
		"Cache-Control":          "no-cache",
		"X-Accel-Buffering":      "no",
		"X-Request-Id":           "detached-stream-1",
		"X-Content-Type-Options": "nosniff",
	} {
		if got := resp.Header.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if resp.StatusCode != 200 || resp.ProtoMajor != 1 || !resp.Close || resp.ContentLength != -1 {
		t.Errorf("response = %d HTTP/%d close=%v length=%d, want 200 HTTP/1, delimited by the connection's end",
			resp.StatusCode, resp.ProtoMajor, resp.Close, resp.ContentLength)
	}
	events := readEvents(resp)
	if ev, ok := <-events; !ok || ev.Type != "heartbeat" {
		t.Fatalf("first event on an idle stream = %+v (open %v), want a heartbeat", ev, ok)
	}
	// It is a live stream: a message posted now reaches it.
	u.post("/api/v1/conversations/"+strconv.FormatInt(conv.ID, 10)+"/messages", `{"text":"hello there","client_id":"d1"}`, 202)
	for ev := range events {
		if ev.Type == "message.created" {
			break
		}
	}
	if n := openStreams(t, s); n != 1 {
		t.Fatalf("open streams = %v, want 1", n)
	}

	cancel() // the client leaves
	deadline := time.Now().Add(10 * time.Second)
	for openStreams(t, s) != 0 {
		if time.Now().After(deadline) {
			t.Fatal("the stream was still open 10 s after its client left")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
