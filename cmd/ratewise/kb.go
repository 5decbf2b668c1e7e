package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"ratewise/assistant"
	"ratewise/db"
	"ratewise/offers"
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

// setupKB is `ratewise kb import [--replace] PATH`: index Markdown articles from a file or a
// directory. An article whose slug is a shipped article's is refused unless --replace, since
// importing it replaces the shipped text (until the next `ratewise seed` puts it back).
func setupKB(fs *flag.FlagSet) runFunc {
	replace := fs.Bool("replace", false, "allow an imported article to replace a shipped article with the same slug")
	return func(ctx context.Context, env *Env, args []string) error {
		// Flags may also follow the word: `kb import --replace PATH`, `kb import PATH --replace`.
		if len(args) > 1 && args[0] == "import" {
			var paths []string
			for rest := args[1:]; len(rest) > 0; {
				if err := fs.Parse(rest); err != nil {
					return fmt.Errorf("%w: %v", errUsage, err)
				}
				if rest = fs.Args(); len(rest) > 0 {
					paths, rest = append(paths, rest[0]), rest[1:]
				}
			}
			args = append([]string{"import"}, paths...)
		}
		if len(args) != 2 || args[0] != "import" {
			return fmt.Errorf("%w: want `kb import [--replace] PATH`", errUsage)
		}
		articles, err := readArticles(args[1])
		if err != nil {
			return err
		}
		if !*replace {
			if err := refuseShippedSlugs(articles); err != nil {
				return fmt.Errorf("%s: %w", args[1], err)
			}
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

// refuseShippedSlugs reports the imported articles that would replace a shipped one.
func refuseShippedSlugs(articles []retrieval.Article) error {
	shipped, err := retrieval.Articles()
	if err != nil {
		return err
	}
	titles := map[string]string{}
	for _, a := range shipped {
		titles[a.Slug] = a.Title
	}
	var clash []string
	for _, a := range articles {
		if t, ok := titles[a.Slug]; ok {
			clash = append(clash, fmt.Sprintf("%s (shipped as %q)", a.Slug, t))
		}
	}
	if len(clash) == 0 {
		return nil
	}
	return fmt.Errorf("slug %s is a shipped article's; importing would replace its text. Give the file another slug, or pass --replace to replace it (`ratewise seed` puts the shipped text back)",
		strings.Join(clash, ", "))
}

// readArticles reads one Markdown file or every *.md file under a directory; a file larger
// than retrieval.MaxArticleBytes is refused before it is read.
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
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return as, nil
	}
	if info.Size() > retrieval.MaxArticleBytes {
		return nil, fmt.Errorf("%s: the file is %.1f MiB; an article may be at most %d KiB", path, float64(info.Size())/(1<<20), retrieval.MaxArticleBytes>>10)
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
		// Flags may also follow the word: `eval retrieval -v`.
		if len(args) > 1 && args[0] == "retrieval" {
			if err := fs.Parse(args[1:]); err != nil {
				return fmt.Errorf("%w: %v", errUsage, err)
			}
			args = append([]string{"retrieval"}, fs.Args()...)
		}
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
		fmt.Fprintln(env.Stdout, "\ntuning: the questions the local embedder's synonym map and weights were tuned on; held-out: never tuned on.")
		fmt.Fprintln(env.Stdout, "filters \"none\" is what the help page's search runs; \"kind, product type\" uses each question's labels.")
		if len(rep.Skipped) > 0 {
			fmt.Fprintf(env.Stdout, "\n%d question(s) skipped: none of their sources is indexed (run `ratewise seed`)\n", len(rep.Skipped))
		}
		if *verbose {
			for _, m := range []string{"vector", "keyword", "hybrid"} {
				fmt.Fprintf(env.Stdout, "\n%s (no filters) found nothing relevant in its top 10 for:\n", m)
				for _, q := range rep.Misses[m] {
					fmt.Fprintf(env.Stdout, "  %s\n", q)
				}
			}
		}
		if len(rep.Rows) == 0 {
			return fmt.Errorf("nothing to evaluate: the index holds none of the labelled sources; run `ratewise seed` first")
		}
		return nil
	}
}

// seedSearchIndex indexes the shipped articles and the catalogue's offer passages. Unchanged
// sources are not re-embedded, so seeding twice changes nothing. A fresh index first learns the
// local embedder's vocabulary from the whole corpus, articles and offers together, which
// measurably helps offer questions (docs/retrieval.md), so every chunk is embedded and
// indexed once.
func seedSearchIndex(ctx context.Context, out io.Writer, pool *pgxpool.Pool, ix *retrieval.Index) error {
	adopted, err := adoptEmbedder(ctx, out, ix)
	if err != nil {
		return err
	}
	before, err := ix.Status(ctx)
	if err != nil {
		return err
	}
	as, err := retrieval.Articles()
	if err != nil {
		return err
	}
	articles := retrieval.ArticleDocuments(as)
	passages, err := assistant.OfferPassages(ctx, offers.NewStore(pool))
	if err != nil {
		return fmt.Errorf("index offer passages: %w", err)
	}
	if before.Chunks == 0 {
		if _, err := ix.Prepare(ctx, append(slices.Clip(articles), passages...)); err != nil {
			return err
		}
	}
	stats, err := ix.Upsert(ctx, articles)
	if err != nil {
		return err
	}
	changed := stats.Added + stats.Changed
	fmt.Fprintf(out, "knowledge base: %d articles (%d new, %d changed, %d unchanged)\n", len(as), stats.Added, stats.Changed, stats.Unchanged)
	stats, deleted, err := ix.Sync(ctx, retrieval.KindOffer, passages)
	if err != nil {
		return fmt.Errorf("index offer passages: %w", err)
	}
	changed += stats.Added + stats.Changed + deleted
	fmt.Fprintf(out, "offer passages: %d new, %d changed, %d unchanged, %d removed\n", stats.Added, stats.Changed, stats.Unchanged, deleted)
	// An index just re-embedded for a new embedder learned its vocabulary from what it held
	// then; when this seed changed that, learn it again from the whole corpus.
	if adopted && changed > 0 {
		if err := ix.Reindex(ctx, nil); err != nil {
			return err
		}
	}
	if before.Chunks == 0 || adopted {
		after, err := ix.Status(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "search index: %d chunks embedded with %s (%d dimensions)\n", after.Chunks, after.Model, after.Dim)
	}
	return nil
}

// seedKnowledgeBase indexes the shipped articles only (the assistant's evaluation uses it);
// unchanged articles are not re-embedded.
func seedKnowledgeBase(ctx context.Context, env *Env, ix *retrieval.Index) error {
	if _, err := adoptEmbedder(ctx, env.Stdout, ix); err != nil {
		return err
	}
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

// adoptEmbedder re-embeds an index that was built with another model or dimension (or left in
// the middle of a reindex) with the configured embedder, before seeding adds to it. Searches
// refuse a mixed index, and seeding is how `make run` brings the demo data up to date, so a
// new version of the built-in embedder must not leave a developer's database unusable.
// It reports whether it re-embedded.
func adoptEmbedder(ctx context.Context, out io.Writer, ix *retrieval.Index) (bool, error) {
	st, err := ix.Status(ctx)
	if err != nil {
		return false, err
	}
	emb := ix.Embedder()
	if st.Chunks == 0 || (!st.Reindexing && st.Model == emb.Model() && st.Dim == emb.Dim()) {
		return false, nil
	}
	fmt.Fprintf(out, "search index: built with %s (%d dimensions); re-embedding %d chunks with %s (%d dimensions)\n",
		st.Model, st.Dim, st.Chunks, emb.Model(), emb.Dim())
	bar := newProgress(out, "chunks")
	err = ix.Reindex(ctx, bar.update)
	bar.finish()
	if err != nil {
		return false, fmt.Errorf("re-embed the search index: %w\n  the chunks done so far are kept; run `ratewise reindex` to resume", err)
	}
	return true, nil
}

// syncOfferPassagesAfterImport is the end of a successful `offers import`: the imported
// offers become searchable now rather than at serve's next refresh. An index never seeded is
// left alone: its first fill belongs to `ratewise seed`, which learns the local embedder's
// vocabulary from the articles and offers together.
func syncOfferPassagesAfterImport(ctx context.Context, env *Env, pool *pgxpool.Pool) error {
	emb, err := newEmbedder(env.Config)
	if err != nil {
		return err
	}
	ix := retrieval.NewIndex(pool, emb, env.Log)
	st, err := ix.Status(ctx)
	if err != nil {
		return err
	}
	if st.Chunks == 0 {
		fmt.Fprintln(env.Stdout, "search index: empty, not updated (run `ratewise seed` to build it)")
		return nil
	}
	stats, deleted, err := assistant.SyncOfferPassages(ctx, offers.NewStore(pool), ix)
	if err != nil {
		return fmt.Errorf("the offers were imported, but the search index was not updated: %w\n  `ratewise serve` retries within a minute; `ratewise seed` also updates it", err)
	}
	fmt.Fprintf(env.Stdout, "search index: offer passages %d new, %d changed, %d removed (%d unchanged)\n",
		stats.Added, stats.Changed, deleted, stats.Unchanged)
	return nil
}

// offerPassageRefresh is how often serve checks whether the catalogue changed (an offer
// changed by a path that does not sync the search index itself, or an import whose own sync
// failed).
const offerPassageRefresh = time.Minute
