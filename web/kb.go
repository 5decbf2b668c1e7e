package web

import (
	"bytes"
	"context"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"ratewise"
	"ratewise/offers"
	"ratewise/retrieval"
)

// KnowledgeBase is what the help search and the article pages need from retrieval.
type KnowledgeBase interface {
	Search(ctx context.Context, q retrieval.Query) ([]retrieval.Hit, error)
	Article(ctx context.Context, slug string) (retrieval.StoredArticle, error)
	IndexedArticles(ctx context.Context) ([]retrieval.StoredArticle, error)
}

func (s *Server) kbRoutes() {
	if s.deps.KB == nil {
		return
	}
	s.echo.GET("/api/v1/kb/search", s.kbSearch)
	s.echo.GET("/kb", s.kbIndexPage)
	s.echo.GET("/kb/:slug", s.kbArticlePage)
}

// kbHit is one hit of GET /api/v1/kb/search (KBHit in web/openapi.json).
type kbHit struct {
	Source  string  `json:"source"`
	Slug    string  `json:"slug,omitempty"`
	OfferID int64   `json:"offer_id,omitempty"`
	Title   string  `json:"title"`
	Heading string  `json:"heading"`
	Snippet string  `json:"snippet"`
	Score   float64 `json:"score"`
	URL     string  `json:"url"`
}

// kbSearch is the consumer help search: active articles and offer passages, hybrid-ranked.
// Besides q, product_type and limit it takes source (kb|offer) and region.
func (s *Server) kbSearch(c echo.Context) error {
	p := c.QueryParams()
	q := retrieval.Query{Text: p.Get("q"), ProductType: p.Get("product_type"), Kind: p.Get("source"), Region: p.Get("region"), ActiveOnly: true}
	if q.ProductType != "" && !validProductType(q.ProductType) {
		return ratewise.Invalid("product_type", "product_type must be one of %s", strings.Join(retrieval.ProductTypes, ", "))
	}
	if q.Region != "" {
		r, err := offers.ParseRegion(q.Region)
		if err != nil {
			return err
		}
		q.Region = r
	}
	if l := p.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > retrieval.MaxLimit {
			return ratewise.Invalid("limit", "limit must be a whole number from 1 to %d", retrieval.MaxLimit)
		}
		q.Limit = n
	}
	if q.Kind != "" && q.Kind != retrieval.KindKB && q.Kind != retrieval.KindOffer {
		return ratewise.Invalid("source", "source must be kb or offer")
	}
	hits, err := s.deps.KB.Search(c.Request().Context(), q)
	if err != nil {
		return err
	}
	out := make([]kbHit, len(hits))
	for i, h := range hits {
		out[i] = kbHit{Source: h.Source, Slug: h.Slug, OfferID: h.OfferID, Title: h.Title, Heading: h.Heading, Snippet: h.Snippet, Score: h.Score, URL: h.URL()}
	}
	return c.JSON(http.StatusOK, map[string]any{"hits": out})
}

func validProductType(pt string) bool {
	for _, p := range retrieval.ProductTypes {
		if p == pt {
			return true
		}
	}
	return false
}

func (s *Server) kbArticlePage(c echo.Context) error {
	a, err := s.deps.KB.Article(c.Request().Context(), c.Param("slug"))
	if ratewise.ErrorCode(err) == ratewise.ENOTFOUND {
		return s.render(c, http.StatusNotFound, "kb", pageData{Title: "Article not found", KB: &kbView{NotFound: true}})
	}
	if err != nil {
		return err
	}
	body, err := renderMarkdown(a.Body)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "kb", pageData{Title: a.Title, KB: &kbView{Body: body}})
}

func (s *Server) kbIndexPage(c echo.Context) error {
	as, err := s.deps.KB.IndexedArticles(c.Request().Context())
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "kb", pageData{Title: "Help articles", KB: &kbView{Articles: as}})
}

// kbView is what the kb template shows: an article, the list of them, or "not found".
type kbView struct {
	Body     template.HTML
	Articles []retrieval.StoredArticle
	NotFound bool
}

// markdown renders articles as CommonMark with GitHub's tables. Raw HTML is left out (goldmark
// renders it only when told WithUnsafe) and javascript:, vbscript:, file: and data: links lose
// their target, so an article can carry no script into the page.
var markdown = goldmark.New(
	goldmark.WithExtensions(extension.Table),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(demoteTitle{}, 100))),
)

// demoteTitle turns an article's level-1 headings into level 2: the page's own <h1> is the
// article's title.
type demoteTitle struct{}

func (demoteTitle) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering && h.Level == 1 {
			h.Level = 2
		}
		return ast.WalkContinue, nil
	})
}

func renderMarkdown(md string) (template.HTML, error) {
	var b bytes.Buffer
	if err := markdown.Convert([]byte(md), &b); err != nil {
		return "", err
	}
	// Safe to mark as HTML: goldmark escapes the text and omits raw HTML (see markdown).
	return template.HTML(b.String()), nil
}
