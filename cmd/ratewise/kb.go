package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"ratewise/db"
	"ratewise/retrieval"
)

// newEmbedder builds the embedder the configuration asks for.
func newEmbedder(cfg Config) (retrieval.Embedder, error) {
	return retrieval.NewEmbedder(cfg.EmbeddingsModel, cfg.EmbeddingsDim, cfg.OpenAIAPIKey, cfg.OpenAIBaseURL)
}

// openIndex checks the schema, opens a pool and returns the retrieval index on it.
func openIndex(ctx context.Context, env *Env) (*retrieval.Index, *pgxpool.Pool, error) {
	if err := checkSchema(ctx, env, false); err != nil {
		return nil, nil, err
	}
	emb, err := newEmbedder(env.Config)
	if err != nil {
		return nil, nil, err
	}
	pool, err := db.Open(ctx, env.Config.DatabaseURL)
	if err != nil {
		return nil, nil, err
	}
	return retrieval.NewIndex(pool, emb, env.Log), pool, nil
}

// setupKB is `ratewise kb import PATH`: index Markdown articles from a file or a directory.
func setupKB(fs *flag.FlagSet) runFunc {
	return func(ctx context.Context, env *Env, args []string) error {
		if len(args) != 2 || args[0] != "import" {
			return fmt.Errorf("%w: want `kb import PATH`", errUsage)
		}
		articles, err := readArticles(args[1])
		if err != nil {
			return err
		}
		ix, pool, err := openIndex(ctx, env)
		if err != nil {
			return err
		}
		defer pool.Close()
		stats, err := ix.Upsert(ctx, retrieval.ArticleDocuments(articles))
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "imported %d article(s): %d new, %d changed, %d unchanged, %d chunk(s) embedded\n",
			len(articles), stats.Added, stats.Changed, stats.Unchanged, stats.Chunks)
		for _, a := range articles {
			fmt.Fprintf(env.Stdout, "  /kb/%s  %s\n", a.Slug, a.Title)
		}
		return nil
	}
}

// readArticles reads one Markdown file or every *.md file under a directory.
func readArticles(path string) ([]retrieval.Article, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		as, err := retrieval.LoadArticles(os.DirFS(path))
		if err == nil && len(as) == 0 {
			err = fmt.Errorf("%s holds no .md files", path)
		}
		return as, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	a, err := retrieval.ParseArticle(strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)), b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return []retrieval.Article{a}, nil
}

// setupReindex is `ratewise reindex`: re-embed every chunk with the configured model.
func setupReindex(fs *flag.FlagSet) runFunc {
	return func(ctx context.Context, env *Env, args []string) error {
		if len(args) > 0 {
			return fmt.Errorf("%w: unexpected argument %q", errUsage, args[0])
		}
		ix, pool, err := openIndex(ctx, env)
		if err != nil {
			return err
		}
		defer pool.Close()
		before, err := ix.Status(ctx)
		if err != nil {
			return err
		}
		emb := ix.Embedder()
		if before.Reindexing && before.Model == emb.Model() && before.Dim == emb.Dim() {
			fmt.Fprintf(env.Stdout, "resuming the reindex to %s (%d dimensions): %d of %d chunks left\n", emb.Model(), emb.Dim(), before.Stale, before.Chunks)
		} else {
			fmt.Fprintf(env.Stdout, "re-embedding %d chunks of %d sources with %s (%d dimensions)\n", before.Chunks, before.Sources, emb.Model(), emb.Dim())
		}
		start := time.Now()
		bar := newProgress(env.Stderr, "chunks")
		err = ix.Reindex(ctx, bar.update)
		bar.finish()
		if err != nil {
			return fmt.Errorf("%w\n  the chunks done so far are kept; run `ratewise reindex` again to resume", err)
		}
		fmt.Fprintf(env.Stdout, "reindexed in %s\n", time.Since(start).Round(time.Millisecond))
		return nil
	}
}

// setupEval is `ratewise eval [retrieval]`: measure search quality on a labelled set.
func setupEval(fs *flag.FlagSet) runFunc {
	setPath := fs.String("set", "", "evaluation set (JSON); default: the set shipped with Ratewise")
	verbose := fs.Bool("v", false, "list the questions each method missed")
	return func(ctx context.Context, env *Env, args []string) error {
		if len(args) > 1 || (len(args) == 1 && args[0] != "retrieval") {
			return fmt.Errorf("%w: the only evaluation is `eval retrieval`", errUsage)
		}
		qs, err := retrieval.EvalSet()
		if *setPath != "" {
			var b []byte
			if b, err = os.ReadFile(*setPath); err == nil {
				qs, err = retrieval.ParseEvalSet(b)
			}
		}
		if err != nil {
			return err
		}
		ix, pool, err := openIndex(ctx, env)
		if err != nil {
			return err
		}
		defer pool.Close()
		rep, err := retrieval.Evaluate(ctx, ix, qs)
		if err != nil {
			return err
		}
		emb := ix.Embedder()
		fmt.Fprintf(env.Stdout, "retrieval quality, %s (%d dimensions), %d questions\n\n", emb.Model(), emb.Dim(), len(qs)-len(rep.Skipped))
		rep.WriteTable(env.Stdout)
		if len(rep.Skipped) > 0 {
			fmt.Fprintf(env.Stdout, "\n%d question(s) skipped: none of their sources is indexed (run `ratewise seed`)\n", len(rep.Skipped))
		}
		if *verbose {
			for _, m := range []string{"vector", "keyword", "hybrid"} {
				fmt.Fprintf(env.Stdout, "\n%s found nothing relevant in its top 10 for:\n", m)
				for _, q := range rep.Misses[m] {
					fmt.Fprintf(env.Stdout, "  %s\n", q)
				}
			}
		}
		if len(rep.Rows) == 0 || rep.Row("hybrid").Questions == 0 {
			return fmt.Errorf("nothing to evaluate: the index holds none of the labelled sources; run `ratewise seed` first")
		}
		return nil
	}
}

// seedKnowledgeBase indexes the shipped articles. Unchanged articles are not re-embedded, so
// seeding twice changes nothing.
func seedKnowledgeBase(ctx context.Context, env *Env, ix *retrieval.Index) error {
	as, err := retrieval.Articles()
	if err != nil {
		return err
	}
	stats, err := ix.Upsert(ctx, retrieval.ArticleDocuments(as))
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "knowledge base: %d articles (%d new, %d changed, %d unchanged)\n", len(as), stats.Added, stats.Changed, stats.Unchanged)
	return nil
}
