package assistant

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"ratewise/db"
	"ratewise/db/dbtest"
	"ratewise/offers"
	"ratewise/retrieval"
)

// The seeded template the tests clone: indexing the shipped articles and the demo catalogue
// takes seconds, so it is done once per version of the code and data that make it, not by
// every test. The articles are indexed first, so the local embedder learns its vocabulary from
// them, as `ratewise eval` does on a fresh database.

// seedSources are the packages whose code or data the template depends on.
var seedSources = []string{"assistant", "offers", "retrieval"}

// indexArticles indexes the shipped articles with the local embedder on pool.
func indexArticles(ctx context.Context, pool *pgxpool.Pool) (*retrieval.Index, error) {
	ix := retrieval.NewIndex(pool, retrieval.NewLocalEmbedder(384), nil)
	as, err := retrieval.Articles()
	if err != nil {
		return nil, err
	}
	_, err = ix.Upsert(ctx, retrieval.ArticleDocuments(as))
	return ix, err
}

// demoPool is a database with the demo catalogue, and the shipped articles and the
// catalogue's offer passages indexed.
func demoPool(t *testing.T) *pgxpool.Pool {
	t.Helper()
	return dbtest.NewSeededPool(t, dbtest.Seed{
		Name: "assistant-demo",
		Key:  dbtest.SourceKey(t, seedSources...),
		Fill: func(ctx context.Context, dsn string) error {
			pool, err := db.Open(ctx, dsn)
			if err != nil {
				return err
			}
			defer pool.Close()
			if _, err := offers.NewStore(pool).SeedDemo(ctx); err != nil {
				return err
			}
			ix, err := indexArticles(ctx, pool)
			if err != nil {
				return err
			}
			return offerIndexer(pool, ix)(ctx)
		},
	})
}

// localIndex is the index on pool with the local embedder the templates were built with.
func localIndex(pool *pgxpool.Pool) *retrieval.Index {
	return retrieval.NewIndex(pool, retrieval.NewLocalEmbedder(384), nil)
}
