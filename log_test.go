package ratewise

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
)

func TestLogHandlerNamesTheRequest(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(LogHandler(slog.NewJSONHandler(&buf, nil)))
	ctx := WithRequestID(context.Background(), "req-1")

	log.InfoContext(ctx, "in a request")
	log.With("conversation_id", 7).WarnContext(ctx, "derived logger")
	slog.New(LogHandler(log.Handler())).ErrorContext(ctx, "wrapped twice")
	log.InfoContext(context.Background(), "no request")
	log.InfoContext(WithRequestID(context.Background(), ""), "empty id")

	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	want := []string{"req-1", "req-1", "req-1", "", ""}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines: %s", len(lines), buf.String())
	}
	for i, line := range lines {
		t.Run(want[i]+"/"+line[:min(len(line), 60)], func(t *testing.T) {
			if n := strings.Count(line, `"request_id"`); n > 1 {
				t.Errorf("request_id %d times: %s", n, line)
			}
			var rec map[string]any
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatal(err)
			}
			got, _ := rec["request_id"].(string)
			if got != want[i] {
				t.Errorf("request_id = %q, want %q: %s", got, want[i], line)
			}
		})
	}
	if RequestID(context.Background()) != "" {
		t.Error("a bare context has a request id")
	}
}
