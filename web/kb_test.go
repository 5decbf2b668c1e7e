package web

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"ratewise/db"
	"ratewise/db/dbtest"
	"ratewise/retrieval"
)

// kbDocs are an offer and a hostile article, indexed beside the shipped articles.
var kbDocs = []retrieval.Document{
	{Kind: "offer", Key: "offer/acme/car-1", OfferID: 7, Title: "Acme auto loan", Body: "New and used car loans from 5.49% APR.", ProductType: "auto_loan", Regions: []string{"US"}, Active: true},
	{Kind: "kb", Key: "kb/evil", Slug: "evil", Title: `<script>alert("t")</script>`, Body: "# Top heading\n\n## <img src=x onerror=alert(1)>\nA [bad link](javascript:alert(1)) and [good](/kb/complaints) and **bold <b>**.\n\n| a | b |\n| - | - |\n| <i>1</i> | 2 |\n\n<script>alert(2)</script>\n\n- one <script>alert(3)</script>\n- two", Active: true},
}

// kbServer serves a clone of a template with kbDocs indexed, built once per version of the
// code and data that make it rather than by every test.
func kbServer(t *testing.T) *Server {
	t.Helper()
	pool := dbtest.NewSeededPool(t, dbtest.Seed{
		Name: "web-kb",
		Key:  dbtest.SourceKey(t, "retrieval") + fmt.Sprintf("%x", sha256.Sum256(fmt.Appendf(nil, "%#v", kbDocs))),
		Fill: func(ctx context.Context, dsn string) error {
			pool, err := db.Open(ctx, dsn)
			if err != nil {
				return err
			}
			defer pool.Close()
			as, err := retrieval.Articles()
			if err != nil {
				return err
			}
			_, err = retrieval.NewIndex(pool, retrieval.NewLocalEmbedder(384), nil).Upsert(ctx, append(retrieval.ArticleDocuments(as), kbDocs...))
			return err
		},
	})
	ix := retrieval.NewIndex(pool, retrieval.NewLocalEmbedder(384), nil)
	return New(testConfig(), Deps{Log: quietLog(), Pool: pool, KB: ix})
}

func TestKBSearchAPI(t *testing.T) {
	t.Parallel()
	s := kbServer(t)
	type resp struct {
		Hits []map[string]any `json:"hits"`
	}
	tests := []struct {
		name      string
		query     string
		wantFirst string // slug or offer_id
	}{
		{"article", "q=" + url.QueryEscape("what is a balance transfer fee?"), "balance-transfers-and-promo-periods"},
		{"offer by product type", "q=" + url.QueryEscape("car loan") + "&product_type=auto_loan&source=offer", "7"},
		{"limit", "q=insurance&limit=2", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, _ := do(t, s, http.MethodGet, "/api/v1/kb/search?"+tt.query, "")
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
			}
			var r resp
			if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil || len(r.Hits) == 0 {
				t.Fatalf("body %s: %v", rec.Body.String(), err)
			}
			for _, h := range r.Hits {
				for _, f := range []string{"source", "title", "heading", "snippet", "score"} {
					if _, ok := h[f]; !ok {
						t.Errorf("hit %v has no %q", h, f)
					}
				}
			}
			first := r.Hits[0]
			switch {
			case tt.wantFirst == "7":
				if first["offer_id"] != float64(7) || first["source"] != "offer" || first["slug"] != nil || first["url"] != "/offers/7" {
					t.Errorf("first hit %v, want offer 7", first)
				}
			case tt.wantFirst != "":
				if first["slug"] != tt.wantFirst || first["source"] != "kb" || first["url"] != "/kb/"+tt.wantFirst {
					t.Errorf("first hit %v, want %s", first, tt.wantFirst)
				}
			default:
				if len(r.Hits) != 2 {
					t.Errorf("%d hits with limit=2", len(r.Hits))
				}
			}
		})
	}
}

// A question without meaningful words gets an empty list, not every article in alphabetical
// order with confident scores.
func TestKBSearchWithoutWordsFindsNothing(t *testing.T) {
	t.Parallel()
	s := kbServer(t)
	for _, q := range []string{"what is it", "the of and", "&|!:* ()"} {
		t.Run(q, func(t *testing.T) {
			rec, _ := do(t, s, http.MethodGet, "/api/v1/kb/search?q="+url.QueryEscape(q), "")
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d", rec.Code)
			}
			var r struct {
				Hits []map[string]any `json:"hits"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
				t.Fatal(err)
			}
			if r.Hits == nil || len(r.Hits) != 0 {
				t.Errorf("hits = %v, want an empty list", r.Hits)
			}
		})
	}
}

func TestKBSearchBadInput(t *testing.T) {
	t.Parallel()
	s := kbServer(t)
	for _, tt := range []struct{ query, field string }{
		{"", "q"},
		{"q=%20%20", "q"},
		{"q=x&limit=0", "limit"},
		{"q=x&limit=ten", "limit"},
		{"q=x&limit=51", "limit"},
		{"q=x&product_type=boats", "product_type"},
		{"q=x&region=California", "region"},
		{"q=x&region=zz", "region"}, // the shape of a code, but no country: the one rule of offers.ParseRegion
		{"q=x&source=blog", "source"},
		{"q=" + strings.Repeat("a", 1001), "q"},
	} {
		t.Run(fmt.Sprintf("%.40s", tt.query), func(t *testing.T) {
			rec, eb := do(t, s, http.MethodGet, "/api/v1/kb/search?"+tt.query, "")
			if rec.Code != http.StatusBadRequest || eb.Error.Code != "invalid_argument" || eb.Error.Field != tt.field {
				t.Errorf("%d %+v, want 400 invalid_argument on %s", rec.Code, eb.Error, tt.field)
			}
		})
	}
}

// The article pages are pages like the others: the same layout, navigation, stylesheet under
// its hashed URL, and Content-Security-Policy.
func TestKBPagesShareTheSiteLayout(t *testing.T) {
	t.Parallel()
	s := kbServer(t)
	chat := newClient(t, s).do(http.MethodGet, "/help", nil)
	for _, path := range []string{"/kb", "/kb/apr-vs-interest-rate", "/kb/no-such-article"} {
		t.Run(path, func(t *testing.T) {
			rec := newClient(t, s).do(http.MethodGet, path, nil)
			body := rec.Body.String()
			if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
				t.Fatalf("status %d, type %q", rec.Code, rec.Header().Get("Content-Type"))
			}
			for _, h := range []string{"Content-Security-Policy", "X-Frame-Options", "Cache-Control"} {
				if got, want := rec.Header().Get(h), chat.Header().Get(h); got != want {
					t.Errorf("%s = %q, the other pages send %q", h, got, want)
				}
			}
			css, err := s.pages.assets.url("app.css")
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{`<link rel="stylesheet" href="` + css + `">`, `<nav aria-label="Main">`, `<a href="/help" aria-current="page">Help</a>`, `class="page-kb"`} {
				if !strings.Contains(body, want) {
					t.Errorf("page lacks %s", want)
				}
			}
			if strings.Contains(body, "<style") || strings.Contains(body, " style=") || strings.Contains(body, "kb.css") {
				t.Errorf("page has its own styles")
			}
		})
	}
	if rec := newClient(t, s).do(http.MethodGet, "/kb/_/kb.css", nil); rec.Code != http.StatusNotFound {
		t.Errorf("the old stylesheet URL answers %d", rec.Code)
	}
}

func TestKBArticlePage(t *testing.T) {
	t.Parallel()
	s := kbServer(t)
	rec, _ := do(t, s, http.MethodGet, "/kb/apr-vs-interest-rate", "")
	body := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("status %d, type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	for _, want := range []string{
		"<h1>APR vs interest rate: what is the difference?</h1>",
		"<h2>The short answer</h2>",
		"<strong>APR</strong>",
		"<li>With no fee, the monthly payment is 318.00 and the APR is 9.00 %.</li>",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page does not contain %q", want)
		}
	}
	if rec, _ := do(t, s, http.MethodGet, "/kb/credit-score-bands", ""); !strings.Contains(rec.Body.String(), "<table>") || !strings.Contains(rec.Body.String(), "<th>") {
		t.Errorf("a Markdown table is not a table")
	}

	rec, _ = do(t, s, http.MethodGet, "/kb/evil", "")
	body = rec.Body.String()
	article := body[strings.Index(body, `<article class="kb">`):strings.Index(body, "</article>")]
	for _, bad := range []string{"<script", "<img", "onerror", "javascript:", "<b>", "<i>"} {
		if strings.Contains(article, bad) {
			t.Errorf("article contains %q:\n%s", bad, article)
		}
	}
	for _, want := range []string{
		"<h1>&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;</h1>", // the title is text
		`<a href="/kb/complaints">good</a>`,
		"<h2>Top heading</h2>", // an article's "# " heading sits under the page's own title
		"<strong>bold",
		"<th>a</th>",
		"<ul>\n<li>one",
		"<li>two</li>",
	} {
		if !strings.Contains(article, want) {
			t.Errorf("evil page does not contain %q:\n%s", want, article)
		}
	}

	// A browser gets a readable page, not the JSON error shape.
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/kb/no-such-article", nil))
	if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "all help articles") {
		t.Errorf("missing article: %d", rec.Code)
	}
	rec, _ = do(t, s, http.MethodGet, "/kb", "")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `href="/kb/talk-to-a-person"`) || !strings.Contains(rec.Body.String(), `<a href="/kb/apr-vs-interest-rate">`) {
		t.Errorf("index page: %d", rec.Code)
	}
}
