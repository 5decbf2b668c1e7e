package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ratewise/db/dbtest"
)

func TestKnowledgeBaseCommands(t *testing.T) {
	dsn := dbtest.NewDatabase(t)
	ctx := context.Background()
	runCmd := func(t *testing.T, extra map[string]string, args ...string) (int, string, string) {
		t.Helper()
		env := map[string]string{"DATABASE_URL": dsn, "LOG_LEVEL": "error"}
		for k, v := range extra {
			env[k] = v
		}
		var out, errOut bytes.Buffer
		code := run(ctx, args, envFrom(env), nil, &out, &errOut)
		return code, out.String(), errOut.String()
	}

	if code, out, errOut := runCmd(t, nil, "seed"); code != 0 || !strings.Contains(out, "49 new") {
		t.Fatalf("seed = %d %q %q", code, out, errOut)
	}
	if code, out, _ := runCmd(t, nil, "seed"); code != 0 || !strings.Contains(out, "0 new, 0 changed") {
		t.Errorf("second seed = %d %q, want nothing new", code, out)
	}

	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "pet-insurance.md"), []byte("# Pet insurance\n\n## Cover\nVet bills for cats and dogs.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := runCmd(t, nil, "kb", "import", dir); code != 0 || !strings.Contains(out, "/kb/pet-insurance") {
		t.Errorf("kb import = %d %q %q", code, out, errOut)
	}
	if code, _, errOut := runCmd(t, nil, "kb", "import", filepath.Join(dir, "missing.md")); code != 1 || !strings.Contains(errOut, "missing.md") {
		t.Errorf("kb import of a missing file = %d %q", code, errOut)
	}

	code, out, errOut := runCmd(t, nil, "eval", "retrieval")
	if code != 0 {
		t.Fatalf("eval = %d %q", code, errOut)
	}
	for _, want := range []string{"| vector |", "| keyword |", "| hybrid |", "nDCG@10"} {
		if !strings.Contains(out, want) {
			t.Errorf("eval output lacks %q:\n%s", want, out)
		}
	}

	// Another dimension: refused until reindexed, then served.
	dim := map[string]string{"EMBEDDINGS_DIM": "128"}
	if code, _, errOut := runCmd(t, dim, "eval", "retrieval"); code != 1 || !strings.Contains(errOut, "ratewise reindex") {
		t.Errorf("eval with another dimension = %d %q, want a refusal naming reindex", code, errOut)
	}
	if code, out, errOut := runCmd(t, dim, "reindex"); code != 0 || !strings.Contains(out, "reindexed") || !strings.Contains(errOut, "chunks") {
		t.Errorf("reindex = %d %q %q", code, out, errOut)
	}
	if code, _, errOut := runCmd(t, dim, "eval", "retrieval"); code != 0 {
		t.Errorf("eval after reindex = %d %q", code, errOut)
	}
}
