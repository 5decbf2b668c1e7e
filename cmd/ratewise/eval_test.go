package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"ratewise/assistant"
	"ratewise/db"
	"ratewise/db/dbtest"
)

// goldenSubset writes the shipped golden conversations named in names to a file for --golden.
// The whole shipped set runs on the planner in assistant's TestGoldenConversationsOnThePlanner;
// here a few cases of each kind show the command's wiring.
func goldenSubset(t *testing.T, names ...string) string {
	t.Helper()
	all, err := assistant.GoldenCases()
	if err != nil {
		t.Fatal(err)
	}
	var cases []assistant.GoldenCase
	for _, c := range all {
		if slices.Contains(names, c.Name) {
			cases = append(cases, c)
		}
	}
	if len(cases) != len(names) {
		t.Fatalf("found %d of the golden conversations %q", len(cases), names)
	}
	b, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "golden.json")
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

func TestEvalGoldenConversations(t *testing.T) {
	t.Parallel()
	dsn := dbtest.NewDatabase(t)
	env := envFrom(map[string]string{"DATABASE_URL": dsn, "LOG_LEVEL": "error"})
	golden := goldenSubset(t, "greeting", "issue example, figures inline", "issue example, saved holding", "explain APR",
		"offers searched by what the user asks for", "human in English")
	var out, errOut bytes.Buffer
	// The understanding is measured on its development splits and a held-out split given with
	// --heldout (cross-validation, five trainings, is left out here: the nlu package's own
	// test runs it). The repository's held-out split is added only after the last change to
	// the package, so a small one stands in for it.
	heldout := filepath.Join(t.TempDir(), "heldout.jsonl")
	if err := os.WriteFile(heldout, []byte(evalHeldout), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"eval", "--golden", golden, "--folds", "0", "--heldout", heldout}
	if code := run(context.Background(), args, env, nil, &out, &errOut); code != 0 {
		t.Fatalf("eval = %d\n%s\n%s", code, out.String(), errOut.String())
	}
	for _, want := range []string{"understanding, heldout split", "examples                   6\n", "human recall es", "compare_holding", "slot accuracy", "floors: intent",
		"model offline-planner", "knowledge base: 50 articles", "6 golden conversations", "correct tool use (6/6)", "handoff precision (1/1)", "handoff recall", "grounding violations", "required disclosures (3/3)"} {
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
	file := filepath.Join(t.TempDir(), "hard.json")
	hard := `[{"name": "wants a handoff it will not get", "turns": [{"user": "hello", "handoff": true}]}]`
	if err := os.WriteFile(file, []byte(hard), 0o600); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	errOut.Reset()
	missing := filepath.Join(t.TempDir(), "none.jsonl")
	if code := run(context.Background(), []string{"eval", "--golden", file, "--folds", "0", "--heldout", missing}, env, nil, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "below the documented thresholds") {
		t.Errorf("eval of an unmet set = %d %q, want exit 1 below thresholds", code, errOut.String())
	}
	// Without a held-out split the command says so and measures the rest.
	if !strings.Contains(out.String(), "no held-out split at "+missing+": not measured") || strings.Contains(out.String(), "understanding, heldout split") {
		t.Errorf("eval without a held-out split:\n%s", out.String())
	}
}

// evalHeldout is a small held-out split in the corpus's format for the command's test: one
// message of each kind the held-out floors bound (a request for a person, a sensitive
// situation, ordinary questions with slots), each plainly written.
const evalHeldout = `{"text": "hi there", "lang": "en", "intent": "greeting"}
{"text": "I want to speak to a real person please", "lang": "en", "intent": "human"}
{"text": "quiero hablar con una persona", "lang": "es", "intent": "human"}
{"text": "my credit card was stolen this morning", "lang": "en", "intent": "fraud"}
{"text": "I have a car loan of $18,000 at 9.9% with 48 months left, can you do better?", "lang": "en", "intent": "compare_holding", "slots": {"product": "auto_loan", "amount": "18000", "currency": "USD", "rate": "9.9", "term_months": 48}}
{"text": "what does APR mean?", "lang": "en", "intent": "explain_term", "slots": {"term_topic": "apr"}}
`

// A golden file with a figure that is not a number is refused before anything runs, naming
// the case and the field: no panic, nothing indexed or seeded.
func TestEvalRefusesABadGoldenFile(t *testing.T) {
	t.Parallel()
	dsn := dbtest.NewDatabase(t)
	env := envFrom(map[string]string{"DATABASE_URL": dsn, "LOG_LEVEL": "error"})
	dir := t.TempDir()
	for _, tt := range []struct {
		name, data string
		want       []string
	}{
		{"amount with a comma", `[{"name": "saved loan", "holdings": [{"product_type": "auto_loan", "provider": "Big Bank", "balance": "12,000", "apr": "9.90", "remaining_months": 48}],
			"turns": [{"user": "can I get a cheaper car loan?", "handoff": false}]}]`, []string{`"saved loan"`, "balance", `"12,000"`}},
		{"rate that is not a number", `[{"name": "saved loan", "holdings": [{"product_type": "auto_loan", "provider": "Big Bank", "balance": "12000", "apr": "ten", "remaining_months": 48}],
			"turns": [{"user": "hi", "handoff": false}]}]`, []string{`"saved loan"`, "apr", `"ten"`}},
		{"unknown product", `[{"name": "boat", "holdings": [{"product_type": "boat_loan", "balance": "1", "apr": "1", "remaining_months": 1}], "turns": [{"user": "hi", "handoff": false}]}]`,
			[]string{`"boat"`, "product_type"}},
		{"misspelt field", `[{"name": "typo", "turns": [{"user": "hi", "handof": true}]}]`, []string{"handof"}},
		{"YAML", "- name: greeting\n  turns:\n    - {user: hi, handoff: false}\n", []string{"golden conversations"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".json")
			if err := os.WriteFile(file, []byte(tt.data), 0o600); err != nil {
				t.Fatal(err)
			}
			var out, errOut bytes.Buffer
			code := run(context.Background(), []string{"eval", "--golden", file, "--folds", "0"}, env, nil, &out, &errOut)
			if code != 1 {
				t.Errorf("exit %d, want 1; stderr %q", code, errOut.String())
			}
			for _, want := range append(tt.want, file) {
				if !strings.Contains(errOut.String(), want) {
					t.Errorf("stderr %q does not name %s", errOut.String(), want)
				}
			}
		})
	}
	pool, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var written int
	if err := pool.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM retrieval_chunks) + (SELECT count(*) FROM partners) + (SELECT count(*) FROM users)`).Scan(&written); err != nil || written != 0 {
		t.Errorf("%d rows written by refused evaluations (%v), want none", written, err)
	}
}
