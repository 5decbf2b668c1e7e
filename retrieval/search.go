package retrieval

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"

	"ratewise"
)

// rrfK is reciprocal rank fusion's constant: a source ranked r in a list scores 1/(rrfK+r).
// 60 is the value of the original paper and of pgvector-go's example; it keeps one list's top
// result from drowning a source both lists agree on.
const rrfK = 60

// candidates is how many chunks each half contributes before fusion, for a query of limit.
func candidates(limit int) int { return max(40, 4*limit) }

// Validate checks a query and fills its defaults.
func (q *Query) Validate() error {
	q.Text = strings.TrimSpace(q.Text)
	switch {
	case q.Text == "":
		return ratewise.Invalid("q", "the search text is empty")
	case utf8.RuneCountInString(q.Text) > MaxQueryLen:
		return ratewise.Invalid("q", "the search text is longer than %d characters", MaxQueryLen)
	case q.Kind != "" && q.Kind != KindKB && q.Kind != KindOffer:
		return ratewise.Invalid("kind", "kind must be %q, %q or empty", KindKB, KindOffer)
	case q.Limit < 0 || q.Limit > MaxLimit:
		return ratewise.Invalid("limit", "limit must be from 1 to %d", MaxLimit)
	case q.PartnerID < 0:
		return ratewise.Invalid("partner_id", "partner id must be positive")
	}
	if q.Limit == 0 {
		q.Limit = DefaultLimit
	}
	q.Region = normalizeRegion(q.Region)
	q.ProductType = strings.TrimSpace(q.ProductType)
	return nil
}

type searchMode int

const (
	modeHybrid searchMode = iota
	modeVector
	modeKeyword
)

// Search runs the hybrid query: vector and keyword halves with the same filters, fused by
// reciprocal rank fusion, one hit per source, best first.
func (ix *Index) Search(ctx context.Context, q Query) ([]Hit, error) {
	return ix.search(ctx, q, modeHybrid)
}

// VectorSearch runs only the vector half (HNSW cosine); Score is the cosine similarity.
func (ix *Index) VectorSearch(ctx context.Context, q Query) ([]Hit, error) {
	return ix.search(ctx, q, modeVector)
}

// KeywordSearch runs only the full-text half; Score is ts_rank_cd.
func (ix *Index) KeywordSearch(ctx context.Context, q Query) ([]Hit, error) {
	return ix.search(ctx, q, modeKeyword)
}

// hybridSQL is the one query. Both halves apply the same filter to the chunk rows; each ranks
// sources by their best chunk; the fusion adds 1/(k+rank) from each list and keeps, per
// source, the chunk of the list that ranked it better, for the heading and snippet.
//
// The vector half is MATERIALIZED because hnsw.iterative_scan = relaxed_order may return rows
// slightly out of order; they are re-ranked by exact distance afterwards (pgvector's advice).
// The keyword half parses the text with websearch_to_tsquery (quotes, "or", "-word" work as
// people expect) and then relaxes its implicit ANDs to ORs, because a question in natural
// words rarely has every word in one passage; ts_rank_cd still puts passages matching more of
// them first.
const hybridSQL = `
WITH q AS (
    SELECT regexp_replace(websearch_to_tsquery('english', $1)::text, ' & (?!!)', ' | ', 'g')::tsquery AS query
),
vec AS MATERIALIZED (
    SELECT c.id, c.source_key, c.embedding <=> $2 AS dist
    FROM retrieval_chunks c
    WHERE ` + filterSQL + `
    ORDER BY c.embedding <=> $2
    LIMIT $9
),
kw AS (
    SELECT c.id, c.source_key, ts_rank_cd(c.tsv, q.query, 1) AS rank_cd
    FROM retrieval_chunks c, q
    WHERE c.tsv @@ q.query AND ` + filterSQL + `
    ORDER BY rank_cd DESC, c.id
    LIMIT $10
),
vec_src AS (
    SELECT source_key, min(dist) AS dist, (array_agg(id ORDER BY dist, id))[1] AS chunk_id,
           row_number() OVER (ORDER BY min(dist), source_key) AS rank
    FROM vec GROUP BY source_key
),
kw_src AS (
    SELECT source_key, max(rank_cd) AS rank_cd, (array_agg(id ORDER BY rank_cd DESC, id))[1] AS chunk_id,
           row_number() OVER (ORDER BY max(rank_cd) DESC, source_key) AS rank
    FROM kw GROUP BY source_key
),
fused AS (
    SELECT COALESCE(v.source_key, k.source_key) AS source_key,
           CASE $11::int
               WHEN 1 THEN 1 - v.dist
               WHEN 2 THEN k.rank_cd
               ELSE COALESCE(1.0 / ($12 + v.rank), 0) + COALESCE(1.0 / ($12 + k.rank), 0)
           END AS score,
           CASE WHEN k.rank IS NOT NULL AND (v.rank IS NULL OR k.rank <= v.rank) THEN k.chunk_id ELSE v.chunk_id END AS chunk_id
    FROM vec_src v FULL OUTER JOIN kw_src k ON v.source_key = k.source_key
)
SELECT c.kind, c.slug, c.offer_id, c.source_key, c.title, c.heading, c.body, f.score::float8
FROM fused f JOIN retrieval_chunks c ON c.id = f.chunk_id
WHERE f.score IS NOT NULL
ORDER BY f.score DESC, f.source_key
LIMIT $13`

// filterSQL is the filter both halves share. A product type filter keeps general articles
// (those with no product type); a region filter keeps offers for the region itself or its
// whole country (API.md: an offer for US serves every US-.. region) and every article.
const filterSQL = `c.model = $3
      AND ($4 = '' OR c.kind = $4)
      AND ($5 = '' OR c.product_type = $5 OR (c.kind = 'kb' AND c.product_type = ''))
      AND ($6 = '' OR c.kind = 'kb' OR cardinality(c.regions) = 0 OR c.regions && ARRAY[$6, split_part($6, '-', 1)])
      AND ($7 = 0 OR c.partner_id = $7)
      AND (NOT $8 OR c.active)`

func (ix *Index) search(ctx context.Context, q Query, mode searchMode) ([]Hit, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	cand := candidates(q.Limit)
	vecLimit, kwLimit := cand, cand
	switch mode {
	case modeVector:
		kwLimit = 0
	case modeKeyword:
		vecLimit = 0
	}
	var hits []Hit
	err := pgx.BeginTxFunc(ctx, ix.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		// ef_search must be at least the number of rows wanted from the index; iterative scans
		// (pgvector 0.8) keep scanning when the filter rejects rows, so a filtered query still
		// returns its k rows when k exist. set_config(..., true) is SET LOCAL with parameters.
		var st state
		err := tx.QueryRow(ctx, `
			SELECT model, dim, generation, reindexing, vocab_docs,
			       set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', 'relaxed_order', true)
			FROM retrieval_state`, strconv.Itoa(min(1000, 2*cand))).
			Scan(&st.Model, &st.Dim, &st.Generation, &st.Reindexing, &st.VocabDocs, nil, nil)
		if err == pgx.ErrNoRows {
			return nil // nothing indexed yet: no hits
		}
		if err != nil {
			return fmt.Errorf("read retrieval state: %w", err)
		}
		if err := ix.checkModel(st); err != nil {
			return err
		}
		if err := ix.useVocabulary(ctx, tx, st); err != nil {
			return err
		}
		vecs, err := ix.emb.Embed(ctx, []string{q.Text})
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, hybridSQL, q.Text, pgvector.NewVector(vecs[0]), st.Model,
			q.Kind, q.ProductType, q.Region, q.PartnerID, q.ActiveOnly,
			vecLimit, kwLimit, int(mode), rrfK, q.Limit)
		if err != nil {
			return fmt.Errorf("search: %w", err)
		}
		var body string
		var h Hit
		_, err = pgx.ForEachRow(rows, []any{&h.Source, &h.Slug, &h.OfferID, &h.Key, &h.Title, &h.Heading, &body, &h.Score}, func() error {
			h.Snippet = Snippet(body, q.Text, 280)
			hits = append(hits, h)
			return nil
		})
		return err
	})
	return hits, err
}

// Snippet picks the part of a chunk that best matches the query: the window of sentences with
// the most query words, as plain text (Markdown marks removed), at most n characters.
func Snippet(body, query string, n int) string {
	// The overlap copied from the previous chunk is context for search, not for reading.
	if strings.HasPrefix(body, "… ") {
		if i := strings.Index(body, "\n\n"); i >= 0 {
			body = body[i+2:]
		}
	}
	body = plainText(body)
	ss := sentences(body)
	if len(ss) == 0 {
		return ""
	}
	want := map[string]bool{}
	for _, t := range Tokens(query) {
		want[t] = true
	}
	best, bestScore := 0, -1
	for i, s := range ss {
		score := 0
		for _, t := range Tokens(s) {
			if want[t] {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	var b strings.Builder
	for i := best; i < len(ss); i++ {
		if b.Len() > 0 && utf8.RuneCountInString(b.String())+1+utf8.RuneCountInString(ss[i]) > n {
			break
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(ss[i])
	}
	out := b.String()
	if r := []rune(out); len(r) > n {
		out = strings.TrimSpace(string(r[:n-1])) + "…"
	}
	return out
}

// plainText flattens Markdown to one line of text.
func plainText(md string) string {
	var parts []string
	for _, line := range strings.Split(md, "\n") {
		line = strings.TrimSpace(line)
		if _, text := headingOf(line); text != "" {
			line = text + "."
		}
		line = strings.TrimLeft(line, "-*> ")
		if len(line) > 2 && line[0] >= '0' && line[0] <= '9' {
			if i := strings.Index(line, ". "); i > 0 && i < 4 {
				line = line[i+2:]
			}
		}
		if line != "" {
			parts = append(parts, line)
		}
	}
	s := strings.Join(parts, " ")
	s = strings.NewReplacer("**", "", "__", "", "`", "").Replace(s)
	s = linkRE.ReplaceAllString(s, "$1")
	return s
}
