package retrieval

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"

	"ratewise"
)

// reindexBatch is how many chunks one reindex transaction embeds and stores.
const reindexBatch = 256

// Reindex re-embeds every chunk with the index's embedder (and, for the local embedder, learns
// the vocabulary afresh from the whole corpus). It commits batch by batch, so an interrupted
// run loses at most one batch: the next Reindex with the same model resumes where it stopped.
// Until it finishes, the vector half of a search sees only the chunks already re-embedded in
// the new generation (a query vector is made with that generation's vocabulary and is compared
// with nothing else, even when the model name is unchanged), the keyword half still sees every
// chunk of the configured model, and searches with another model are refused. progress, if
// not nil, is called after each batch.
func (ix *Index) Reindex(ctx context.Context, progress func(done, total int)) error {
	var st state
	var vocab, learned *Vocabulary
	err := pgx.BeginFunc(ctx, ix.pool, func(tx pgx.Tx) error {
		learned = nil
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(writeLockKey)); err != nil {
			return err
		}
		cur, ok, err := loadState(ctx, tx)
		if err != nil {
			return err
		}
		if ok && cur.Reindexing && cur.Model == ix.emb.Model() && cur.Dim == ix.emb.Dim() {
			st = cur // resume
			var err error
			vocab, err = ix.vocabularyFor(ctx, tx, st)
			return err
		}
		st = state{Model: ix.emb.Model(), Dim: ix.emb.Dim(), Generation: cur.Generation + 1, Reindexing: true}
		if !ok || cur.Dim != st.Dim {
			if err := setDimension(ctx, tx, st.Dim); err != nil {
				return err
			}
		}
		texts, err := allChunkTexts(ctx, tx)
		if err != nil {
			return err
		}
		if learned, err = ix.learnVocabulary(ctx, tx, texts); err != nil {
			return err
		}
		if learned != nil {
			st.VocabDocs = learned.Docs
		}
		vocab = learned
		_, err = tx.Exec(ctx, `
			INSERT INTO retrieval_state (model, dim, generation, reindexing, vocab_docs) VALUES ($1, $2, $3, true, $4)
			ON CONFLICT (id) DO UPDATE SET model = excluded.model, dim = excluded.dim, generation = excluded.generation,
				reindexing = true, vocab_docs = excluded.vocab_docs, updated_at = now()`,
			st.Model, st.Dim, st.Generation, st.VocabDocs)
		return err
	})
	if err != nil {
		return err
	}
	ix.rememberVocabulary(learned, st.Generation)

	var total int
	if err := ix.pool.QueryRow(ctx, `SELECT count(*) FROM retrieval_chunks`).Scan(&total); err != nil {
		return err
	}
	for {
		n, err := ix.reindexBatch(ctx, st, vocab)
		if err != nil {
			return err
		}
		var stale int
		if err := ix.pool.QueryRow(ctx, `SELECT count(*) FROM retrieval_chunks WHERE generation <> $1 OR model <> $2 OR embedding IS NULL`,
			st.Generation, st.Model).Scan(&stale); err != nil {
			return err
		}
		if progress != nil {
			progress(total-stale, total)
		}
		if n == 0 || stale == 0 {
			break
		}
	}
	_, err = ix.pool.Exec(ctx, `UPDATE retrieval_state SET reindexing = false, updated_at = now() WHERE generation = $1`, st.Generation)
	return err
}

// Prepare readies an empty index for a corpus: it sets the embedding dimension and, for the
// local embedder, learns the vocabulary from every chunk of docs. The upserts and syncs that
// follow then store those documents once, with the vocabulary of the whole corpus — what an
// Upsert of the first part followed by a Reindex after the last would give, without embedding
// and indexing every chunk twice. On an index that holds chunks it does nothing and reports
// false: their vectors were made with the stored vocabulary, which only Reindex may replace.
func (ix *Index) Prepare(ctx context.Context, docs []Document) (bool, error) {
	seen := map[string]bool{}
	var texts []string
	for _, d := range docs {
		if err := d.Validate(); err != nil {
			return false, err
		}
		if seen[d.Key] {
			return false, ratewise.Invalid("key", "document key %s appears twice", d.Key)
		}
		seen[d.Key] = true
		for _, c := range Split(d.Body) {
			texts = append(texts, embedText(d.Title, c.Heading, c.Text))
		}
	}
	var learned *Vocabulary
	var st state
	prepared := false
	err := pgx.BeginFunc(ctx, ix.pool, func(tx pgx.Tx) error {
		learned, prepared = nil, false
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(writeLockKey)); err != nil {
			return err
		}
		var chunks int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM retrieval_chunks`).Scan(&chunks); err != nil {
			return err
		}
		if chunks > 0 {
			return nil
		}
		cur, _, err := loadState(ctx, tx)
		if err != nil {
			return err
		}
		// A new generation, so no process keeps using a vocabulary cached for the old one.
		st = state{Model: ix.emb.Model(), Dim: ix.emb.Dim(), Generation: cur.Generation + 1}
		if err := setDimension(ctx, tx, st.Dim); err != nil {
			return err
		}
		if learned, err = ix.learnVocabulary(ctx, tx, texts); err != nil {
			return err
		}
		if learned != nil {
			st.VocabDocs = learned.Docs
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO retrieval_state (model, dim, generation, reindexing, vocab_docs) VALUES ($1, $2, $3, false, $4)
			ON CONFLICT (id) DO UPDATE SET model = excluded.model, dim = excluded.dim, generation = excluded.generation,
				reindexing = false, vocab_docs = excluded.vocab_docs, updated_at = now()`,
			st.Model, st.Dim, st.Generation, st.VocabDocs); err != nil {
			return err
		}
		prepared = true
		return nil
	})
	if err != nil {
		return false, err
	}
	if prepared {
		ix.rememberVocabulary(learned, st.Generation)
	}
	return prepared, nil
}

// reindexBatch re-embeds up to reindexBatch stale chunks with st's generation's vocabulary and
// returns how many it did.
func (ix *Index) reindexBatch(ctx context.Context, st state, vocab *Vocabulary) (int, error) {
	var n int
	err := pgx.BeginFunc(ctx, ix.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(writeLockKey)); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT id, title, heading, body FROM retrieval_chunks
			WHERE generation <> $1 OR model <> $2 OR embedding IS NULL ORDER BY id LIMIT $3 FOR UPDATE`,
			st.Generation, st.Model, reindexBatch)
		if err != nil {
			return err
		}
		var ids []int64
		var texts []string
		var id int64
		var title, heading, body string
		if _, err := pgx.ForEachRow(rows, []any{&id, &title, &heading, &body}, func() error {
			ids = append(ids, id)
			texts = append(texts, embedText(title, heading, body))
			return nil
		}); err != nil {
			return err
		}
		n = len(ids)
		if n == 0 {
			return nil
		}
		vecs, err := ix.embed(ctx, texts, vocab)
		if err != nil {
			return err
		}
		batch := &pgx.Batch{}
		for i, id := range ids {
			batch.Queue(`UPDATE retrieval_chunks SET embedding = $2, model = $3, generation = $4 WHERE id = $1`,
				id, pgvector.NewVector(vecs[i]), st.Model, st.Generation)
		}
		if err := tx.SendBatch(ctx, batch).Close(); err != nil {
			return fmt.Errorf("store re-embedded chunks: %w", err)
		}
		return nil
	})
	return n, err
}

func allChunkTexts(ctx context.Context, tx pgx.Tx) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT title, heading, body FROM retrieval_chunks ORDER BY id`)
	if err != nil {
		return nil, err
	}
	var texts []string
	var title, heading, body string
	_, err = pgx.ForEachRow(rows, []any{&title, &heading, &body}, func() error {
		texts = append(texts, embedText(title, heading, body))
		return nil
	})
	return texts, err
}
