package web

import (
	"bytes"
	"context"
	"html/template"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"ratewise"
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
	s.echo.GET("/kb/_/kb.css", s.kbStyle)
	s.echo.GET("/kb/:slug", s.kbArticlePage)
}

// kbHit is one hit of GET /api/v1/kb/search (API.md).
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
// Besides API.md's q, product_type and limit it takes source (kb|offer) and region.
func (s *Server) kbSearch(c echo.Context) error {
	p := c.QueryParams()
	q := retrieval.Query{Text: p.Get("q"), ProductType: p.Get("product_type"), Kind: p.Get("source"), Region: p.Get("region"), ActiveOnly: true}
	if q.ProductType != "" && !validProductType(q.ProductType) {
		return ratewise.Invalid("product_type", "product_type must be one of %s", strings.Join(retrieval.ProductTypes, ", "))
	}
	if q.Region != "" && !regionRE.MatchString(strings.ToUpper(q.Region)) {
		return ratewise.Invalid("region", "region must be an ISO 3166 code such as US or US-CA")
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

var regionRE = regexp.MustCompile(`^[A-Z]{2}(-[A-Z0-9]{1,3})?$`)

func validProductType(pt string) bool {
	for _, p := range retrieval.ProductTypes {
		if p == pt {
			return true
		}
	}
	return false
}

func (s *Server) kbArticlePage(c echo.Context) error {
	slug := c.Param("slug")
	a, err := s.deps.KB.Article(c.Request().Context(), slug)
	if ratewise.ErrorCode(err) == ratewise.ENOTFOUND {
		return s.kbHTML(c, http.StatusNotFound, kbPage{Title: "Article not found", NotFound: true})
	}
	if err != nil {
		return err
	}
	return s.kbHTML(c, http.StatusOK, kbPage{Title: a.Title, Blocks: markdownBlocks(a.Body)})
}

func (s *Server) kbIndexPage(c echo.Context) error {
	as, err := s.deps.KB.IndexedArticles(c.Request().Context())
	if err != nil {
		return err
	}
	return s.kbHTML(c, http.StatusOK, kbPage{Title: "Help articles", Articles: as})
}

func (s *Server) kbHTML(c echo.Context, status int, p kbPage) error {
	var b bytes.Buffer
	if err := kbTemplate.Execute(&b, p); err != nil {
		return err
	}
	return c.HTMLBlob(status, b.Bytes())
}

func (s *Server) kbStyle(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "public, max-age=3600")
	return c.Blob(http.StatusOK, "text/css; charset=utf-8", []byte(kbCSS))
}

type kbPage struct {
	Title    string
	Blocks   []mdBlock
	Articles []retrieval.StoredArticle
	NotFound bool
}

// mdBlock is one block of an article: a heading, a paragraph, a list, a table or code. The
// template renders it, so every piece of text is escaped by html/template.
type mdBlock struct {
	Kind    string // h2, h3, p, ul, ol, table, pre
	Text    []mdInline
	Items   [][]mdInline
	Header  [][]mdInline
	Rows    [][][]mdInline
	Literal string
}

// mdInline is a run of text, bold or a link.
type mdInline struct {
	Text string
	Bold bool
	Href string
}

var inlineRE = regexp.MustCompile(`\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)`)

// inlines splits a line into text, bold and link runs. Only site-relative and https links are
// kept; anything else stays plain text.
func inlines(s string) []mdInline {
	var out []mdInline
	last := 0
	for _, m := range inlineRE.FindAllStringSubmatchIndex(s, -1) {
		if m[0] > last {
			out = append(out, mdInline{Text: s[last:m[0]]})
		}
		switch {
		case m[2] >= 0:
			out = append(out, mdInline{Text: s[m[2]:m[3]], Bold: true})
		default:
			text, href := s[m[4]:m[5]], s[m[6]:m[7]]
			if (strings.HasPrefix(href, "/") && !strings.HasPrefix(href, "//")) || strings.HasPrefix(href, "https://") {
				out = append(out, mdInline{Text: text, Href: href})
			} else {
				out = append(out, mdInline{Text: text})
			}
		}
		last = m[1]
	}
	if last < len(s) {
		out = append(out, mdInline{Text: s[last:]})
	}
	return out
}

var orderedRE = regexp.MustCompile(`^\d+\.\s+`)

// markdownBlocks parses the Markdown subset the knowledge base uses.
func markdownBlocks(md string) []mdBlock {
	var blocks []mdBlock
	var para []string
	flush := func() {
		if len(para) > 0 {
			blocks = append(blocks, mdBlock{Kind: "p", Text: inlines(strings.Join(para, " "))})
			para = nil
		}
	}
	lines := strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		switch {
		case line == "":
			flush()
		case strings.HasPrefix(line, "```"):
			flush()
			var code []string
			for i++; i < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[i]), "```"); i++ {
				code = append(code, lines[i])
			}
			blocks = append(blocks, mdBlock{Kind: "pre", Literal: strings.Join(code, "\n")})
		case strings.HasPrefix(line, "#"):
			flush()
			level := len(line) - len(strings.TrimLeft(line, "#"))
			kind := "h2"
			if level >= 3 {
				kind = "h3"
			}
			blocks = append(blocks, mdBlock{Kind: kind, Text: inlines(strings.TrimSpace(strings.TrimLeft(line, "#")))})
		case strings.HasPrefix(line, "- ") || strings.HasPrefix(line, "* ") || orderedRE.MatchString(line):
			flush()
			kind := "ul"
			if orderedRE.MatchString(line) {
				kind = "ol"
			}
			b := mdBlock{Kind: kind}
			for ; i < len(lines); i++ {
				l := strings.TrimSpace(lines[i])
				var item string
				switch {
				case kind == "ul" && (strings.HasPrefix(l, "- ") || strings.HasPrefix(l, "* ")):
					item = l[2:]
				case kind == "ol" && orderedRE.MatchString(l):
					item = orderedRE.ReplaceAllString(l, "")
				default:
					i--
					goto done
				}
				b.Items = append(b.Items, inlines(item))
			}
		done:
			blocks = append(blocks, b)
		case strings.HasPrefix(line, "|"):
			flush()
			b := mdBlock{Kind: "table"}
			for ; i < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i]), "|"); i++ {
				cells := strings.Split(strings.Trim(strings.TrimSpace(lines[i]), "|"), "|")
				if strings.Trim(strings.Join(cells, ""), " -:") == "" {
					continue // the separator row
				}
				row := make([][]mdInline, len(cells))
				for j, cell := range cells {
					row[j] = inlines(strings.TrimSpace(cell))
				}
				if b.Header == nil {
					b.Header = row
				} else {
					b.Rows = append(b.Rows, row)
				}
			}
			i--
			blocks = append(blocks, b)
		default:
			para = append(para, line)
		}
	}
	flush()
	return blocks
}

var kbTemplate = template.Must(template.New("kb").Parse(`{{define "inl"}}{{range .}}{{if .Href}}<a href="{{.Href}}">{{.Text}}</a>{{else if .Bold}}<strong>{{.Text}}</strong>{{else}}{{.Text}}{{end}}{{end}}{{end}}<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · Ratewise help</title>
<link rel="stylesheet" href="/kb/_/kb.css">
</head>
<body>
<header><a class="brand" href="/">Ratewise</a> <a href="/kb">Help articles</a></header>
<main>
<article>
<h1>{{.Title}}</h1>
{{if .NotFound}}<p>There is no help article at this address. See <a href="/kb">all help articles</a>.</p>{{end}}
{{range .Blocks}}{{if eq .Kind "h2"}}<h2>{{template "inl" .Text}}</h2>
{{else if eq .Kind "h3"}}<h3>{{template "inl" .Text}}</h3>
{{else if eq .Kind "p"}}<p>{{template "inl" .Text}}</p>
{{else if eq .Kind "ul"}}<ul>{{range .Items}}<li>{{template "inl" .}}</li>{{end}}</ul>
{{else if eq .Kind "ol"}}<ol>{{range .Items}}<li>{{template "inl" .}}</li>{{end}}</ol>
{{else if eq .Kind "pre"}}<pre>{{.Literal}}</pre>
{{else if eq .Kind "table"}}<table><thead><tr>{{range .Header}}<th>{{template "inl" .}}</th>{{end}}</tr></thead><tbody>{{range .Rows}}<tr>{{range .}}<td>{{template "inl" .}}</td>{{end}}</tr>{{end}}</tbody></table>
{{end}}{{end}}
{{if .Articles}}<ul class="index">{{range .Articles}}<li><a href="/kb/{{.Slug}}">{{.Title}}</a></li>{{end}}</ul>{{end}}
</article>
<p class="help">Still stuck? Ask the assistant, or <a href="/kb/talk-to-a-person">talk to a person</a>.</p>
</main>
</body>
</html>
`))

const kbCSS = `body{margin:0;font:16px/1.6 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1f24;background:#f7f8fa}
header{display:flex;gap:1.5rem;align-items:baseline;padding:.8rem 1.5rem;background:#fff;border-bottom:1px solid #e3e6ea}
header a{color:#1b1f24;text-decoration:none}.brand{font-weight:700;color:#0b6e4f}
main{max-width:46rem;margin:2rem auto;padding:0 1.25rem}
article{background:#fff;border:1px solid #e3e6ea;border-radius:10px;padding:1.5rem 2rem}
h1{font-size:1.7rem;line-height:1.25;margin-top:0}h2{font-size:1.25rem;margin-top:1.8rem}h3{font-size:1.05rem}
a{color:#0b6e4f}table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #e3e6ea;padding:.35rem .8rem;text-align:left}
pre{background:#f1f3f5;padding:.8rem;overflow:auto}.help{color:#5b6470;font-size:.95rem}`
