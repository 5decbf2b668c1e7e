package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"ratewise/offers"
)

// The consumer pages: server-rendered shells (so the first paint needs no API call) that
// load plain JavaScript and CSS from web/static. Assets are served under URLs that carry a
// hash of their content, so they can be cached forever and a deploy never mixes versions.
//
//go:embed static
var staticFiles embed.FS

// asset is one static file under its checksummed name.
type asset struct {
	body        []byte
	contentType string
}

// assets maps logical names ("app.css") to hashed URLs and hashed names to content.
type assets struct {
	urls  map[string]string
	files map[string]asset
}

func loadAssets() (*assets, error) {
	a := &assets{urls: map[string]string{}, files: map[string]asset{}}
	err := fs.WalkDir(staticFiles, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(p, "static/templates/") {
			return err
		}
		body, err := staticFiles.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = "application/octet-stream"
		}
		a.urls[name] = "/static/" + hashed
		a.files[hashed] = asset{body: body, contentType: ct}
		return nil
	})
	return a, err
}

// url returns the checksummed URL of a static file; an unknown name is a programming error
// caught by the page tests.
func (a *assets) url(name string) (string, error) {
	u, ok := a.urls[name]
	if !ok {
		return "", fmt.Errorf("no static file %q", name)
	}
	return u, nil
}

// pages holds the parsed page templates, one set per page so each can define its blocks.
type pages struct {
	assets *assets
	tmpl   map[string]*template.Template
}

// pageNames are the templates under static/templates, each combined with layout.html.
var pageNames = []string{"chat", "login", "signup", "holdings", "help", "offer", "kb", "unavailable"}

func loadPages() (*pages, error) {
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	p := &pages{assets: a, tmpl: map[string]*template.Template{}}
	funcs := template.FuncMap{"asset": a.url, "product": productLabel}
	names := pageNames
	// The widget's page comes with the widget's scripts; a build without them has no /widget.
	if _, err := fs.Stat(staticFiles, "static/templates/widget.html"); err == nil {
		names = append(slices.Clip(names), "widget")
	}
	for _, name := range names {
		// chatbox.html is the chat's markup, shared by the consumer chat and the widget's frame.
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(staticFiles, "static/templates/layout.html",
			"static/templates/chatbox.html", "static/templates/"+name+".html")
		if err != nil {
			return nil, err
		}
		p.tmpl[name] = t
	}
	return p, nil
}

// pageData is what every page template gets.
type pageData struct {
	Title   string
	Page    string
	User    *User
	Next    string
	OfferID string
	Scripts []string
	// KB is the help article, the list of articles or "not found" (the kb page only).
	KB *kbView
	// Widget is the partner whose widget the page is (the widget page only).
	Widget *widgetView
}

// productLabel names a product type as every page and answer does (offers' vocabulary), as a
// label that starts a line: "Car loan".
func productLabel(t string) string {
	l := offers.ProductType(t).Label(offers.DefaultLocale)
	if l == "" {
		return t
	}
	return strings.ToUpper(l[:1]) + l[1:]
}

func (s *Server) render(c echo.Context, status int, name string, d pageData) error {
	if id, ok := currentUserID(c); ok && d.User == nil && s.pool != nil {
		if u, err := s.users.ByID(c.Request().Context(), id); err == nil {
			d.User = &u
		}
	}
	d.Page = name
	var buf bytes.Buffer
	if err := s.pages.tmpl[name].Execute(&buf, d); err != nil {
		return err
	}
	h := c.Response().Header()
	// Pages name the signed-in person: never cache them anywhere shared.
	h.Set("Cache-Control", "no-store")
	return c.HTMLBlob(status, buf.Bytes())
}

func (s *Server) pageRoutes() {
	p, err := loadPages()
	if err != nil {
		// The templates are embedded: a broken one is caught by the tests, never at run time.
		panic(err)
	}
	s.pages = p
	s.echo.GET("/static/:file", s.staticFile)
	s.echo.GET("/", s.chatPage)
	s.echo.GET("/login", s.loginPage)
	s.echo.GET("/signup", s.signupPage)
	s.echo.GET("/holdings", s.holdingsPage)
	s.echo.GET("/help", s.helpPage)
	s.echo.GET("/offers/:id", s.offerPage)
}

func (s *Server) staticFile(c echo.Context) error {
	f, ok := s.pages.assets.files[c.Param("file")]
	if !ok {
		return echo.ErrNotFound
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	return c.Blob(http.StatusOK, f.contentType, f.body)
}

// signInFirst sends a signed-out visitor to the sign-in page and back here afterwards.
func signInFirst(c echo.Context) error {
	return c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request().URL.RequestURI()))
}

func (s *Server) chatPage(c echo.Context) error {
	if _, ok := currentUserID(c); !ok {
		return signInFirst(c)
	}
	return s.render(c, http.StatusOK, "chat", pageData{Title: "Chat", Scripts: []string{"chart.js", "chat.js"}})
}

// safeNext keeps a post-sign-in redirect on this site: a path, never a scheme or a host.
// Browsers drop tabs and newlines and read "\\" as "/", so those are refused too.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\t\r\n") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f {
			return "/"
		}
	}
	return next
}

func (s *Server) loginPage(c echo.Context) error {
	next := safeNext(c.QueryParam("next"))
	if _, ok := currentUserID(c); ok {
		return c.Redirect(http.StatusSeeOther, next)
	}
	return s.render(c, http.StatusOK, "login", pageData{Title: "Sign in", Next: next, Scripts: []string{"auth.js"}})
}

func (s *Server) signupPage(c echo.Context) error {
	next := safeNext(c.QueryParam("next"))
	if _, ok := currentUserID(c); ok {
		return c.Redirect(http.StatusSeeOther, next)
	}
	return s.render(c, http.StatusOK, "signup", pageData{Title: "Create your account", Next: next, Scripts: []string{"auth.js"}})
}

func (s *Server) holdingsPage(c echo.Context) error {
	if _, ok := currentUserID(c); !ok {
		return signInFirst(c)
	}
	return s.render(c, http.StatusOK, "holdings", pageData{Title: "Your loans and policies", Scripts: []string{"holdings.js"}})
}

func (s *Server) helpPage(c echo.Context) error {
	return s.render(c, http.StatusOK, "help", pageData{Title: "Help", Scripts: []string{"help.js"}})
}

func (s *Server) offerPage(c echo.Context) error {
	return s.render(c, http.StatusOK, "offer", pageData{Title: "Offer details", OfferID: c.Param("id"), Scripts: []string{"chart.js", "offer.js"}})
}
