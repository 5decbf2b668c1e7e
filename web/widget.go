package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/shopspring/decimal"

	"ratewise"
	"ratewise/offers"
)

// The partner merchants' widget (tag "widget" in web/openapi.json): the loader script, the
// page inside its iframe, the session that iframe chats with, and the checkout financing
// message. docs/widget.md explains the design.

// WidgetSettings are the widget's secret and limits (each one an environment variable).
type WidgetSettings struct {
	// Secret signs widget tokens (SESSION_SECRET, at least 32 bytes). Empty, New makes a
	// random one: tokens then verify only on this instance until it restarts.
	Secret []byte
	// TokenTTL is how long a widget token lasts (default and maximum 1 h).
	TokenTTL time.Duration
	// SessionsPerAddress and SessionsPerPartner bound the new widget conversations one client
	// address and one partner may start in an hour (defaults 60 and 20,000); a fresh token
	// for a conversation already open is not counted.
	SessionsPerAddress, SessionsPerPartner int
	// MessagesPerConversation bounds the messages a widget conversation may post in a minute
	// (default 10).
	MessagesPerConversation int
	// FinancingPerAddress bounds the financing messages one client address may ask for in a
	// minute (default 120: a shop page with a few elements, re-rendered as the cart changes).
	FinancingPerAddress int
	// PartnerRequestsPerMinute bounds the partner API requests one partner's server may make
	// in a minute, whichever of its secret keys it uses (default 600).
	PartnerRequestsPerMinute int
}

// defaultTo sets *v to def when it was left unset (zero or below).
func defaultTo[T int | int64 | time.Duration](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}

func (w WidgetSettings) withDefaults() WidgetSettings {
	if w.TokenTTL <= 0 || w.TokenTTL > MaxWidgetTokenTTL {
		w.TokenTTL = MaxWidgetTokenTTL
	}
	defaultTo(&w.SessionsPerAddress, 60)
	defaultTo(&w.SessionsPerPartner, 20000)
	defaultTo(&w.MessagesPerConversation, 10)
	defaultTo(&w.FinancingPerAddress, 120)
	defaultTo(&w.PartnerRequestsPerMinute, 600)
	if len(w.Secret) == 0 {
		w.Secret = make([]byte, 32)
		_, _ = rand.Read(w.Secret)
	}
	return w
}

func (s *Server) widgetRoutes() {
	if s.deps.Offers == nil || s.sessions == nil {
		return
	}
	s.echo.GET("/embed.js", s.embedScript)
	s.echo.GET("/widget", s.widgetPage)
	if s.deps.Assistant != nil {
		s.echo.POST("/api/v1/widget/session", s.widgetSessionCreate)
		s.echo.OPTIONS("/api/v1/widget/session", s.widgetPreflight)
	}
	s.echo.POST("/api/v1/widget/financing", s.widgetFinancing)
	s.echo.GET("/api/v1/widget/financing", s.widgetFinancing)
	s.echo.OPTIONS("/api/v1/widget/financing", s.widgetPreflight)
}

// embedScript serves the loader under a fixed URL (the one merchants paste), cached briefly
// so a new version reaches every shop within minutes, and loadable from any origin.
func (s *Server) embedScript(c echo.Context) error {
	body, err := staticFiles.ReadFile("static/embed.js")
	if err != nil {
		return ratewise.NotFound("embed.js")
	}
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	h := c.Response().Header()
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("ETag", etag)
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Cross-Origin-Resource-Policy", "cross-origin")
	if c.Request().Header.Get("If-None-Match") == etag {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, "text/javascript; charset=utf-8", body)
}

// widgetView is what widget.html gets besides the page data every page gets.
type widgetView struct {
	PublishableKey string
	PartnerName    string
	// Origins are the pages allowed to frame the widget: the only parents its handshake
	// should accept. OriginsJSON is the same list as a JSON array, for a data- attribute.
	Origins     []string
	OriginsJSON string
}

// widgetPage serves the page inside the widget's iframe: /widget?key=pk_…. Only the
// partner's allowed origins may frame it (Content-Security-Policy frame-ancestors); its URL
// never carries a token. An unknown key gets a 404 nobody can frame.
func (s *Server) widgetPage(c echo.Context) error {
	m, err := s.deps.Offers.MerchantByPublishableKey(c.Request().Context(), c.QueryParam("key"))
	if err != nil {
		return err
	}
	if s.pages.tmpl["widget"] == nil {
		return ratewise.Errorf(ratewise.EUNAVAILABLE, "The widget page is not available.")
	}
	origins, _ := json.Marshal(m.Origins)
	h := c.Response().Header()
	h.Del("X-Frame-Options") // superseded by frame-ancestors, which can list origins
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors "+
		strings.Join(m.Origins, " ")+"; base-uri 'none'; form-action 'self'")
	return s.render(c, http.StatusOK, "widget", pageData{Title: "Chat", Scripts: []string{"chart.js", "chat.js", "widget.js"},
		Widget: &widgetView{PublishableKey: m.PublishableKey, PartnerName: m.Name, Origins: m.Origins, OriginsJSON: string(origins)}})
}

// ownOrigin is this server's origin as a browser on one of its pages sends it.
func ownOrigin(c echo.Context) string {
	return c.Scheme() + "://" + c.Request().Host
}

// widgetOrigin checks that the request comes from a page the merchant m allows (its Origin
// on the list), or from Ratewise's own widget page, and answers it with CORS headers either
// way, so a refused page can read why. A request without Origin is not from a browser page
// and is allowed only when anonymous is.
func (s *Server) widgetOrigin(c echo.Context, m offers.Merchant, anonymous bool) error {
	origin := c.Request().Header.Get("Origin")
	if origin == "" {
		if anonymous {
			return nil
		}
		return ratewise.Errorf(ratewise.EFORBIDDEN, "The request has no Origin; the widget session is opened from the shop's page or the widget.")
	}
	if m.Allows(origin) || origin == ownOrigin(c) {
		return nil
	}
	return ratewise.Errorf(ratewise.EFORBIDDEN, "This page's origin (%s) is not on %s's allowed origins for the Ratewise widget; add it with `ratewise partner add --origin` or ask Ratewise.",
		origin, m.Name)
}

// widgetCORS lets the shop's page read the answer (success or refusal) of a widget call. No
// cookie is ever read on these routes, so echoing the origin grants nothing more.
func widgetCORS(c echo.Context) {
	h := c.Response().Header()
	h.Add("Vary", "Origin")
	if o := c.Request().Header.Get("Origin"); o != "" {
		h.Set("Access-Control-Allow-Origin", o)
	}
}

// widgetPreflight answers the browser's CORS preflight for the widget calls: the partner is
// only known from the body, so the real request checks the origin.
func (s *Server) widgetPreflight(c echo.Context) error {
	widgetCORS(c)
	h := c.Response().Header()
	h.Set("Access-Control-Allow-Methods", "GET, POST")
	h.Set("Access-Control-Allow-Headers", "Content-Type, Authorization")
	h.Set("Access-Control-Max-Age", "600")
	return c.NoContent(http.StatusNoContent)
}

// widgetContext is the cart the shopper had when the chat opened.
type widgetContext struct {
	CartAmount   string `json:"cart_amount,omitempty"`
	Currency     string `json:"currency,omitempty"`
	Locale       string `json:"locale,omitempty"`
	OfferID      int64  `json:"offer_id,omitempty"`
	ImpressionID int64  `json:"impression_id,omitempty"`
}

type widgetSessionRequest struct {
	PublishableKey string         `json:"publishable_key"`
	IdentityToken  string         `json:"identity_token"`
	Context        *widgetContext `json:"context"`
}

type widgetSessionJSON struct {
	Token          string    `json:"token"`
	ExpiresAt      time.Time `json:"expires_at"`
	ConversationID int64     `json:"conversation_id"`
	// Identified says whether the conversation belongs to a shopper the merchant identified.
	Identified bool `json:"identified"`
}

// validLocale accepts a BCP 47 tag of letters, digits and hyphens ("en-US").
func validLocale(l string) bool {
	if l == "" || len(l) > 35 {
		return false
	}
	for _, r := range l {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// fromOffer says whether the session is opened by a click on a financing message.
func (ctx *widgetContext) fromOffer() bool {
	return ctx != nil && (ctx.OfferID != 0 || ctx.ImpressionID != 0)
}

// cart validates a session's context and returns it as stored, with the amount parsed.
func (ctx *widgetContext) cart() (amount decimal.Decimal, err error) {
	if ctx.CartAmount == "" && ctx.Currency == "" {
		return decimal.Zero, nil
	}
	if amount, err = offers.ParseCartAmount(ctx.CartAmount); err != nil {
		return decimal.Zero, ratewise.Invalid("context.cart_amount", "%s", ratewise.ErrorMessage(err))
	}
	if ctx.Currency, err = offers.ParseCurrency(ctx.Currency); err != nil {
		return decimal.Zero, ratewise.Invalid("context.currency", "%s", ratewise.ErrorMessage(err))
	}
	if ctx.Locale != "" && !validLocale(ctx.Locale) {
		return decimal.Zero, ratewise.Invalid("context.locale", "locale is a language tag such as en-US.")
	}
	ctx.CartAmount = offers.String2(amount)
	return amount, nil
}

// widgetSessionCreate opens or renews a widget session (see docs/widget.md):
//   - with a valid widget token of the same partner in Authorization: a fresh token for the
//     same conversation, unless identity_token names another shopper than the token's; an
//     anonymous conversation identified this way becomes that shopper's;
//   - otherwise, for an identified shopper, their latest open conversation (another visit or
//     device), unless the chat is opened from a financing message;
//   - otherwise a new conversation, of the identified shopper or of a new anonymous one,
//     counted against the per-address and per-partner limits.
func (s *Server) widgetSessionCreate(c echo.Context) error {
	widgetCORS(c)
	ctx := c.Request().Context()
	var req widgetSessionRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if req.PublishableKey == "" {
		return ratewise.Invalid("publishable_key", "publishable_key is required (the pk_… key of the script tag's data-key).")
	}
	m, err := s.deps.Offers.MerchantByPublishableKey(ctx, req.PublishableKey)
	if ratewise.ErrorCode(err) == ratewise.ENOTFOUND {
		return ratewise.Errorf(ratewise.EFORBIDDEN, "This publishable key is not valid.")
	}
	if err != nil {
		return err
	}
	if err := s.widgetOrigin(c, m, false); err != nil {
		return err
	}
	var amount decimal.Decimal
	var cartJSON []byte
	if req.Context != nil {
		if amount, err = req.Context.cart(); err != nil {
			return err
		}
		if cartJSON, err = json.Marshal(req.Context); err != nil {
			return err
		}
	}
	var who *identityClaims
	if req.IdentityToken != "" {
		if who, err = s.verifyIdentity(ctx, m, req.IdentityToken); err != nil {
			return err
		}
	}
	if prev := s.resumable(c, m); prev != nil {
		switch {
		case who == nil || who.Subject == prev.Shopper:
			return s.issueWidgetSession(c, m.ID, prev.userID(), prev.Conversation, prev.Shopper)
		case prev.Shopper == "":
			uid, err := s.users.Shopper(ctx, m.ID, who.Subject, who.Name)
			if err != nil {
				return err
			}
			if err := s.deps.Assistant.Store.MoveConversation(ctx, m.ID, prev.Conversation, prev.userID(), uid); err != nil {
				return err
			}
			return s.issueWidgetSession(c, m.ID, uid, prev.Conversation, who.Subject)
		}
		// Another shopper on this device: a conversation of their own, nothing of the last one's.
	}
	var uid int64
	subject := ""
	if who != nil {
		subject = who.Subject
		if uid, err = s.users.Shopper(ctx, m.ID, who.Subject, who.Name); err != nil {
			return err
		}
		// An identified shopper picks up their open conversation on any visit or device,
		// unless they came from a financing message, which opens on that cart's figures.
		if !req.Context.fromOffer() {
			id, err := s.deps.Assistant.Store.LatestPartnerConversation(ctx, uid, m.ID)
			if err == nil {
				return s.issueWidgetSession(c, m.ID, uid, id, subject)
			}
			if ratewise.ErrorCode(err) != ratewise.ENOTFOUND {
				return err
			}
		}
	}
	if err := s.reserveWidgetSession(ctx, m.ID, s.clientIP(c.Request())); err != nil {
		return err
	}
	if who == nil {
		if uid, err = s.users.NewShopper(ctx, m.ID); err != nil {
			return err
		}
	}
	opening := ""
	if req.Context != nil && req.Context.CartAmount != "" {
		f, err := s.deps.Offers.Financing(ctx, m.ID, amount, req.Context.Currency, req.Context.Locale)
		if err != nil {
			return err
		}
		opening = financingOpening(f, req.Context.OfferID)
		if req.Context.ImpressionID > 0 {
			// A click on a message that was not shown (or is another partner's) counts nothing.
			if err := s.deps.Offers.ClickImpression(ctx, m.ID, req.Context.ImpressionID); err != nil && ratewise.ErrorCode(err) != ratewise.ENOTFOUND {
				return err
			}
		}
	}
	conv, err := s.deps.Assistant.Store.CreatePartnerConversation(ctx, uid, m.ID, cartJSON, opening)
	if err != nil {
		return err
	}
	return s.issueWidgetSession(c, m.ID, uid, conv.ID, subject)
}

// resumable is the request's widget token when it is valid, of partner m and its
// conversation still exists; nil otherwise (an expired token starts a new conversation).
func (s *Server) resumable(c echo.Context, m offers.Merchant) *widgetClaims {
	w := widgetSession(c)
	if w == nil || w.Partner != m.ID {
		return nil
	}
	if _, err := s.deps.Assistant.Store.Conversation(c.Request().Context(), w.userID(), w.Conversation); err != nil {
		return nil
	}
	return w
}

func (s *Server) issueWidgetSession(c echo.Context, partnerID, uid, conversation int64, shopper string) error {
	token, exp, err := s.signWidgetToken(partnerID, uid, conversation, shopper)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, widgetSessionJSON{Token: token, ExpiresAt: exp.UTC(), ConversationID: conversation, Identified: shopper != ""})
}

// widgetSessionWindow is the window of the new-session limits.
const widgetSessionWindow = time.Hour

// reserveWidgetSession counts one new widget conversation for the client address and the
// partner, refusing with 429 when either is at its hourly limit.
func (s *Server) reserveWidgetSession(ctx context.Context, partnerID int64, ip string) error {
	w := s.cfg.Widget
	secs, err := s.sessions.take(ctx, widgetSessionWindow,
		counter{"widget-session:ip:" + ip, w.SessionsPerAddress},
		counter{"widget-session:partner:" + strconv.FormatInt(partnerID, 10), w.SessionsPerPartner})
	if err != nil || secs == 0 {
		return err
	}
	return &RetryAfter{Seconds: secs, Err: ratewise.Errorf(ratewise.ERATELIMITED,
		"Too many new chats were started. Try again in %s.", inWords(secs))}
}

// widgetMessageWindow is the window of the per-conversation message limit.
const widgetMessageWindow = time.Minute

// widgetScope confines a widget token to its own conversation on the conversation routes:
// another id is a 404 (as for anyone's conversation), starting another conversation is a
// 403 (a new one comes with a new session), and its messages are rate limited.
func (s *Server) widgetScope(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := s.checkWidgetScope(c); err != nil {
			return err
		}
		return next(c)
	}
}

// checkWidgetScope is widgetScope's check, a function of its own so that its locals are not
// kept on the stack while the request is served.
func (s *Server) checkWidgetScope(c echo.Context) error {
	w := widgetSession(c)
	if w == nil {
		return nil
	}
	if c.Param("id") == "" {
		if c.Request().Method != http.MethodGet {
			return ratewise.Errorf(ratewise.EFORBIDDEN, "A widget session holds one conversation; open a new session for another.")
		}
		return nil
	}
	if id, err := conversationID(c); err != nil || id != w.Conversation {
		return ratewise.NotFound("conversation")
	}
	if c.Request().Method == http.MethodPost && strings.HasSuffix(c.Path(), "/messages") {
		secs, err := s.sessions.take(c.Request().Context(), widgetMessageWindow,
			counter{"widget-messages:" + strconv.FormatInt(w.Conversation, 10), s.cfg.Widget.MessagesPerConversation})
		if err != nil {
			return err
		}
		if secs > 0 {
			return &RetryAfter{Seconds: secs, Err: ratewise.Errorf(ratewise.ERATELIMITED,
				"You are sending messages faster than we can answer. Try again in %s.", inWords(secs))}
		}
	}
	return nil
}

// financingOpening is the assistant's first message in a chat opened from a financing
// message: the same plans with the same figures and disclosures, the chosen plan first.
func financingOpening(f offers.Financing, chosen int64) string {
	loc := f.Locale
	if loc == "" {
		loc = offers.DefaultLocale
	}
	total := offers.FormatMoney(f.Amount, f.Currency, loc)
	if len(f.Plans) == 0 {
		return fmt.Sprintf("Your cart comes to %s. %s Ask me anything, or talk to a person.", total, f.HiddenMessage)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Financing for your cart of %s:", total)
	write := func(p offers.FinancingPlan) { b.WriteString("\n\n" + p.Disclosure) }
	for _, p := range f.Plans {
		if p.OfferID == chosen {
			write(p)
		}
	}
	for _, p := range f.Plans {
		if p.OfferID != chosen {
			write(p)
		}
	}
	b.WriteString("\n\nAsk me anything about these plans, or talk to a person.")
	return b.String()
}

type financingRequest struct {
	PublishableKey string `json:"publishable_key"`
	Amount         string `json:"amount"`
	Currency       string `json:"currency"`
	Locale         string `json:"locale"`
}

type financingPlanJSON struct {
	OfferID               int64   `json:"offer_id"`
	ExternalID            string  `json:"external_id"`
	Name                  string  `json:"name"`
	TermMonths            int     `json:"term_months"`
	Payments              int     `json:"payments"`
	PaymentInterval       string  `json:"payment_interval"`
	Payment               string  `json:"payment"`
	LastPayment           string  `json:"last_payment"`
	MonthlyPayment        *string `json:"monthly_payment"`
	Rate                  string  `json:"rate"`
	APR                   string  `json:"apr"`
	Fees                  string  `json:"fees"`
	TotalPayable          string  `json:"total_payable"`
	FinanceCharge         string  `json:"finance_charge"`
	RepresentativeExample string  `json:"representative_example"`
	Disclosure            string  `json:"disclosure"`
	DisclosureHash        string  `json:"disclosure_hash"`
	Jurisdiction          string  `json:"jurisdiction"`
	RuleVersion           string  `json:"rule_version"`
}

type financingJSON struct {
	Amount        string              `json:"amount"`
	Currency      string              `json:"currency"`
	Plans         []financingPlanJSON `json:"plans"`
	Headline      string              `json:"headline,omitempty"`
	HiddenReason  string              `json:"hidden_reason,omitempty"`
	HiddenMessage string              `json:"hidden_message,omitempty"`
	ImpressionID  int64               `json:"impression_id"`
}

// financingWindow is the window of the per-address financing limit.
const financingWindow = time.Minute

// widgetFinancing answers the shop page's financing message for a cart: POST with a JSON
// body, or GET with the same fields as query parameters (a simple request, with no CORS
// preflight). The partner is the publishable key's (publishable_key, or ?key=), or the
// widget token's. Each answer is logged as an impression with its disclosures.
func (s *Server) widgetFinancing(c echo.Context) error {
	widgetCORS(c)
	ctx := c.Request().Context()
	var req financingRequest
	if c.Request().Method == http.MethodPost {
		if err := bindJSON(c, &req); err != nil {
			return err
		}
	} else {
		req = financingRequest{PublishableKey: c.QueryParam("publishable_key"), Amount: c.QueryParam("amount"),
			Currency: c.QueryParam("currency"), Locale: c.QueryParam("locale")}
	}
	if req.PublishableKey == "" {
		req.PublishableKey = c.QueryParam("key")
	}
	var m offers.Merchant
	var err error
	switch w := widgetSession(c); {
	case req.PublishableKey != "":
		m, err = s.deps.Offers.MerchantByPublishableKey(ctx, req.PublishableKey)
		if ratewise.ErrorCode(err) == ratewise.ENOTFOUND {
			return ratewise.Errorf(ratewise.EFORBIDDEN, "This publishable key is not valid.")
		}
	case w != nil:
		m, err = s.deps.Offers.Merchant(ctx, w.Partner)
	default:
		return ratewise.Invalid("publishable_key", "publishable_key is required (the pk_… key of the script tag's data-key).")
	}
	if err != nil {
		return err
	}
	if err := s.widgetOrigin(c, m, true); err != nil {
		return err
	}
	amount, err := offers.ParseCartAmount(req.Amount)
	if err != nil {
		return err
	}
	currency, err := offers.ParseCurrency(req.Currency)
	if err != nil {
		return err
	}
	if req.Locale != "" && !validLocale(req.Locale) {
		return ratewise.Invalid("locale", "locale is a language tag such as en-US.")
	}
	secs, err := s.sessions.take(ctx, financingWindow, counter{"widget-financing:ip:" + s.clientIP(c.Request()), s.cfg.Widget.FinancingPerAddress})
	if err != nil {
		return err
	}
	if secs > 0 {
		return &RetryAfter{Seconds: secs, Err: ratewise.Errorf(ratewise.ERATELIMITED, "Too many financing requests. Try again in %s.", inWords(secs))}
	}
	f, err := s.deps.Offers.Financing(ctx, m.ID, amount, currency, req.Locale)
	if err != nil {
		return err
	}
	id, err := s.deps.Offers.LogImpression(ctx, m.ID, f)
	if err != nil {
		return err
	}
	out := financingJSON{Amount: offers.String2(f.Amount), Currency: f.Currency, Plans: []financingPlanJSON{},
		Headline: f.Headline, HiddenReason: f.HiddenReason, HiddenMessage: f.HiddenMessage, ImpressionID: id}
	for _, p := range f.Plans {
		j := financingPlanJSON{OfferID: p.OfferID, ExternalID: p.ExternalID, Name: p.Name, TermMonths: p.TermMonths,
			Payments: p.Payments, PaymentInterval: p.Interval, Payment: offers.String2(p.Payment), LastPayment: offers.String2(p.LastPayment),
			Rate: offers.String2(p.Rate), APR: offers.String2(p.APR), Fees: offers.String2(p.Fees), TotalPayable: offers.String2(p.TotalPayable),
			FinanceCharge: offers.String2(p.FinanceCharge), RepresentativeExample: p.RepresentativeExample, Disclosure: p.Disclosure,
			DisclosureHash: hex.EncodeToString(p.DisclosureHash()), Jurisdiction: p.Jurisdiction, RuleVersion: p.RuleVersion}
		if p.Interval == offers.EveryMonth {
			j.MonthlyPayment = &j.Payment
		}
		out.Plans = append(out.Plans, j)
	}
	return c.JSON(http.StatusOK, out)
}
