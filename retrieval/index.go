package retrieval

import (
	"context"
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"

	"ratewise"
)

// Index is the searchable store of chunks in PostgreSQL. It is safe for concurrent use.
type Index struct {
	pool *pgxpool.Pool
	emb  Embedder
	log  *slog.Logger
}

// NewIndex returns an index over pool that embeds with emb. A nil log discards.
func NewIndex(pool *pgxpool.Pool, emb Embedder, log *slog.Logger) *Index {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Index{pool: pool, emb: emb, log: log}
}

// Upsert indexes docs: a new source is chunked and embedded, a changed one has its chunks
// replaced, an unchanged one only has its filter fields (regions, active, partner, product
// type) updated. It refuses when the stored chunks were made by another model.
func (ix *Index) Upsert(ctx context.Context, docs []Document) (UpsertStats, error) {
	return UpsertStats{}, ratewise.Errorf(ratewise.EUNAVAILABLE, "not implemented yet")
}

// UpsertStats says what an Upsert did.
type UpsertStats struct {
	Added, Changed, Unchanged, Chunks int
}

// Sync makes the sources of kind exactly docs: it upserts them and deletes the sources of that
// kind whose key is not among them. Seeding and catalogue imports use it.
func (ix *Index) Sync(ctx context.Context, kind string, docs []Document) (UpsertStats, int, error) {
	return UpsertStats{}, 0, ratewise.Errorf(ratewise.EUNAVAILABLE, "not implemented yet")
}

// Delete removes the source with key and its chunks; a missing key is not an error.
func (ix *Index) Delete(ctx context.Context, key string) error {
	return ratewise.Errorf(ratewise.EUNAVAILABLE, "not implemented yet")
}

// Search runs the hybrid query: vector and keyword halves with the same filters, fused by
// reciprocal rank fusion, one hit per source.
func (ix *Index) Search(ctx context.Context, q Query) ([]Hit, error) {
	return nil, ratewise.Errorf(ratewise.EUNAVAILABLE, "not implemented yet")
}

// VectorSearch runs only the vector half (HNSW cosine), one hit per source.
func (ix *Index) VectorSearch(ctx context.Context, q Query) ([]Hit, error) {
	return nil, ratewise.Errorf(ratewise.EUNAVAILABLE, "not implemented yet")
}

// KeywordSearch runs only the full-text half (websearch_to_tsquery, ts_rank_cd), one hit per
// source.
func (ix *Index) KeywordSearch(ctx context.Context, q Query) ([]Hit, error) {
	return nil, ratewise.Errorf(ratewise.EUNAVAILABLE, "not implemented yet")
}

// StoredArticle is an indexed knowledge-base article, for its page.
type StoredArticle struct {
	Slug, Title, Body, ProductType string
}

// Article returns the indexed article with slug (shipped or imported), or a not-found error.
func (ix *Index) Article(ctx context.Context, slug string) (StoredArticle, error) {
	return StoredArticle{}, ratewise.NotFound("article")
}

// Reindex re-embeds every chunk with the index's embedder, learning the local embedder's
// vocabulary afresh. It commits in batches and resumes where an interrupted run stopped;
// progress, if not nil, is called after each batch.
func (ix *Index) Reindex(ctx context.Context, progress func(done, total int)) error {
	return ratewise.Errorf(ratewise.EUNAVAILABLE, "not implemented yet")
}
