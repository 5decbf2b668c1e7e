package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"ratewise/assistant"
	"ratewise/db"
	"ratewise/db/dbtest"
	"ratewise/offers"
	"ratewise/retrieval"
)

// demoDatabase returns a database holding what `ratewise seed` loads into a fresh one: the
// demo catalogue and the search index of the shipped articles and the offers. It is a clone of
// a template seeded once per version of the code and data that make it (web/e2e builds the
// same template with the binary, under the same name and key).
func demoDatabase(t *testing.T) string {
	t.Helper()
	return dbtest.NewSeededDatabase(t, dbtest.Seed{
		Name: "demo",
		Key:  dbtest.SourceKey(t, "assistant", "cmd/ratewise", "offers", "retrieval"),
		Fill: func(ctx context.Context, dsn string) error {
			var out, errOut bytes.Buffer
			if code := run(ctx, []string{"seed"}, envFrom(map[string]string{"DATABASE_URL": dsn, "LOG_LEVEL": "error"}), nil, &out, &errOut); code != 0 {
				return fmt.Errorf("ratewise seed exited %d: %s%s", code, out.String(), errOut.String())
			}
			return nil
		},
	})
}

// commandRunner runs ratewise subcommands on the database at dsn.
func commandRunner(dsn string) func(t *testing.T, extra map[string]string, args ...string) (int, string, string) {
	return func(t *testing.T, extra map[string]string, args ...string) (int, string, string) {
		t.Helper()
		env := map[string]string{"DATABASE_URL": dsn, "LOG_LEVEL": "error"}
		for k, v := range extra {
			env[k] = v
		}
		var out, errOut bytes.Buffer
		code := run(context.Background(), args, envFrom(env), nil, &out, &errOut)
		return code, out.String(), errOut.String()
	}
}

// `ratewise seed` on a fresh database loads the catalogue and indexes every article and offer;
// a second run changes nothing.
func TestSeedCommand(t *testing.T) {
	t.Parallel()
	runCmd := commandRunner(dbtest.NewDatabase(t))
	code, out, errOut := runCmd(t, nil, "seed")
	for _, want := range []string{"151 offers from 22 partners (151 new, 0 updated)", "knowledge base: 50 articles (50 new", "offer passages: 151 new",
		"search index: 784 chunks embedded with local-hash-v2 (384 dimensions)"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("seed = %d %q %q; want it to say %q", code, out, errOut, want)
		}
	}
	if code, out, _ := runCmd(t, nil, "seed"); code != 0 || !strings.Contains(out, "(0 new, 0 changed, 50 unchanged)") || !strings.Contains(out, "0 new, 0 changed, 151 unchanged, 0 removed") || strings.Contains(out, "search index:") {
		t.Errorf("second seed = %d %q, want nothing new", code, out)
	}
}

// smallEvalSet writes an evaluation set of a few shipped questions, of both splits and both
// kinds, for the command's tests; the quality test runs the whole set.
func smallEvalSet(t *testing.T) string {
	t.Helper()
	qs, err := retrieval.EvalSet()
	if err != nil {
		t.Fatal(err)
	}
	var set []retrieval.EvalQuestion
	taken := map[string]int{}
	for _, q := range qs {
		if k := q.Split + "/" + q.Kind; taken[k] < 2 {
			taken[k]++
			set = append(set, q)
		}
	}
	b, err := json.Marshal(map[string]any{"questions": set})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "eval.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestKnowledgeBaseCommands(t *testing.T) {
	t.Parallel()
	dsn := demoDatabase(t)
	ctx := context.Background()
	runCmd := commandRunner(dsn)

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

	// Bad input is refused with the file named and nothing written.
	bad := t.TempDir()
	shipped := filepath.Join(bad, "apr-vs-interest-rate.md")
	for _, tt := range []struct {
		name, path string
		data       []byte
		want       string
	}{
		{"latin-1", filepath.Join(bad, "latin1.md"), []byte("# Caf\xe9 loans\n\nPay\xe9 in full.\n"), "not UTF-8"},
		{"huge", filepath.Join(bad, "huge.md"), append([]byte("# Huge\n\n"), bytes.Repeat([]byte("a"), retrieval.MaxArticleBytes)...), "at most 1024 KiB"},
		{"a shipped slug", shipped, []byte("# My APR page\n\nMy own text about APR.\n"), "--replace"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.WriteFile(tt.path, tt.data, 0o600); err != nil {
				t.Fatal(err)
			}
			code, _, errOut := runCmd(t, nil, "kb", "import", tt.path)
			if code != 1 || !strings.Contains(errOut, tt.path) || !strings.Contains(errOut, tt.want) {
				t.Errorf("kb import %s = %d %q; want an error naming the file and saying %q", filepath.Base(tt.path), code, errOut, tt.want)
			}
		})
	}
	ix := retrieval.NewIndex(mustOpen(t, dsn), retrieval.NewLocalEmbedder(384), nil)
	if a, err := ix.Article(ctx, "apr-vs-interest-rate"); err != nil || a.Title == "My APR page" {
		t.Errorf("the shipped article was replaced without --replace: %q, %v", a.Title, err)
	}
	if code, out, errOut := runCmd(t, nil, "kb", "import", shipped, "--replace"); code != 0 || !strings.Contains(out, "1 changed") {
		t.Errorf("kb import --replace = %d %q %q", code, out, errOut)
	}
	if a, err := ix.Article(ctx, "apr-vs-interest-rate"); err != nil || a.Title != "My APR page" {
		t.Errorf("after --replace: %q, %v", a.Title, err)
	}
	if code, out, _ := runCmd(t, nil, "seed"); code != 0 || !strings.Contains(out, "1 changed") {
		t.Errorf("seed after --replace = %d %q; want the shipped text back", code, out)
	}

	set := smallEvalSet(t)
	code, out, errOut := runCmd(t, nil, "eval", "retrieval", "-v", "--set", set)
	if code != 0 {
		t.Fatalf("eval = %d %q", code, errOut)
	}
	if strings.Contains(out, "skipped") || !strings.Contains(out, "hybrid (no filters) found nothing relevant") {
		t.Errorf("eval on the seeded demo skipped questions or ignored -v:\n%s", out)
	}
	for _, want := range []string{"| tuning | none (as /help) | hybrid |", "| held-out | kind, product type | vector |", "| keyword |", "nDCG@10"} {
		if !strings.Contains(out, want) {
			t.Errorf("eval output lacks %q:\n%s", want, out)
		}
	}

	// Another dimension: refused until reindexed, then served.
	dim := map[string]string{"EMBEDDINGS_DIM": "16"} // few dimensions: a cheap re-embedding
	if code, _, errOut := runCmd(t, dim, "eval", "retrieval", "--set", set); code != 1 || !strings.Contains(errOut, "ratewise reindex") {
		t.Errorf("eval with another dimension = %d %q, want a refusal naming reindex", code, errOut)
	}
	if code, out, errOut := runCmd(t, dim, "reindex"); code != 0 || !strings.Contains(out, "reindexed") || !strings.Contains(errOut, "chunks") {
		t.Errorf("reindex = %d %q %q", code, out, errOut)
	}
	if code, _, errOut := runCmd(t, dim, "eval", "retrieval", "--set", set); code != 0 {
		t.Errorf("eval after reindex = %d %q", code, errOut)
	}
}

// The whole labelled set, articles and demo-catalogue offers, on what `ratewise seed` loads:
// hybrid search must beat both halves on nDCG@10 and stay above the documented floor.
func TestRetrievalQualityOnTheSeededDemo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ix := retrieval.NewIndex(mustOpen(t, demoDatabase(t)), retrieval.NewLocalEmbedder(384), nil)
	qs, err := retrieval.EvalSet()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := retrieval.Evaluate(ctx, ix, qs)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	rep.WriteTable(&b)
	t.Logf("\n%s", b.String())
	if len(rep.Skipped) > 0 {
		t.Errorf("%d questions' sources are not in the seeded index, e.g. %q", len(rep.Skipped), rep.Skipped[0])
	}
	// Floors a little under the measured values (docs/retrieval.md): a change that makes search worse
	// fails. Unfiltered, as the help page searches, on both splits; the held-out split was
	// never tuned on, so its floor is its own.
	for _, f := range []struct {
		split         string
		ndcg, recall5 float64
	}{
		{retrieval.SplitTuning, 0.78, 0.84},  // measured 0.805, 0.863
		{retrieval.SplitHeldOut, 0.65, 0.70}, // measured 0.683, 0.750
	} {
		t.Run(f.split, func(t *testing.T) {
			h := rep.Row(f.split, false, "hybrid")
			v, k := rep.Row(f.split, false, "vector"), rep.Row(f.split, false, "keyword")
			if h.NDCGAt10 < f.ndcg || h.RecallAt5 < f.recall5 {
				t.Errorf("unfiltered: hybrid nDCG@10 %.3f, recall@5 %.3f; want at least %.2f and %.2f", h.NDCGAt10, h.RecallAt5, f.ndcg, f.recall5)
			}
			if f.split == retrieval.SplitTuning && (h.NDCGAt10 <= v.NDCGAt10 || h.NDCGAt10 <= k.NDCGAt10) {
				t.Errorf("hybrid nDCG@10 %.3f does not beat vector %.3f and keyword %.3f", h.NDCGAt10, v.NDCGAt10, k.NDCGAt10)
			}
		})
	}
}

// An offer changed in the catalogue is re-embedded on the next sync, and only that one.
func TestOfferPassagesFollowTheCatalogue(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := mustOpen(t, demoDatabase(t))
	ix := retrieval.NewIndex(pool, retrieval.NewLocalEmbedder(384), nil)
	var partnerID int64
	if err := pool.QueryRow(ctx, `UPDATE offers SET description = 'Pet insurance for cats and dogs with vet bills covered.' WHERE external_id = 'bmi-ti-01' RETURNING partner_id`).Scan(&partnerID); err != nil {
		t.Fatal(err)
	}
	stats, deleted, err := assistant.SyncOfferPassages(ctx, offers.NewStore(pool), ix)
	if err != nil || stats.Changed != 1 || stats.Added != 0 || deleted != 0 || stats.Unchanged != 150 {
		t.Fatalf("sync after one change = %+v, %d deleted, %v", stats, deleted, err)
	}
	hits, err := ix.Search(ctx, retrieval.Query{Text: "vet bills for my dog", Kind: retrieval.KindOffer, Limit: 1})
	if err != nil || len(hits) != 1 || hits[0].Key != fmt.Sprintf("offer/%d/bmi-ti-01", partnerID) {
		t.Errorf("search for the new text = %+v, %v", hits, err)
	}
}

func mustOpen(t *testing.T, dsn string) *pgxpool.Pool {
	t.Helper()
	pool, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// `offers import` makes the imported offers searchable at once (not at serve's next refresh),
// and says what changed in the index; a dry run leaves the index alone.
func TestOffersImportUpdatesTheSearchIndex(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "offers.csv")
	if err := os.WriteFile(file, []byte("external_id,product_type,name,currency,regions,rate,terms_months,description\n"+
		"zz1,personal_loan,Wombat Loan,USD,US,9.99,36,Loans for kangaroo fencing and wombat burrows.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	fresh := commandRunner(dbtest.NewDatabase(t))
	if code, out, errOut := fresh(t, nil, "offers", "import", file, "--partner", "Outback Bank"); code != 0 || !strings.Contains(out, "search index: empty, not updated") {
		t.Errorf("import before seed = %d %q %q; want the empty index left to seed", code, out, errOut)
	}

	dsn := demoDatabase(t)
	seeded := commandRunner(dsn)
	runCmd := func(args ...string) (int, string, string) { return seeded(t, nil, args...) }
	if code, out, errOut := runCmd("offers", "import", file, "--partner", "Outback Bank"); code != 0 || !strings.Contains(out, "search index: offer passages 1 new, 0 changed, 0 removed (151 unchanged)") {
		t.Fatalf("import after seed = %d %q %q", code, out, errOut)
	}
	ix := retrieval.NewIndex(mustOpen(t, dsn), retrieval.NewLocalEmbedder(384), nil)
	search := func() []retrieval.Hit {
		hits, err := ix.Search(ctx, retrieval.Query{Text: "kangaroo fencing", Kind: retrieval.KindOffer, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		return hits
	}
	if hits := search(); len(hits) != 1 || !strings.Contains(hits[0].Title, "Wombat Loan") {
		t.Fatalf("after the import: %+v", hits)
	}
	os.WriteFile(file, []byte("external_id,product_type,name,currency,regions,rate,terms_months,description\n"+
		"zz1,personal_loan,Wombat Loan,USD,US,9.99,36,Loans for platypus ponds.\n"+
		"zz2,personal_loan,Koala Loan,USD,US,8.99,36,Loans for kangaroo fencing.\n"), 0o600)
	if code, out, errOut := runCmd("offers", "import", file, "--partner", "Outback Bank", "--dry-run"); code != 0 || strings.Contains(out, "search index") {
		t.Errorf("dry run = %d %q %q; want the index untouched", code, out, errOut)
	}
	if hits := search(); len(hits) != 1 || !strings.Contains(hits[0].Title, "Wombat Loan") {
		t.Errorf("after the dry run: %+v, want the old text still indexed", hits)
	}
	code, out, errOut := runCmd("offers", "import", file, "--partner", "Outback Bank")
	if code != 0 || !strings.Contains(out, "search index: offer passages 1 new, 1 changed, 0 removed") {
		t.Fatalf("import = %d %q %q", code, out, errOut)
	}
	if hits := search(); len(hits) != 1 || !strings.Contains(hits[0].Title, "Koala Loan") {
		t.Errorf("after the second import: %+v, want the new offer", hits)
	}
}

// After the configured (or built-in) embedder changes, seeding — what `make run` does — re-embeds
// the existing index instead of failing, and search works with the new model. It re-embeds
// once, unless the seed itself changed the corpus: then the vocabulary is learned again from
// the whole of it. (The other embedder has few dimensions only to keep its re-embedding cheap.)
func TestSeedAdoptsANewEmbedder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := mustOpen(t, demoDatabase(t))
	state := func(ix *retrieval.Index) (retrieval.Status, int) {
		t.Helper()
		st, err := ix.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var vocabDocs int
		if err := pool.QueryRow(ctx, `SELECT vocab_docs FROM retrieval_state`).Scan(&vocabDocs); err != nil {
			t.Fatal(err)
		}
		return st, vocabDocs
	}
	ix := retrieval.NewIndex(pool, retrieval.NewLocalEmbedder(384), nil)
	seeded, _ := state(ix)

	// An article gone from the index: the seed puts it back after re-embedding the rest, then
	// learns the vocabulary again.
	if err := ix.Delete(ctx, retrieval.KBKey("apr-vs-interest-rate")); err != nil {
		t.Fatal(err)
	}
	small := retrieval.NewIndex(pool, retrieval.NewLocalEmbedder(16), nil)
	var out strings.Builder
	if err := seedSearchIndex(ctx, &out, pool, small); err != nil {
		t.Fatalf("seed with a new embedder: %v", err)
	}
	st, vocabDocs := state(small)
	if !strings.Contains(out.String(), "re-embedding") || !strings.Contains(out.String(), "1 new") {
		t.Errorf("seed did not say it re-embedded and restored the article: %q", out.String())
	}
	if st.Dim != 16 || st.Stale != 0 || st.Reindexing || st.Chunks != seeded.Chunks || vocabDocs != st.Chunks || st.Generation != seeded.Generation+2 {
		t.Errorf("index after seed = %+v with a vocabulary of %d chunks, want every chunk at 16 dimensions, embedded twice, and the vocabulary learned from all %d", st, vocabDocs, seeded.Chunks)
	}

	if _, err := ix.Search(ctx, retrieval.Query{Text: "what is an APR", Limit: 3}); err == nil {
		t.Fatal("a search with another dimension than the index's was not refused")
	}
	out.Reset()
	if err := seedSearchIndex(ctx, &out, pool, ix); err != nil {
		t.Fatalf("seed with a new embedder: %v", err)
	}
	if st, vocabDocs := state(ix); !strings.Contains(out.String(), "re-embedding") || st.Dim != 384 || st.Stale != 0 || st.Generation != seeded.Generation+3 || vocabDocs != st.Chunks {
		t.Errorf("seed with 384 dimensions again said %q and left %+v (vocabulary of %d chunks); want every chunk re-embedded once", out.String(), st, vocabDocs)
	}
	hits, err := ix.Search(ctx, retrieval.Query{Text: "what is an APR", Limit: 3})
	if err != nil {
		t.Fatalf("search after seed: %v", err)
	}
	found := false
	for _, h := range hits {
		found = found || h.Slug == "apr-vs-interest-rate"
	}
	if !found {
		t.Fatalf("search after seed = %+v; want the APR article in the top 3", hits)
	}
}
