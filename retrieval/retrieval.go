// Package retrieval finds the passages that answer a question: knowledge-base articles and
// partner offer descriptions, chunked at headings, embedded, and searched by one hybrid
// PostgreSQL query (pgvector HNSW cosine + weighted full-text) fused by reciprocal rank fusion.
//
// It owns the retrieval_* tables, the embedders (a local one that needs no network and an
// OpenAI-compatible one), the shipped knowledge base and its evaluation set. It must not import
// offers, assistant or web: the composition root turns offers into Documents, and callers turn
// Hits into whatever they show. It never mixes embedding models in one query: a search with an
// embedder whose model or dimension differs from the stored chunks' is refused.
package retrieval

import (
	"context"
	"strconv"
	"strings"
)

// Kinds of source.
const (
	KindKB    = "kb"
	KindOffer = "offer"
)

// Embedder turns texts into vectors of Dim() numbers. Model names the model so each chunk can
// record what made its vector; two embedders with the same Model and Dim must embed alike.
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
	Model() string
	Dim() int
}

// Document is one source to index: a knowledge-base article or an offer. Its Key is stable
// across imports ("kb/<slug>", "offer/<partner id>/<offer external id>"); indexing a
// Document whose Key exists replaces that source's chunks when its text changed and only
// updates the filter fields (regions, active, …) when it did not.
type Document struct {
	Kind        string // KindKB or KindOffer
	Key         string
	Slug        string // KindKB: the article slug (its page is /kb/{slug})
	OfferID     int64  // KindOffer: the offers row id
	Title       string
	Body        string // Markdown; "## " and "### " headings split it into chunks
	ProductType string // one of the API's product types; "" for a general article
	Regions     []string
	PartnerID   int64
	Active      bool
}

// KBKey is the stable key of the article with slug.
func KBKey(slug string) string { return KindKB + "/" + slug }

// OfferKey is the stable key of an offer: its partner's id (which, unlike the partner's name,
// never changes and is unique) and the offer's external id, unique per partner.
func OfferKey(partnerID int64, offerExternalID string) string {
	return KindOffer + "/" + strconv.FormatInt(partnerID, 10) + "/" + offerExternalID
}

// Query is one search. Zero fields do not filter.
type Query struct {
	Text        string
	Kind        string // KindKB, KindOffer or "" for both
	ProductType string // offers of that type; general articles (no product type) still match
	Region      string // "US-CA" matches offers for US-CA and for US; "US" also those for US-..; articles match any region
	PartnerID   int64
	ActiveOnly  bool
	Limit       int // 1..MaxLimit; 0 means DefaultLimit
}

// Limits of a Query.
const (
	DefaultLimit = 5
	MaxLimit     = 50
	MaxQueryLen  = 1000
)

// Hit is one search result: the best chunk of one source. Score is the fused RRF score for
// Search, the cosine similarity for VectorSearch and 1/rank for KeywordSearch; higher is
// better, and scores are comparable only within one result list.
type Hit struct {
	Source  string  `json:"source"` // KindKB or KindOffer
	Slug    string  `json:"slug,omitempty"`
	OfferID int64   `json:"offer_id,omitempty"`
	Key     string  `json:"key"`
	Title   string  `json:"title"`
	Heading string  `json:"heading"`
	Snippet string  `json:"snippet"`
	Score   float64 `json:"score"`
}

// URL is the page where a person reads the hit's source: the article page for knowledge-base
// hits, the offer page for offers (not the API resource: people follow these links).
func (h Hit) URL() string {
	if h.Source == KindKB {
		return "/kb/" + h.Slug
	}
	return "/offers/" + strconv.FormatInt(h.OfferID, 10)
}

func normalizeRegion(r string) string { return strings.ToUpper(strings.TrimSpace(r)) }
