package retrieval

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"ratewise"
)

// Article is one knowledge-base article. Its page is /kb/{Slug}.
type Article struct {
	Slug        string
	Title       string
	Summary     string
	ProductType string // "" for a general article
	Body        string // Markdown without the front matter
}

//go:embed kb/*.md
var kbFiles embed.FS

// Articles returns the knowledge base shipped with Ratewise, sorted by slug.
func Articles() ([]Article, error) {
	sub, err := fs.Sub(kbFiles, "kb")
	if err != nil {
		return nil, err
	}
	return LoadArticles(sub)
}

// ArticleBySlug returns the shipped article with slug, or a not-found error.
func ArticleBySlug(slug string) (Article, error) {
	as, err := Articles()
	if err != nil {
		return Article{}, err
	}
	for _, a := range as {
		if a.Slug == slug {
			return a, nil
		}
	}
	return Article{}, ratewise.NotFound("article")
}

// LoadArticles parses every *.md file under fsys (recursively). Slugs must be unique.
func LoadArticles(fsys fs.FS) ([]Article, error) {
	var out []Article
	seen := map[string]string{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".md" {
			return err
		}
		if info, err := d.Info(); err == nil && info.Size() > MaxArticleBytes {
			return fmt.Errorf("%s: %w", p, tooLarge(info.Size()))
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		a, err := ParseArticle(strings.TrimSuffix(path.Base(p), ".md"), b)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		if other, dup := seen[a.Slug]; dup {
			return fmt.Errorf("%s and %s both have slug %q", other, p, a.Slug)
		}
		seen[a.Slug] = p
		out = append(out, a)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Slug < out[j].Slug })
	return out, nil
}

// MaxArticleBytes is the largest article file accepted: the shipped articles are a few KB, and
// a file past this is a mistake (a PDF dump, a log) that would flood the index.
const MaxArticleBytes = 1 << 20

func tooLarge(n int64) error {
	return ratewise.Invalid("body", "the file is %.1f MiB; an article may be at most %d KiB", float64(n)/(1<<20), MaxArticleBytes>>10)
}

// ParseArticle reads an article: optional front matter between "---" lines with "slug:",
// "title:", "summary:" and "product_type:" fields, then Markdown. Without a slug the file name
// is used; without a title, the first "# " heading.
func ParseArticle(name string, data []byte) (Article, error) {
	if len(data) > MaxArticleBytes {
		return Article{Slug: name}, tooLarge(int64(len(data)))
	}
	// PostgreSQL refuses invalid UTF-8 with an error that names no file; say it here.
	if !utf8.Valid(data) {
		return Article{Slug: name}, ratewise.Invalid("body", "the file is not UTF-8 text (save it as UTF-8)")
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	a := Article{Slug: name}
	if rest, ok := strings.CutPrefix(text, "---\n"); ok {
		front, body, ok := strings.Cut(rest, "\n---\n")
		if !ok {
			return a, ratewise.Invalid("front_matter", "the front matter has no closing ---")
		}
		for _, line := range strings.Split(front, "\n") {
			k, v, ok := strings.Cut(line, ":")
			if !ok {
				continue
			}
			v = strings.Trim(strings.TrimSpace(v), `"`)
			switch strings.TrimSpace(k) {
			case "slug":
				a.Slug = v
			case "title":
				a.Title = v
			case "summary":
				a.Summary = v
			case "product_type":
				a.ProductType = v
			}
		}
		text = body
	}
	text = strings.TrimSpace(text)
	// A leading "# Title" is the title, not part of the body.
	if first, rest, _ := strings.Cut(text, "\n"); strings.HasPrefix(first, "# ") {
		if a.Title == "" {
			a.Title = strings.TrimSpace(first[2:])
		}
		text = strings.TrimSpace(rest)
	}
	a.Body = text
	if !slugRE.MatchString(a.Slug) {
		return a, ratewise.Invalid("slug", "slug %q must be lower-case words joined by hyphens", a.Slug)
	}
	if a.Title == "" {
		return a, ratewise.Invalid("title", "article %s has no title", a.Slug)
	}
	if a.Body == "" {
		return a, ratewise.Invalid("body", "article %s is empty", a.Slug)
	}
	if a.ProductType != "" && !validProductType(a.ProductType) {
		return a, ratewise.Invalid("product_type", "article %s: unknown product type %q", a.Slug, a.ProductType)
	}
	return a, nil
}

// ProductTypes are the API's product types (retrieval does not import offers, which defines them too).
var ProductTypes = []string{"personal_loan", "auto_loan", "mortgage", "student_loan", "credit_card",
	"auto_insurance", "home_insurance", "renters_insurance", "travel_insurance", "life_insurance"}

func validProductType(pt string) bool {
	for _, p := range ProductTypes {
		if p == pt {
			return true
		}
	}
	return false
}

// Document is the article as an indexable source.
func (a Article) Document() Document {
	return Document{Kind: KindKB, Key: KBKey(a.Slug), Slug: a.Slug, Title: a.Title, Body: a.Body, ProductType: a.ProductType, Active: true}
}

// ArticleDocuments turns articles into documents.
func ArticleDocuments(as []Article) []Document {
	out := make([]Document, len(as))
	for i, a := range as {
		out[i] = a.Document()
	}
	return out
}

var linkRE = regexp.MustCompile(`\[([^\]]+)\]\(([^)\s]+)\)`)
