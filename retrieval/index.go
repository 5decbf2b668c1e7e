package retrieval

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/pgvector/pgvector-go"

	"ratewise"
	"ratewise/db"
)

// ErrModelMismatch is wrapped by the error a search or an upsert returns when the configured
// embedder is not the one the stored chunks were made with.
var ErrModelMismatch = errors.New("embedding model mismatch")

// writeLockKey serialises writers (upserts, reindex) across processes.
const writeLockKey = 7202611254

// Index is the searchable store of chunks in PostgreSQL. It is safe for concurrent use.
type Index struct {
	pool *pgxpool.Pool
	emb  Embedder
	log  *slog.Logger

	// vocabMu guards vocab, the committed vocabulary of generation vocabGen (learning
	// embedders only).
	vocabMu  sync.Mutex
	vocab    *Vocabulary
	vocabGen int64

	// searchSettingsHook, when set (tests only), runs inside a search's transaction after its
	// settings, so a test can read what the query runs with. A field, not a package variable,
	// so tests of other indexes run in parallel.
	searchSettingsHook func(ctx context.Context, tx pgx.Tx) error
}

// NewIndex returns an index over pool that embeds with emb. A nil log discards.
func NewIndex(pool *pgxpool.Pool, emb Embedder, log *slog.Logger) *Index {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Index{pool: pool, emb: emb, log: log}
}

// Embedder returns the embedder the index uses.
func (ix *Index) Embedder() Embedder { return ix.emb }

// vocabularyLearner is an embedder that learns from the corpus (the local one).
type vocabularyLearner interface {
	Learn(texts []string) *Vocabulary
	embedWith(ctx context.Context, texts []string, v *Vocabulary) ([][]float32, error)
}

// state is the one retrieval_state row.
type state struct {
	Model      string
	Dim        int
	Generation int64
	Reindexing bool
	VocabDocs  int
}

// Status says what the index holds, for the CLI and operators.
type Status struct {
	Model      string
	Dim        int
	Generation int64
	Reindexing bool
	Sources    int
	Chunks     int
	Stale      int // chunks not yet embedded in the current generation
}

// Status reports the stored model, counts and whether a reindex is unfinished.
func (ix *Index) Status(ctx context.Context) (Status, error) {
	st, ok, err := loadState(ctx, ix.pool)
	if err != nil || !ok {
		return Status{}, err
	}
	s := Status{Model: st.Model, Dim: st.Dim, Generation: st.Generation, Reindexing: st.Reindexing}
	err = ix.pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM retrieval_sources), count(*),
		count(*) FILTER (WHERE generation <> $1 OR model <> $2 OR embedding IS NULL) FROM retrieval_chunks`,
		st.Generation, st.Model).Scan(&s.Sources, &s.Chunks, &s.Stale)
	return s, err
}

func loadState(ctx context.Context, q db.Querier) (state, bool, error) {
	var st state
	err := q.QueryRow(ctx, `SELECT model, dim, generation, reindexing, vocab_docs FROM retrieval_state`).
		Scan(&st.Model, &st.Dim, &st.Generation, &st.Reindexing, &st.VocabDocs)
	if errors.Is(err, pgx.ErrNoRows) {
		return state{}, false, nil
	}
	if err != nil {
		return state{}, false, fmt.Errorf("read retrieval state: %w", err)
	}
	return st, true, nil
}

// checkModel refuses to use chunks made by another model or dimension.
func (ix *Index) checkModel(st state) error {
	if st.Model == ix.emb.Model() && st.Dim == ix.emb.Dim() {
		return nil
	}
	return ratewise.Wrap(ratewise.EUNAVAILABLE, ErrModelMismatch,
		"the search index was built with embedding model %q (%d dimensions) but the configured one is %q (%d dimensions); run `ratewise reindex` to re-embed with the configured model, or set EMBEDDINGS_MODEL and EMBEDDINGS_DIM back",
		st.Model, st.Dim, ix.emb.Model(), ix.emb.Dim())
}

// vocabularyFor returns the vocabulary of st's generation for a learning embedder (nil for
// others), read through q so it belongs to the same snapshot as st. It is cached per
// generation; the cache only ever holds a committed generation's vocabulary (see
// rememberVocabulary).
func (ix *Index) vocabularyFor(ctx context.Context, q db.Querier, st state) (*Vocabulary, error) {
	if _, ok := ix.emb.(vocabularyLearner); !ok {
		return nil, nil
	}
	ix.vocabMu.Lock()
	defer ix.vocabMu.Unlock()
	if ix.vocab != nil && ix.vocabGen == st.Generation {
		return ix.vocab, nil
	}
	v := &Vocabulary{Docs: st.VocabDocs, DF: map[string]int{}}
	rows, err := q.Query(ctx, `SELECT term, df FROM retrieval_vocabulary`)
	if err != nil {
		return nil, fmt.Errorf("read vocabulary: %w", err)
	}
	var term string
	var df int
	if _, err := pgx.ForEachRow(rows, []any{&term, &df}, func() error { v.DF[term] = df; return nil }); err != nil {
		return nil, fmt.Errorf("read vocabulary: %w", err)
	}
	ix.vocab, ix.vocabGen = v, st.Generation
	return v, nil
}

// rememberVocabulary caches v as generation gen's vocabulary. Callers call it only after the
// transaction that stored v committed: a rolled-back generation must not become current.
func (ix *Index) rememberVocabulary(v *Vocabulary, gen int64) {
	if v == nil {
		return
	}
	ix.vocabMu.Lock()
	ix.vocab, ix.vocabGen = v, gen
	ix.vocabMu.Unlock()
}

// embed embeds texts as the chunks of the generation whose vocabulary is v were embedded: a
// learning embedder is given v explicitly, so a query never meets another generation's
// weights even while a reindex learns a new vocabulary.
func (ix *Index) embed(ctx context.Context, texts []string, v *Vocabulary) ([][]float32, error) {
	if learner, ok := ix.emb.(vocabularyLearner); ok {
		return learner.embedWith(ctx, texts, v)
	}
	return ix.emb.Embed(ctx, texts)
}

// learnVocabulary learns the vocabulary from texts and stores it in tx. It does not make it
// current: the caller calls rememberVocabulary after tx commits.
func (ix *Index) learnVocabulary(ctx context.Context, tx pgx.Tx, texts []string) (*Vocabulary, error) {
	learner, ok := ix.emb.(vocabularyLearner)
	if !ok {
		return nil, nil
	}
	v := learner.Learn(texts)
	terms := make([]string, 0, len(v.DF))
	dfs := make([]int32, 0, len(v.DF))
	for t, n := range v.DF {
		terms = append(terms, t)
		dfs = append(dfs, int32(n))
	}
	if _, err := tx.Exec(ctx, `DELETE FROM retrieval_vocabulary`); err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO retrieval_vocabulary (term, df) SELECT * FROM unnest($1::text[], $2::int[])`, terms, dfs); err != nil {
		return nil, fmt.Errorf("store vocabulary: %w", err)
	}
	return v, nil
}

// setDimension makes the embedding column hold dim numbers. Only called with no vectors
// stored (a fresh index, or a reindex that has cleared them); the HNSW index is rebuilt.
func setDimension(ctx context.Context, tx pgx.Tx, dim int) error {
	var cur int
	if err := tx.QueryRow(ctx, `SELECT atttypmod FROM pg_attribute WHERE attrelid = 'retrieval_chunks'::regclass AND attname = 'embedding'`).Scan(&cur); err != nil {
		return err
	}
	if cur == dim {
		return nil
	}
	if dim < 1 || dim > 2000 {
		return ratewise.Invalid("EMBEDDINGS_DIM", "must be from 1 to 2000, got %d", dim)
	}
	// DDL takes no parameters; dim is a validated integer.
	for _, stmt := range []string{
		`DROP INDEX IF EXISTS retrieval_chunks_embedding_idx`,
		`UPDATE retrieval_chunks SET embedding = NULL`,
		fmt.Sprintf(`ALTER TABLE retrieval_chunks ALTER COLUMN embedding TYPE vector(%d)`, dim),
		`CREATE INDEX retrieval_chunks_embedding_idx ON retrieval_chunks USING hnsw (embedding vector_cosine_ops) WITH (m = 32, ef_construction = 128)`, // as migration 0020
	} {
		if _, err := tx.Exec(ctx, stmt); err != nil {
			return fmt.Errorf("set embedding dimension to %d: %w", dim, err)
		}
	}
	return nil
}

// embedText is what a chunk's vector is made from: its source title and heading give every
// passage its context.
func embedText(title, heading, text string) string {
	if heading == "" {
		return title + "\n" + text
	}
	return title + " — " + heading + "\n" + text
}

func contentHash(d Document) string {
	h := sha256.Sum256([]byte(d.Title + "\x00" + d.Body))
	return hex.EncodeToString(h[:])
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Validate reports the first problem with d.
func (d Document) Validate() error {
	switch d.Kind {
	case KindKB:
		if !slugRE.MatchString(d.Slug) || len(d.Slug) > 100 {
			return ratewise.Invalid("slug", "slug %q must be lower-case words joined by hyphens", d.Slug)
		}
	case KindOffer:
		if d.OfferID <= 0 {
			return ratewise.Invalid("offer_id", "an offer document needs its offer id")
		}
	default:
		return ratewise.Invalid("kind", "kind must be %q or %q, got %q", KindKB, KindOffer, d.Kind)
	}
	if strings.TrimSpace(d.Key) == "" {
		return ratewise.Invalid("key", "a document needs a stable key")
	}
	if strings.TrimSpace(d.Title) == "" {
		return ratewise.Invalid("title", "document %s has no title", d.Key)
	}
	return nil
}

// Upsert indexes docs: a new source is chunked and embedded, a changed one has its chunks
// replaced, an unchanged one only has its filter fields (regions, active, partner, product
// type) updated. It refuses when the stored chunks were made by another model.
//
// On an empty index the local embedder learns its vocabulary from docs; later upserts reuse
// that vocabulary (so stored vectors stay comparable) until `ratewise reindex` learns it anew.
func (ix *Index) Upsert(ctx context.Context, docs []Document) (UpsertStats, error) {
	var stats UpsertStats
	var learned *Vocabulary // the vocabulary this upsert learned, made current after commit
	var learnedGen int64
	seen := map[string]bool{}
	for _, d := range docs {
		if err := d.Validate(); err != nil {
			return stats, err
		}
		if seen[d.Key] {
			return stats, ratewise.Invalid("key", "document key %s appears twice", d.Key)
		}
		seen[d.Key] = true
	}
	err := pgx.BeginFunc(ctx, ix.pool, func(tx pgx.Tx) error {
		stats, learned = UpsertStats{}, nil
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(writeLockKey)); err != nil {
			return err
		}
		st, ok, err := loadState(ctx, tx)
		if err != nil {
			return err
		}

		// Which documents need new chunks? The others only get their filter fields.
		hashes, err := storedHashes(ctx, tx, docs)
		if err != nil {
			return err
		}
		var changed []Document
		filters := &pgx.Batch{}
		for _, d := range docs {
			hash, stored := hashes[d.Key]
			switch {
			case !stored:
				stats.Added++
				changed = append(changed, d)
			case hash != contentHash(d):
				stats.Changed++
				changed = append(changed, d)
			default:
				stats.Unchanged++
				queueFilterUpdate(filters, d)
			}
		}
		if filters.Len() > 0 {
			if err := tx.SendBatch(ctx, filters).Close(); err != nil {
				return fmt.Errorf("update filters: %w", err)
			}
		}
		type pending struct {
			doc   Document
			chunk Chunk
		}
		var vocab *Vocabulary
		var todo []pending
		var texts []string
		for _, d := range changed {
			for _, c := range Split(d.Body) {
				todo = append(todo, pending{d, c})
				texts = append(texts, embedText(d.Title, c.Heading, c.Text))
			}
		}

		if !ok {
			if err := setDimension(ctx, tx, ix.emb.Dim()); err != nil {
				return err
			}
			st = state{Model: ix.emb.Model(), Dim: ix.emb.Dim(), Generation: 1}
			if vocab, err = ix.learnVocabulary(ctx, tx, texts); err != nil {
				return err
			}
			if vocab != nil {
				st.VocabDocs = vocab.Docs
				learned, learnedGen = vocab, st.Generation
			}
			if _, err := tx.Exec(ctx, `INSERT INTO retrieval_state (model, dim, generation, vocab_docs) VALUES ($1, $2, $3, $4)`,
				st.Model, st.Dim, st.Generation, st.VocabDocs); err != nil {
				return err
			}
		} else {
			if err := ix.checkModel(st); err != nil {
				return err
			}
			if st.Reindexing {
				return ratewise.Errorf(ratewise.ECONFLICT, "a reindex has not finished; run `ratewise reindex` to complete it before adding documents")
			}
			if vocab, err = ix.vocabularyFor(ctx, tx, st); err != nil {
				return err
			}
		}

		vecs, err := ix.embed(ctx, texts, vocab)
		if err != nil {
			return err
		}
		if len(changed) > 0 {
			sources := &pgx.Batch{}
			for _, d := range changed {
				queueSourceUpsert(sources, d)
			}
			if err := tx.SendBatch(ctx, sources).Close(); err != nil {
				return err
			}
		}
		rows := make([][]any, len(todo))
		for i, p := range todo {
			d := p.doc
			rows[i] = []any{d.Key, p.chunk.Ord, d.Kind, d.Slug, d.OfferID, d.ProductType, regionsOf(d), d.PartnerID, d.Active,
				d.Title, p.chunk.Heading, p.chunk.Text, st.Model, st.Generation, pgvector.NewVector(vecs[i])}
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"retrieval_chunks"},
			[]string{"source_key", "ord", "kind", "slug", "offer_id", "product_type", "regions", "partner_id", "active",
				"title", "heading", "body", "model", "generation", "embedding"},
			pgx.CopyFromRows(rows)); err != nil {
			return fmt.Errorf("store chunks: %w", err)
		}
		stats.Chunks = len(rows)
		return nil
	})
	if db.IsCode(err, db.UniqueViolation) {
		return stats, ratewise.Errorf(ratewise.ECONFLICT, "two knowledge-base articles share a slug")
	}
	if err == nil {
		ix.rememberVocabulary(learned, learnedGen)
	}
	return stats, err
}

func regionsOf(d Document) []string {
	out := make([]string, 0, len(d.Regions))
	for _, r := range d.Regions {
		if r = normalizeRegion(r); r != "" {
			out = append(out, r)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// storedHashes returns the content hash of each of docs already stored, by key, in one query.
func storedHashes(ctx context.Context, tx pgx.Tx, docs []Document) (map[string]string, error) {
	keys := make([]string, len(docs))
	for i, d := range docs {
		keys[i] = d.Key
	}
	rows, err := tx.Query(ctx, `SELECT key, content_hash FROM retrieval_sources WHERE key = ANY($1)`, keys)
	if err != nil {
		return nil, err
	}
	hashes := make(map[string]string, len(docs))
	var key, hash string
	_, err = pgx.ForEachRow(rows, []any{&key, &hash}, func() error { hashes[key] = hash; return nil })
	return hashes, err
}

// queueSourceUpsert queues the statements that store d as a source with no chunks (its new
// chunks follow).
func queueSourceUpsert(b *pgx.Batch, d Document) {
	b.Queue(`DELETE FROM retrieval_chunks WHERE source_key = $1`, d.Key)
	b.Queue(`
		INSERT INTO retrieval_sources (key, kind, slug, offer_id, title, body, product_type, regions, partner_id, active, content_hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, slug = excluded.slug, offer_id = excluded.offer_id,
			title = excluded.title, body = excluded.body, product_type = excluded.product_type, regions = excluded.regions,
			partner_id = excluded.partner_id, active = excluded.active, content_hash = excluded.content_hash, updated_at = now()`,
		d.Key, d.Kind, d.Slug, d.OfferID, d.Title, d.Body, d.ProductType, regionsOf(d), d.PartnerID, d.Active, contentHash(d))
}

// queueFilterUpdate queues the statements that copy a source's filter fields to it and its
// chunks without re-embedding. Rows whose fields already match are left alone: rewriting a
// chunk adds an entry to its HNSW index (milliseconds each), and a catalogue sync passes every
// offer, changed or not.
func queueFilterUpdate(b *pgx.Batch, d Document) {
	args := []any{d.Key, d.Slug, d.OfferID, d.ProductType, regionsOf(d), d.PartnerID, d.Active}
	b.Queue(`UPDATE retrieval_sources SET slug = $2, offer_id = $3, product_type = $4, regions = $5,
		partner_id = $6, active = $7, updated_at = now()
		WHERE key = $1 AND (slug, offer_id, product_type, regions, partner_id, active) IS DISTINCT FROM ($2, $3, $4, $5, $6, $7)`, args...)
	b.Queue(`UPDATE retrieval_chunks SET slug = $2, offer_id = $3, product_type = $4, regions = $5,
		partner_id = $6, active = $7
		WHERE source_key = $1 AND (slug, offer_id, product_type, regions, partner_id, active) IS DISTINCT FROM ($2, $3, $4, $5, $6, $7)`, args...)
}

// UpsertStats says what an Upsert did.
type UpsertStats struct {
	Added, Changed, Unchanged, Chunks int
}

// Sync makes the sources of kind exactly docs: it upserts them and deletes the sources of that
// kind whose key is not among them, returning how many it deleted.
func (ix *Index) Sync(ctx context.Context, kind string, docs []Document) (UpsertStats, int, error) {
	keys := make([]string, 0, len(docs))
	for _, d := range docs {
		if d.Kind != kind {
			return UpsertStats{}, 0, ratewise.Invalid("kind", "Sync of %q got a %q document (%s)", kind, d.Kind, d.Key)
		}
		keys = append(keys, d.Key)
	}
	stats, err := ix.Upsert(ctx, docs)
	if err != nil {
		return stats, 0, err
	}
	tag, err := ix.pool.Exec(ctx, `DELETE FROM retrieval_sources WHERE kind = $1 AND NOT (key = ANY($2))`, kind, keys)
	if err != nil {
		return stats, 0, err
	}
	return stats, int(tag.RowsAffected()), nil
}

// Delete removes the source with key and its chunks; a missing key is not an error.
func (ix *Index) Delete(ctx context.Context, key string) error {
	_, err := ix.pool.Exec(ctx, `DELETE FROM retrieval_sources WHERE key = $1`, key)
	return err
}

// StoredArticle is an indexed knowledge-base article, for its page.
type StoredArticle struct {
	Slug, Title, Body, ProductType string
}

// Article returns the indexed article with slug (shipped or imported), or a not-found error.
func (ix *Index) Article(ctx context.Context, slug string) (StoredArticle, error) {
	var a StoredArticle
	err := ix.pool.QueryRow(ctx, `SELECT slug, title, body, product_type FROM retrieval_sources WHERE kind = 'kb' AND slug = $1`, slug).
		Scan(&a.Slug, &a.Title, &a.Body, &a.ProductType)
	if errors.Is(err, pgx.ErrNoRows) {
		return a, ratewise.NotFound("article")
	}
	return a, err
}

// IndexedArticles lists the indexed articles' slugs and titles, sorted by title.
func (ix *Index) IndexedArticles(ctx context.Context) ([]StoredArticle, error) {
	rows, err := ix.pool.Query(ctx, `SELECT slug, title, '' AS body, product_type FROM retrieval_sources WHERE kind = 'kb' ORDER BY title`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[StoredArticle])
}
