package retrieval

import (
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"ratewise"
)

func TestShippedKnowledgeBase(t *testing.T) {
	t.Parallel()
	as, err := Articles()
	if err != nil {
		t.Fatal(err)
	}
	if len(as) < 40 {
		t.Errorf("%d articles, want at least 40", len(as))
	}
	slugs := map[string]bool{}
	for _, a := range as {
		slugs[a.Slug] = true
	}
	link := regexp.MustCompile(`\]\(/kb/([^)]+)\)`)
	for _, a := range as {
		if a.Summary == "" {
			t.Errorf("%s has no summary", a.Slug)
		}
		if len(Split(a.Body)) < 2 {
			t.Errorf("%s has fewer than two sections", a.Slug)
		}
		for _, m := range link.FindAllStringSubmatch(a.Body, -1) {
			if !slugs[m[1]] {
				t.Errorf("%s links to /kb/%s, which does not exist", a.Slug, m[1])
			}
		}
	}
	got, err := ArticleBySlug("apr-vs-interest-rate")
	if err != nil || !strings.Contains(got.Body, "11.09 %") {
		t.Errorf("ArticleBySlug = %+v, %v", got.Title, err)
	}
	if _, err := ArticleBySlug("no-such-article"); ratewise.ErrorCode(err) != ratewise.ENOTFOUND {
		t.Errorf("missing slug: %v, want not found", err)
	}
}

func TestParseArticle(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, data string
		want             Article
		field            string
	}{
		{"front matter", "x", "---\nslug: my-topic\ntitle: \"My topic\"\nproduct_type: mortgage\n---\n# Ignored heading\n\nBody.", Article{Slug: "my-topic", Title: "My topic", ProductType: "mortgage", Body: "Body."}, ""},
		{"title from heading, slug from file", "from-file", "# From the heading\n\n## A\ntext", Article{Slug: "from-file", Title: "From the heading", Body: "## A\ntext"}, ""},
		{"bad slug", "Bad_Name", "# T\n\nbody", Article{}, "slug"},
		{"no title", "ok", "just text", Article{}, "title"},
		{"unknown product type", "ok", "---\nproduct_type: boats\n---\n# T\n\nb", Article{}, "product_type"},
		{"unclosed front matter", "ok", "---\nslug: a\n# T", Article{}, "front_matter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseArticle(tt.file, []byte(tt.data))
			if tt.field != "" {
				if ratewise.ErrorField(err) != tt.field {
					t.Fatalf("err = %v, want invalid %s", err, tt.field)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
	dup := fstest.MapFS{"a.md": {Data: []byte("---\nslug: same\n---\n# A\n\nx")}, "b/c.md": {Data: []byte("---\nslug: same\n---\n# B\n\ny")}}
	if _, err := LoadArticles(dup); err == nil || !strings.Contains(err.Error(), "same") {
		t.Errorf("duplicate slugs: err = %v", err)
	}
}

func TestParseArticleRefusesBinaryAndHugeFiles(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"latin-1", []byte("# Caf\xe9\n\nPay\xe9.\n"), "UTF-8"},
		{"huge", append([]byte("# Huge\n\n"), make([]byte, MaxArticleBytes)...), "at most"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseArticle("x", tt.data)
			if ratewise.ErrorField(err) != "body" || !strings.Contains(ratewise.ErrorMessage(err), tt.want) {
				t.Errorf("err = %v, want invalid body saying %q", err, tt.want)
			}
		})
	}
}
