package retrieval

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"ratewise"
	"ratewise/db"
	"ratewise/db/dbtest"
)

// renamedEmbedder is the local embedder under another model name: what a configuration change
// of EMBEDDINGS_MODEL looks like to the index.
type renamedEmbedder struct {
	*LocalEmbedder
	name string
}

func (r renamedEmbedder) Model() string { return r.name }

func offerDoc(id int64, productType, region string, partner int64, title, body string) Document {
	return Document{
		Kind: KindOffer, Key: OfferKey(partner, fmt.Sprintf("o%d", id)), OfferID: id,
		Title: title, Body: body, ProductType: productType, Regions: []string{region}, PartnerID: partner, Active: true,
	}
}

func kbDoc(slug, title, body string) Document {
	return Document{Kind: KindKB, Key: KBKey(slug), Slug: slug, Title: title, Body: body, Active: true}
}

func smallCorpus() []Document {
	return []Document{
		kbDoc("apr-basics", "APR vs interest rate", "## What APR includes\nThe annual percentage rate adds origination fees to the interest rate so offers compare fairly.\n\n## Example\nA loan at 9% with a 3% fee has an APR near 10.2%."),
		kbDoc("travel-cover", "Travel insurance basics", "## Trip cancellation\nTravel insurance repays prepaid trips you must cancel for a covered reason such as illness.\n\n## Medical abroad\nEmergency medical care overseas is the most valuable part of a travel policy."),
		kbDoc("renters-cover", "Renters insurance", "## Belongings\nRenters insurance covers your personal property against theft and fire, and gives liability cover."),
		offerDoc(1, "auto_loan", "US", 10, "Drive Credit Union auto loan", "## Description\nNew and used car loans from 5.49% APR with no origination fee.\n\n## Terms\nTerms from 24 to 72 months."),
		offerDoc(2, "personal_loan", "US-CA", 11, "Sunrise personal loan", "## Description\nDebt consolidation loans with a 2% origination fee and no prepayment penalty."),
		offerDoc(3, "travel_insurance", "GB", 12, "Wanderer travel cover", "## Description\nSingle-trip and annual travel insurance with trip cancellation and medical cover."),
	}
}

func newTestIndex(t *testing.T, docs []Document) (*Index, context.Context) {
	t.Helper()
	ctx := context.Background()
	ix := NewIndex(dbtest.NewPool(t), NewLocalEmbedder(384), nil)
	if _, err := ix.Upsert(ctx, docs); err != nil {
		t.Fatalf("Upsert: %v", err)
	}
	return ix, ctx
}

// seededIndex is an index (local embedder, 384 dimensions) on a clone of a template that holds
// batches upserted in order, the first learning the vocabulary. The template is built once per
// corpus and version of this package's code, so a large corpus is not embedded again by every
// test and every run. The index starts with nothing cached: unlike newTestIndex's, its first
// search reads the vocabulary from the database.
func seededIndex(t *testing.T, name string, batches ...[]Document) (*Index, context.Context) {
	t.Helper()
	h := sha256.New()
	for _, b := range batches {
		fmt.Fprintf(h, "batch %d\x00", len(b))
		for _, d := range b {
			fmt.Fprintf(h, "%#v\x00", d)
		}
	}
	seed := dbtest.Seed{
		Name: name,
		Key:  dbtest.SourceKey(t, "retrieval") + hex.EncodeToString(h.Sum(nil)),
		Fill: func(ctx context.Context, dsn string) error {
			pool, err := db.Open(ctx, dsn)
			if err != nil {
				return err
			}
			defer pool.Close()
			ix := NewIndex(pool, NewLocalEmbedder(384), nil)
			for _, b := range batches {
				if _, err := ix.Upsert(ctx, b); err != nil {
					return err
				}
			}
			return nil
		},
	}
	return NewIndex(dbtest.NewSeededPool(t, seed), NewLocalEmbedder(384), nil), context.Background()
}

func TestSearchFindsTheRightSourceAndFilters(t *testing.T) {
	t.Parallel()
	ix, ctx := newTestIndex(t, smallCorpus())
	tests := []struct {
		name    string
		q       Query
		wantTop string
		notIn   []string
		in      []string
	}{
		{"article by meaning", Query{Text: "what does the annual percentage rate include?", Limit: 3}, "kb/apr-basics", nil, nil},
		{"synonym car → auto", Query{Text: "vehicle financing offers", Kind: KindOffer, Limit: 3}, "offer/10/o1", nil, nil},
		{"typo", Query{Text: "travle insurence cancelation", Kind: KindKB, Limit: 3}, "kb/travel-cover", nil, nil},
		{"kind filter", Query{Text: "travel insurance", Kind: KindOffer, Limit: 5}, "offer/12/o3", []string{"kb/travel-cover"}, nil},
		{"region: a US-CA query sees US offers", Query{Text: "car loan", Kind: KindOffer, Region: "us-ca", Limit: 5}, "offer/10/o1", []string{"offer/12/o3"}, nil},
		{"region: a US query sees US-CA offers", Query{Text: "debt consolidation", Kind: KindOffer, Region: "US", Limit: 5}, "offer/11/o2", []string{"offer/12/o3"}, nil},
		{"region: a GB query sees no US offers", Query{Text: "loan", Kind: KindOffer, Region: "GB", Limit: 5}, "offer/12/o3", []string{"offer/10/o1", "offer/11/o2"}, nil},
		{"partner filter", Query{Text: "loan", PartnerID: 11, Kind: KindOffer, Limit: 5}, "offer/11/o2", []string{"offer/10/o1"}, nil},
		{"product type keeps general articles", Query{Text: "origination fee", ProductType: "personal_loan", Limit: 5}, "", []string{"offer/10/o1"}, []string{"kb/apr-basics", "offer/11/o2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, search := range []struct {
				name string
				fn   func(context.Context, Query) ([]Hit, error)
			}{{"hybrid", ix.Search}, {"vector", ix.VectorSearch}, {"keyword", ix.KeywordSearch}} {
				hits, err := search.fn(ctx, tt.q)
				if err != nil {
					t.Fatalf("%s: %v", search.name, err)
				}
				got := keys(hits)
				if len(got) > tt.q.Limit {
					t.Errorf("%s: %d hits, limit %d", search.name, len(got), tt.q.Limit)
				}
				for _, want := range tt.in {
					if !slices.Contains(got, want) {
						t.Errorf("%s: %s passes the filter and matches but is missing: %v", search.name, want, got)
					}
				}
				for _, bad := range tt.notIn {
					for _, k := range got {
						if k == bad {
							t.Errorf("%s: %s is filtered out but came back: %v", search.name, bad, got)
						}
					}
				}
				// The keyword half cannot be expected to survive typos or synonyms; the
				// others must rank the right source first.
				if tt.wantTop != "" && search.name != "keyword" && (len(got) == 0 || got[0] != tt.wantTop) {
					t.Errorf("%s: top = %v, want %s first", search.name, got, tt.wantTop)
				}
			}
		})
	}
}

func TestHitsCarrySourceHeadingAndSnippet(t *testing.T) {
	t.Parallel()
	ix, ctx := newTestIndex(t, smallCorpus())
	hits, err := ix.Search(ctx, Query{Text: "emergency medical care overseas", Limit: 1})
	if err != nil || len(hits) != 1 {
		t.Fatalf("Search = %v, %v", hits, err)
	}
	h := hits[0]
	if h.Source != KindKB || h.Slug != "travel-cover" || h.Title != "Travel insurance basics" || h.Heading != "Medical abroad" {
		t.Errorf("hit = %+v", h)
	}
	if !strings.Contains(h.Snippet, "Emergency medical care overseas") || strings.Contains(h.Snippet, "##") {
		t.Errorf("snippet = %q", h.Snippet)
	}
	if h.URL() != "/kb/travel-cover" {
		t.Errorf("URL = %q", h.URL())
	}
	offers, err := ix.Search(ctx, Query{Text: "debt consolidation", Kind: KindOffer, Limit: 1})
	if err != nil || len(offers) != 1 || offers[0].OfferID != 2 || offers[0].Source != KindOffer || offers[0].Slug != "" {
		t.Fatalf("offer hit = %+v, %v", offers, err)
	}
	if got, want := offers[0].URL(), "/offers/2"; got != want {
		t.Errorf("offer URL = %q, want the page %q", got, want)
	}
}

// A filter that keeps few rows must still fill the page: pgvector's iterative index scan keeps
// going past ef_search until k rows pass the filter.
func TestFilteredQueryReturnsKWhenKExist(t *testing.T) {
	t.Parallel()
	var docs []Document
	types := []string{"personal_loan", "auto_loan", "mortgage", "credit_card", "auto_insurance", "home_insurance", "life_insurance"}
	for i := 1; i <= 1400; i++ {
		pt := types[i%len(types)]
		region := "US"
		if i%2 == 0 {
			region = "GB"
		}
		if i%100 == 0 {
			pt = "travel_insurance" // 14 rare offers, 7 in GB and 7 in the US
			region = map[bool]string{true: "GB", false: "US"}[i%200 == 0]
		}
		docs = append(docs, offerDoc(int64(i), pt, region, int64(i%9+1),
			fmt.Sprintf("Offer %d %s", i, strings.ReplaceAll(pt, "_", " ")),
			fmt.Sprintf("A %s product from partner %d with competitive rates and fees, plan %d.", strings.ReplaceAll(pt, "_", " "), i%9+1, i)))
	}
	ix, ctx := seededIndex(t, "retrieval-filters", docs)
	// At this size the planner would rather scan the table, which filters exactly; make it use
	// the HNSW index, whose scan stops after ef_search rows unless it iterates.
	if _, err := ix.pool.Exec(ctx, `DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET enable_seqscan = off', current_database()); END $$`); err != nil {
		t.Fatal(err)
	}
	ix.pool.Reset()
	rows, _ := ix.pool.Query(ctx, `EXPLAIN SELECT id FROM retrieval_chunks ORDER BY embedding <=> (SELECT embedding FROM retrieval_chunks LIMIT 1) LIMIT 10`)
	plan, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil || !strings.Contains(strings.Join(plan, "\n"), "retrieval_chunks_embedding_idx") {
		t.Fatalf("the vector query does not use the HNSW index: %v %v", plan, err)
	}
	// Each query's words are absent from the passages its filter keeps, so the keyword half
	// contributes nothing and the page is filled by the vector half alone; and each query is
	// close to many passages the filter rejects, so the first ef_search rows of the index scan
	// hold fewer than k that pass: without iterative scans every case comes back short
	// (checked by turning them off).
	isTravel := func(h Hit) bool { return h.Source == KindOffer && strings.Contains(h.Title, "travel insurance") }
	tests := []struct {
		name string
		q    Query
		want int
		ok   func(Hit) bool
	}{
		{"rare product type", Query{Text: "personal loan auto loan mortgage credit card", ProductType: "travel_insurance", Limit: 10}, 10, isTravel},
		{"rare type and region", Query{Text: "personal loan auto loan mortgage credit card", ProductType: "travel_insurance", Region: "GB", Limit: 10}, 7, isTravel},
		{"partner and product type", Query{Text: "mortgage credit card home insurance", PartnerID: 3, ProductType: "auto_loan", Kind: KindOffer, Limit: 20}, 20,
			func(h Hit) bool { return strings.Contains(h.Title, "auto loan") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kw, err := ix.KeywordSearch(ctx, tt.q)
			if err != nil || len(kw) != 0 {
				t.Fatalf("the keyword half found %d hits (%v); the case must rest on the vector half", len(kw), err)
			}
			for name, fn := range map[string]func(context.Context, Query) ([]Hit, error){"hybrid": ix.Search, "vector": ix.VectorSearch} {
				hits, err := fn(ctx, tt.q)
				if err != nil {
					t.Fatal(err)
				}
				if len(hits) != tt.want {
					t.Errorf("%s: %d hits, want %d", name, len(hits), tt.want)
				}
				for _, h := range hits {
					if !tt.ok(h) {
						t.Errorf("%s: hit %s does not pass the filter", name, h.Title)
					}
				}
			}
		})
	}
}

// Each search sets hnsw.ef_search for its own transaction from its limit (pgvector's default of
// 40 would cap recall), and turns on iterative scans.
func TestSearchSetsEfSearchPerQuery(t *testing.T) {
	t.Parallel()
	ix, ctx := newTestIndex(t, smallCorpus())
	type settings struct{ ef, iterative string }
	var got []settings
	ix.searchSettingsHook = func(ctx context.Context, tx pgx.Tx) error {
		var s settings
		err := tx.QueryRow(ctx, `SELECT current_setting('hnsw.ef_search'), current_setting('hnsw.iterative_scan')`).Scan(&s.ef, &s.iterative)
		got = append(got, s)
		return err
	}
	for _, limit := range []int{1, 10, 50} {
		t.Run(fmt.Sprint("limit ", limit), func(t *testing.T) {
			got = nil
			if _, err := ix.Search(ctx, Query{Text: "travel insurance", Limit: limit}); err != nil {
				t.Fatal(err)
			}
			want := settings{fmt.Sprint(efSearch(limit)), "relaxed_order"}
			if len(got) != 1 || got[0] != want {
				t.Errorf("settings inside the search = %v, want %v", got, want)
			}
		})
	}
	// SET LOCAL: the pool's connections keep pgvector's default outside a search.
	var ef string
	if err := ix.pool.QueryRow(ctx, `SELECT current_setting('hnsw.ef_search')`).Scan(&ef); err != nil || ef != "40" {
		t.Errorf("ef_search outside a search = %q, %v; want the default 40", ef, err)
	}
}

func TestModelMismatchIsRefusedUntilReindex(t *testing.T) {
	t.Parallel()
	ix, ctx := newTestIndex(t, smallCorpus())
	for _, other := range []Embedder{NewLocalEmbedder(256), renamedEmbedder{NewLocalEmbedder(384), "text-embedding-3-small"}} {
		t.Run(fmt.Sprintf("%s/%d", other.Model(), other.Dim()), func(t *testing.T) {
			ix2 := NewIndex(ix.pool, other, nil)
			_, err := ix2.Search(ctx, Query{Text: "apr"})
			if !errors.Is(err, ErrModelMismatch) || ratewise.ErrorCode(err) != ratewise.EUNAVAILABLE {
				t.Fatalf("Search with another model: err = %v, want a model mismatch", err)
			}
			msg := ratewise.ErrorMessage(err)
			for _, want := range []string{"ratewise reindex", LocalModel, other.Model()} {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q does not mention %q", msg, want)
				}
			}
			if _, err := ix2.Upsert(ctx, smallCorpus()[:1]); !errors.Is(err, ErrModelMismatch) {
				t.Errorf("Upsert with another model: err = %v, want a model mismatch", err)
			}
		})
	}

	// Reindexing with the new model makes it the index's model, and the old one is refused.
	ix256 := NewIndex(ix.pool, NewLocalEmbedder(256), nil)
	var calls int
	if err := ix256.Reindex(ctx, func(done, total int) { calls++ }); err != nil {
		t.Fatalf("Reindex: %v", err)
	}
	if calls == 0 {
		t.Error("Reindex reported no progress")
	}
	hits, err := ix256.Search(ctx, Query{Text: "trip cancellation cover", Kind: KindKB, Limit: 1})
	if err != nil || len(hits) != 1 || hits[0].Slug != "travel-cover" {
		t.Errorf("after reindex: %v, %v", hits, err)
	}
	if _, err := ix.Search(ctx, Query{Text: "apr"}); !errors.Is(err, ErrModelMismatch) {
		t.Errorf("old model after reindex: err = %v, want a model mismatch", err)
	}
	st, err := ix256.Status(ctx)
	if err != nil || st.Dim != 256 || st.Stale != 0 || st.Reindexing {
		t.Errorf("status = %+v, %v", st, err)
	}
}

func TestReindexResumesAfterInterruption(t *testing.T) {
	t.Parallel()
	var docs []Document
	for i := 1; i <= 300; i++ {
		docs = append(docs, offerDoc(int64(i), "personal_loan", "US", 1, fmt.Sprintf("Loan %d", i), fmt.Sprintf("Personal loan plan %d.\n\n## Terms\nTerm %d months.", i, 12+i%60)))
	}
	ix, ctx := seededIndex(t, "retrieval-resume", docs)
	other := NewIndex(ix.pool, renamedEmbedder{NewLocalEmbedder(384), "other-model"}, nil)

	cctx, cancel := context.WithCancel(ctx)
	err := other.Reindex(cctx, func(done, total int) { cancel() }) // interrupted after the first batch
	if err == nil {
		t.Fatal("interrupted Reindex returned no error")
	}
	st, err := other.Status(ctx)
	if err != nil || !st.Reindexing || st.Stale == 0 || st.Stale == st.Chunks {
		t.Fatalf("after interruption: %+v, %v; want a reindex in progress with some chunks done", st, err)
	}
	if _, err := other.Upsert(ctx, docs[:1]); ratewise.ErrorCode(err) != ratewise.ECONFLICT {
		t.Errorf("Upsert during an unfinished reindex: %v, want a conflict", err)
	}
	var first int
	if err := other.Reindex(ctx, func(done, total int) {
		if first == 0 {
			first = done
		}
	}); err != nil {
		t.Fatalf("resumed Reindex: %v", err)
	}
	if first <= reindexBatch {
		t.Errorf("resumed run's first progress = %d, want it to start past the %d chunks already done", first, reindexBatch)
	}
	if st, _ := other.Status(ctx); st.Stale != 0 || st.Reindexing || st.Model != "other-model" {
		t.Errorf("after resume: %+v", st)
	}
	hits, err := other.Search(ctx, Query{Text: "personal loan plan 42", Limit: 1})
	if err != nil || len(hits) != 1 {
		t.Errorf("search after resume: %v %v", hits, err)
	}
}

func TestOfferUpdateReindexesItsPassages(t *testing.T) {
	t.Parallel()
	ix, ctx := newTestIndex(t, smallCorpus())
	offer := smallCorpus()[5]

	// Same text, new filter fields: no re-embedding, filters follow.
	offer.Active = false
	stats, err := ix.Upsert(ctx, []Document{offer})
	if err != nil || stats.Unchanged != 1 || stats.Chunks != 0 {
		t.Fatalf("unchanged text: %+v, %v", stats, err)
	}
	hits, err := ix.Search(ctx, Query{Text: "Wanderer travel cover", ActiveOnly: true, Kind: KindOffer})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		if h.OfferID == 3 {
			t.Errorf("inactive offer returned with ActiveOnly")
		}
	}

	// New text: the passages are replaced.
	offer.Active = true
	offer.Body = "## Description\nPet insurance for cats and dogs, with vet bills covered up to 5,000."
	stats, err = ix.Upsert(ctx, []Document{offer})
	if err != nil || stats.Changed != 1 || stats.Chunks != 1 {
		t.Fatalf("changed text: %+v, %v", stats, err)
	}
	hits, err = ix.Search(ctx, Query{Text: "vet bills for my dog", Kind: KindOffer, Limit: 1})
	if err != nil || len(hits) != 1 || hits[0].OfferID != 3 {
		t.Errorf("search new text: %+v, %v", hits, err)
	}
	hits, err = ix.KeywordSearch(ctx, Query{Text: "single-trip annual", Kind: KindOffer})
	if err != nil || len(hits) != 0 {
		t.Errorf("old passage still found: %+v", hits)
	}

	// Deleting removes it; Sync drops sources no longer listed.
	if err := ix.Delete(ctx, offer.Key); err != nil {
		t.Fatal(err)
	}
	hits, err = ix.Search(ctx, Query{Text: "pet insurance vet", Kind: KindOffer})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		if h.OfferID == 3 {
			t.Errorf("deleted offer still found")
		}
	}
	_, deleted, err := ix.Sync(ctx, KindOffer, smallCorpus()[3:4])
	if err != nil || deleted != 1 {
		t.Errorf("Sync deleted %d, %v; want 1", deleted, err)
	}
}

// The local embedder's vocabulary is stored: a fresh process embeds queries exactly as the
// one that indexed, so results do not change across a restart.
func TestVocabularySurvivesRestart(t *testing.T) {
	t.Parallel()
	ix, ctx := newTestIndex(t, smallCorpus())
	q := Query{Text: "fees included in the yearly rate", Limit: 6}
	before, err := ix.VectorSearch(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	restarted := NewIndex(ix.pool, NewLocalEmbedder(384), nil)
	after, err := restarted.VectorSearch(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(before) != fmt.Sprint(after) {
		t.Errorf("results changed after restart:\n before %v\n after  %v", before, after)
	}
}

func TestInvalidInput(t *testing.T) {
	t.Parallel()
	ix, ctx := newTestIndex(t, smallCorpus())
	for _, tt := range []struct {
		name  string
		q     Query
		field string
	}{
		{"blank text", Query{Text: "  "}, "q"},
		{"text too long", Query{Text: strings.Repeat("a", MaxQueryLen+1)}, "q"},
		{"limit too high", Query{Text: "x", Limit: MaxLimit + 1}, "limit"},
		{"unknown kind", Query{Text: "x", Kind: "blog"}, "kind"},
	} {
		t.Run("search/"+tt.name, func(t *testing.T) {
			if _, err := ix.Search(ctx, tt.q); ratewise.ErrorField(err) != tt.field {
				t.Errorf("Search(%.20q) err = %v, want invalid %s", tt.q.Text, err, tt.field)
			}
		})
	}
	for _, tt := range []struct {
		name string
		doc  Document
	}{
		{"bad slug", Document{Kind: "kb", Key: "kb/x", Slug: "Bad Slug", Title: "t"}},
		{"offer without id", Document{Kind: "offer", Key: "offer/a/b", Title: "t"}},
		{"no key", Document{Kind: "kb", Key: "", Slug: "ok", Title: "t"}},
	} {
		t.Run("upsert/"+tt.name, func(t *testing.T) {
			if _, err := ix.Upsert(ctx, []Document{tt.doc}); ratewise.ErrorCode(err) != ratewise.EINVALID {
				t.Errorf("Upsert(%+v) err = %v, want invalid", tt.doc, err)
			}
		})
	}
}

// uniqueWord is a made-up word that only document i contains.
func uniqueWord(i int) string {
	w := []byte("zq")
	for n := i + 1; n > 0; n /= 26 {
		w = append(w, byte('a'+n%26))
	}
	return string(w) + "x"
}

// A reindex with the same local model learns a new vocabulary; until it finishes, the chunks
// not yet re-embedded hold vectors weighed by the old one. The vector half must not compare
// the query (made with the new vocabulary) with them; the keyword half still finds them.
func TestSearchDuringSameModelReindex(t *testing.T) {
	t.Parallel()
	var docs []Document
	for i := range 300 {
		docs = append(docs, offerDoc(int64(100+i), "personal_loan", "US", 1, fmt.Sprintf("Loan %d", i),
			fmt.Sprintf("Personal loan with the %s feature.\n\n## Terms\nTerm %d months.", uniqueWord(i), 12+i%60)))
	}
	// docs are embedded with the vocabulary learned from the small corpus.
	ix, ctx := seededIndex(t, "retrieval-same-model", smallCorpus(), docs)
	cctx, cancel := context.WithCancel(ctx)
	if err := ix.Reindex(cctx, func(done, total int) { cancel() }); err == nil { // stops after one batch
		t.Fatal("interrupted Reindex returned no error")
	}
	st, err := ix.Status(ctx)
	if err != nil || !st.Reindexing || st.Model != LocalModel {
		t.Fatalf("status = %+v, %v; want a local→local reindex in progress", st, err)
	}
	stale := map[string]bool{}
	rows, err := ix.pool.Query(ctx, `SELECT source_key FROM retrieval_chunks GROUP BY source_key HAVING max(generation) < $1`, st.Generation)
	if err != nil {
		t.Fatal(err)
	}
	keysStale, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keysStale {
		stale[k] = true
	}
	var checkedStale, checkedFresh int
	for i, d := range docs {
		if i%10 != 0 {
			continue
		}
		q := Query{Text: uniqueWord(i), Kind: KindOffer, Limit: 5}
		vec, err := ix.VectorSearch(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range vec {
			if stale[h.Key] {
				t.Errorf("vector half returned %s, whose chunks all have the old generation's vectors", h.Key)
			}
		}
		if stale[d.Key] {
			checkedStale++
			hyb, err := ix.Search(ctx, q)
			if err != nil || !slices.Contains(keys(hyb), d.Key) {
				t.Errorf("hybrid during reindex for %s: %v, %v; want the keyword half to find it", d.Key, keys(hyb), err)
			}
		} else {
			checkedFresh++
			if len(vec) == 0 || vec[0].Key != d.Key {
				t.Errorf("vector half for re-embedded %s: %v, want it first", d.Key, keys(vec))
			}
		}
	}
	if checkedStale == 0 || checkedFresh == 0 {
		t.Fatalf("checked %d stale and %d re-embedded sources; the test needs both", checkedStale, checkedFresh)
	}
	if err := ix.Reindex(ctx, nil); err != nil {
		t.Fatal(err)
	}
	last := docs[len(docs)-10]
	if vec, err := ix.VectorSearch(ctx, Query{Text: uniqueWord(len(docs) - 10), Limit: 1}); err != nil || len(vec) != 1 || vec[0].Key != last.Key {
		t.Errorf("after the reindex: %v, %v; want %s", keys(vec), err, last.Key)
	}
}

// A write that learns a vocabulary and then fails must not leave that vocabulary in use: a
// later search would embed queries with weights no stored chunk was made with.
func TestFailedUpsertDoesNotKeepItsVocabulary(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.NewPool(t)
	failing := NewIndex(pool, NewLocalEmbedder(384), nil)
	dupSlug := kbDoc("apr-basics", "Another APR page", "## Fees\nOrigination fees, late fees and annual fees.")
	dupSlug.Key = "kb/apr-basics-copy"
	if _, err := failing.Upsert(ctx, append(smallCorpus(), dupSlug)); ratewise.ErrorCode(err) != ratewise.ECONFLICT {
		t.Fatalf("Upsert with a duplicate slug: %v, want a conflict", err)
	}
	// Another process fills the index with a different corpus (so a different vocabulary).
	if _, err := NewIndex(pool, NewLocalEmbedder(384), nil).Upsert(ctx, smallCorpus()[1:]); err != nil {
		t.Fatal(err)
	}
	q := Query{Text: "travel insurance medical cover", Limit: 5}
	got, err := failing.VectorSearch(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	want, err := NewIndex(pool, NewLocalEmbedder(384), nil).VectorSearch(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("the index whose upsert failed embeds queries differently:\n got  %v\n want %v", got, want)
	}
}

// A query with no meaningful words must not return the vector half's noise (NaN distances to
// an all-zero vector, every source in alphabetical order): it finds nothing.
func TestQueryWithoutWordsFindsNothing(t *testing.T) {
	t.Parallel()
	ix, ctx := newTestIndex(t, smallCorpus())
	for _, text := range []string{"what is it", "the of and", "&|!:* ()", "?"} {
		t.Run(text, func(t *testing.T) {
			for _, search := range []struct {
				name string
				fn   func(context.Context, Query) ([]Hit, error)
			}{{"hybrid", ix.Search}, {"vector", ix.VectorSearch}, {"keyword", ix.KeywordSearch}} {
				hits, err := search.fn(ctx, Query{Text: text, Limit: 5})
				if err != nil {
					t.Errorf("%s(%q): %v", search.name, text, err)
				}
				if len(hits) != 0 {
					t.Errorf("%s(%q) = %v, want no hits", search.name, text, keys(hits))
				}
			}
		})
	}
	// A stopword beside a real word still searches on the real word.
	hits, err := ix.Search(ctx, Query{Text: "what is travel insurance", Limit: 1})
	if err != nil || len(hits) != 1 || hits[0].Slug != "travel-cover" {
		t.Errorf("with a real word: %v, %v", keys(hits), err)
	}
}

// Prepare learns from the whole corpus before anything is stored, so a seed embeds each chunk
// once: the vectors and the vocabulary are those an upsert of the articles, a sync of the
// offers and a reindex after them would leave.
func TestPrepareLearnsOnceWhatAReindexWouldLearn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	corpus := smallCorpus()
	articles, passages := corpus[:3], corpus[3:]

	twice := NewIndex(dbtest.NewPool(t), NewLocalEmbedder(384), nil)
	if _, err := twice.Upsert(ctx, articles); err != nil {
		t.Fatal(err)
	}
	if _, _, err := twice.Sync(ctx, KindOffer, passages); err != nil {
		t.Fatal(err)
	}
	if err := twice.Reindex(ctx, nil); err != nil {
		t.Fatal(err)
	}

	once := NewIndex(dbtest.NewPool(t), NewLocalEmbedder(384), nil)
	if ok, err := once.Prepare(ctx, corpus); err != nil || !ok {
		t.Fatalf("Prepare on an empty index = %v, %v; want it done", ok, err)
	}
	if _, err := once.Upsert(ctx, articles); err != nil {
		t.Fatal(err)
	}
	if _, _, err := once.Sync(ctx, KindOffer, passages); err != nil {
		t.Fatal(err)
	}

	type chunk struct {
		Key        string
		Ord        int
		Generation int64
		Embedding  string
	}
	read := func(ix *Index) ([]chunk, map[string]int, int, Status) {
		t.Helper()
		rows, err := ix.pool.Query(ctx, `SELECT source_key, ord, generation, embedding::text FROM retrieval_chunks ORDER BY source_key, ord`)
		if err != nil {
			t.Fatal(err)
		}
		chunks, err := pgx.CollectRows(rows, pgx.RowToStructByPos[chunk])
		if err != nil {
			t.Fatal(err)
		}
		st, ok, err := loadState(ctx, ix.pool)
		if err != nil || !ok {
			t.Fatalf("state: %v, %v", ok, err)
		}
		v, err := NewIndex(ix.pool, NewLocalEmbedder(384), nil).vocabularyFor(ctx, ix.pool, st)
		if err != nil {
			t.Fatal(err)
		}
		status, err := ix.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return chunks, v.DF, v.Docs, status
	}
	wantChunks, wantDF, wantDocs, _ := read(twice)
	gotChunks, gotDF, gotDocs, st := read(once)
	if gotDocs != wantDocs || !maps.Equal(gotDF, wantDF) {
		t.Errorf("vocabulary learned from %d chunks (%d terms), want %d chunks (%d terms) as after a reindex", gotDocs, len(gotDF), wantDocs, len(wantDF))
	}
	if len(gotChunks) != len(wantChunks) || len(gotChunks) == 0 {
		t.Fatalf("%d chunks, want %d", len(gotChunks), len(wantChunks))
	}
	for i, c := range gotChunks {
		w := wantChunks[i]
		if c.Key != w.Key || c.Ord != w.Ord || c.Embedding != w.Embedding {
			t.Errorf("chunk %s/%d differs from the reindexed index's %s/%d", c.Key, c.Ord, w.Key, w.Ord)
		}
		if c.Generation != st.Generation {
			t.Errorf("chunk %s/%d is of generation %d, want the prepared %d", c.Key, c.Ord, c.Generation, st.Generation)
		}
	}
	if st.Reindexing || st.Stale != 0 {
		t.Errorf("status after a prepared seed = %+v", st)
	}

	// On an index that holds chunks, Prepare leaves the vocabulary alone: the stored vectors
	// were made with it.
	if ok, err := once.Prepare(ctx, smallCorpus()[:1]); err != nil || ok {
		t.Errorf("Prepare on a filled index = %v, %v; want nothing done", ok, err)
	}
	if _, df, docs, _ := read(once); docs != gotDocs || !maps.Equal(df, gotDF) {
		t.Error("Prepare on a filled index changed the vocabulary")
	}
	if _, err := NewIndex(dbtest.NewPool(t), NewLocalEmbedder(384), nil).Prepare(ctx, append(smallCorpus(), smallCorpus()[0])); ratewise.ErrorCode(err) != ratewise.EINVALID {
		t.Errorf("Prepare with a key twice: %v, want invalid", err)
	}
}
