package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ratewise/db"
	"ratewise/db/dbtest"
)

func TestEvalGoldenConversations(t *testing.T) {
	t.Parallel()
	dsn := dbtest.NewDatabase(t)
	env := envFrom(map[string]string{"DATABASE_URL": dsn, "LOG_LEVEL": "error"})
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"eval"}, env, nil, &out, &errOut); code != 0 {
		t.Fatalf("eval = %d\n%s\n%s", code, out.String(), errOut.String())
	}
	for _, want := range []string{"model offline-planner", "knowledge base: 49 articles", "correct tool use", "handoff precision", "handoff recall", "grounding violations", "required disclosures"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("eval output lacks %q:\n%s", want, out.String())
		}
	}

	// Every expectation is met, the text search of offers included: its passages were indexed.
	if strings.Contains(out.String(), "misses:") {
		t.Errorf("eval missed expectations:\n%s", out.String())
	}

	// The demo catalogue it loaded into an empty database is gone again, and so are its offer
	// passages; the guides stay indexed.
	pool, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var partners, users int
	if err := pool.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM partners), (SELECT count(*) FROM users)`).Scan(&partners, &users); err != nil || partners != 0 || users != 0 {
		t.Errorf("after eval: %d partners, %d users (%v); want the demo catalogue and eval users removed", partners, users, err)
	}
	var passages int
	if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM retrieval_chunks WHERE kind = 'offer'`).Scan(&passages); err != nil || passages != 0 {
		t.Errorf("after eval: %d offer passages indexed (%v), want none", passages, err)
	}

	// A golden set the planner cannot meet: the command says so and exits non-zero.
	file := filepath.Join(t.TempDir(), "hard.yaml")
	hard := "- name: wants a handoff it will not get\n  turns:\n    - {user: \"hello\", handoff: true}\n"
	if err := os.WriteFile(file, []byte(hard), 0o600); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	errOut.Reset()
	if code := run(context.Background(), []string{"eval", "--golden", file}, env, nil, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "below the documented thresholds") {
		t.Errorf("eval of an unmet set = %d %q, want exit 1 below thresholds", code, errOut.String())
	}
}
