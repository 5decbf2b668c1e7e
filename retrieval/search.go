package retrieval

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
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
// A source has several chunks and the halves are cut before grouping by source, so each takes
// enough chunks for limit sources even when every source contributes several.
func candidates(limit int) int { return max(60, 8*limit) }

// efSearch is the HNSW search breadth for a query of limit: four times the candidates wanted,
// which gives recall@10 against exact search of 0.92 on the 100,000-chunk benchmark (docs/retrieval.md)
// with the index of migration 0020.
func efSearch(limit int) int { return min(1000, 4*candidates(limit)) }

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

// KeywordSearch runs only the full-text half; Score is 1/rank (passages matching every
// word rank above those matching some).
func (ix *Index) KeywordSearch(ctx context.Context, q Query) ([]Hit, error) {
	return ix.search(ctx, q, modeKeyword)
}

// hybridSQL is the one query. Both halves apply the same filter to the chunk rows; each ranks
// sources by their best chunk; the fusion adds 1/(k+rank) from each list and keeps, per
// source, the chunk of the list that ranked it better, for the heading and snippet.
//
// The vector half compares the query only with chunks of the generation whose vocabulary made
// the query vector ($15): during a reindex with the same model, the chunks not yet re-embedded
// carry the old vocabulary's weights, and their distances to the query would mean nothing.
//
// The vector half is MATERIALIZED because hnsw.iterative_scan = relaxed_order may return rows
// slightly out of order; they are re-ranked by exact distance afterwards (pgvector's advice).
// The keyword half parses the text with websearch_to_tsquery (quotes, "or", "-word" work as
// people expect). Passages matching every word come first; when there are fewer of them than
// candidates wanted, passages matching any of the words follow (the implicit ANDs relaxed to
// ORs), because a question in natural words rarely has every word in one passage. The
// fallback scan only runs when needed: its gate is an uncorrelated subquery, which PostgreSQL
// evaluates once, before the scan.
const hybridSQL = `
WITH q AS (
    SELECT websearch_to_tsquery('english', $1) AS q_and,
           regexp_replace(websearch_to_tsquery('english', $1)::text, ' & (?!!)', ' | ', 'g')::tsquery AS q_or
),
vec AS MATERIALIZED (
    SELECT c.id, c.source_key, c.embedding <=> $2 AS dist
    FROM retrieval_chunks c
    WHERE c.generation = $15 AND ` + filterSQL + `
    ORDER BY c.embedding <=> $2
    LIMIT $9
),
kw_all AS MATERIALIZED (
    SELECT m.id, m.source_key, ts_rank_cd(m.tsv, q.q_and, 1) AS rank_cd
    FROM (SELECT c.id, c.source_key, c.tsv FROM retrieval_chunks c, q
          WHERE $10 > 0 AND c.tsv @@ q.q_and AND ` + filterSQL + `
          LIMIT $14) m, q
    ORDER BY rank_cd DESC, m.id
    LIMIT $10
),
kw_any AS (
    SELECT m.id, m.source_key, ts_rank_cd(m.tsv, q.q_or, 1) AS rank_cd
    FROM (SELECT c.id, c.source_key, c.tsv FROM retrieval_chunks c, q
          WHERE (SELECT count(*) FROM kw_all) < $10 AND c.tsv @@ q.q_or AND ` + filterSQL + `
          LIMIT $14) m, q
    WHERE m.id NOT IN (SELECT id FROM kw_all)
    ORDER BY rank_cd DESC, m.id
    LIMIT $10
),
kw AS (
    SELECT id, source_key, 0 AS tier, rank_cd FROM kw_all
    UNION ALL
    SELECT id, source_key, 1 AS tier, rank_cd FROM kw_any
),
vec_src AS (
    SELECT source_key, min(dist) AS dist, (array_agg(id ORDER BY dist, id))[1] AS chunk_id,
           row_number() OVER (ORDER BY min(dist), source_key) AS rank
    FROM vec GROUP BY source_key
),
kw_src AS (
    SELECT source_key, max(rank_cd) AS rank_cd, (array_agg(id ORDER BY tier, rank_cd DESC, id))[1] AS chunk_id,
           row_number() OVER (ORDER BY min(tier), max(rank_cd) DESC, source_key) AS rank
    FROM kw GROUP BY source_key
),
fused AS (
    SELECT COALESCE(v.source_key, k.source_key) AS source_key,
           CASE $11::int
               WHEN 1 THEN 1 - v.dist
               WHEN 2 THEN 1.0 / k.rank
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

// keywordScanCap bounds how many matching chunks the keyword half ranks. ts_rank_cd reads
// every matching row, and a common word can match most of a large index; past the cap the
// keyword half ranks an arbitrary subset and the vector half carries the query. The shipped
// corpus is far below it.
const keywordScanCap = 2000

// filterSQL is the filter both halves share. A product type filter keeps general articles
// (those with no product type); a region filter keeps every article and the offers that serve
// the region as the catalogue defines it: an offer for US serves every US-.. region,
// and a country-wide query also finds offers for its subdivisions.
const filterSQL = `c.model = $3
      AND ($4 = '' OR c.kind = $4)
      AND ($5 = '' OR c.product_type = $5 OR (c.kind = 'kb' AND c.product_type = ''))
      AND ($6 = '' OR c.kind = 'kb' OR cardinality(c.regions) = 0 OR c.regions && ARRAY[$6, split_part($6, '-', 1)]
           OR EXISTS (SELECT 1 FROM unnest(c.regions) r WHERE r LIKE $6 || '-%'))
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
	// REPEATABLE READ: the state, the vocabulary and the chunks are read from one snapshot, so a
	// reindex committing mid-search cannot pair one generation's query vector with another's.
	err := pgx.BeginTxFunc(ctx, ix.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		// ef_search must be at least the number of rows wanted from the index; iterative scans
		// (pgvector 0.8) keep scanning when the filter rejects rows, so a filtered query still
		// returns its k rows when k exist. set_config(..., true) is SET LOCAL with parameters.
		var st state
		err := tx.QueryRow(ctx, `
			SELECT model, dim, generation, reindexing, vocab_docs,
			       set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', 'relaxed_order', true)
			FROM retrieval_state`, strconv.Itoa(efSearch(q.Limit))).
			Scan(&st.Model, &st.Dim, &st.Generation, &st.Reindexing, &st.VocabDocs, nil, nil)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil // nothing indexed yet: no hits
		}
		if err != nil {
			return fmt.Errorf("read retrieval state: %w", err)
		}
		if err := ix.checkModel(st); err != nil {
			return err
		}
		if ix.searchSettingsHook != nil {
			if err := ix.searchSettingsHook(ctx, tx); err != nil {
				return err
			}
		}
		vocab, err := ix.vocabularyFor(ctx, tx, st)
		if err != nil {
			return err
		}
		// A query with no words that carry meaning ("what is it", "&|!") embeds to nothing: the
		// local embedder gives an all-zero vector, whose cosine distance is NaN for every row,
		// so the vector half would return arbitrary sources with confident scores. It is
		// skipped, and with the keyword half finding nothing either, there are no hits.
		vec := make([]float32, ix.emb.Dim())
		if vecLimit > 0 && len(Tokens(q.Text)) > 0 {
			vecs, err := ix.embed(ctx, []string{q.Text}, vocab)
			if err != nil {
				return err
			}
			vec = vecs[0]
		}
		if isZero(vec) {
			vecLimit = 0
		}
		if vecLimit == 0 && kwLimit == 0 {
			return nil
		}
		rows, err := tx.Query(ctx, hybridSQL, q.Text, pgvector.NewVector(vec), st.Model,
			q.Kind, q.ProductType, q.Region, q.PartnerID, q.ActiveOnly,
			vecLimit, kwLimit, int(mode), rrfK, q.Limit, keywordScanCap, st.Generation)
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

func isZero(v []float32) bool {
	for _, x := range v {
		if x != 0 {
			return false
		}
	}
	return true
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
		item := strings.HasPrefix(line, "- ") || strings.HasPrefix(line, "* ")
		line = strings.TrimLeft(line, "-*> ")
		if len(line) > 2 && line[0] >= '0' && line[0] <= '9' {
			if i := strings.Index(line, ". "); i > 0 && i < 4 {
				line, item = line[i+2:], true
			}
		}
		if item && line != "" && !strings.ContainsAny(line[len(line)-1:], ".!?:;") {
			// A list item is a sentence of its own when read as text: "pay more than the
			// minimum" and "move the balance" do not run into one another.
			r, size := utf8.DecodeRuneInString(line)
			line = string(unicode.ToUpper(r)) + line[size:] + "."
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
