package retrieval

import "ratewise"

// Article is one shipped knowledge-base article. Its page is /kb/{Slug}.
type Article struct {
	Slug        string
	Title       string
	Summary     string
	ProductType string // "" for a general article
	Body        string // Markdown without the front matter
}

// Articles returns the knowledge base shipped with Ratewise, sorted by slug.
func Articles() ([]Article, error) { return nil, nil }

// ArticleBySlug returns the shipped article with slug, or a not-found error.
func ArticleBySlug(slug string) (Article, error) { return Article{}, ratewise.NotFound("article") }

// Document is the article as an indexable source.
func (a Article) Document() Document {
	return Document{Kind: KindKB, Key: KBKey(a.Slug), Slug: a.Slug, Title: a.Title, Body: a.Body, ProductType: a.ProductType, Active: true}
}
