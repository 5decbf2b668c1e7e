package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"ratewise/offers"
)

const (
	shopA = "https://shop-a.example"
	shopB = "https://shop-b.example"
)

// posCatalogue is a merchant's point-of-sale plans in the three jurisdictions.
const posCatalogue = `[
 {"external_id": "us-pay4", "product_type": "personal_loan", "name": "Pay in 4", "currency": "USD", "regions": ["US"],
  "rate": "0", "instalments": 4, "terms_months": [2], "amount_min": "35", "amount_max": "1500", "point_of_sale": true},
 {"external_id": "us-24", "product_type": "personal_loan", "name": "24-Month Financing", "currency": "USD", "regions": ["US"],
  "rate": "15.99", "terms_months": [24], "amount_min": "200", "amount_max": "10000", "point_of_sale": true},
 {"external_id": "uk-24", "product_type": "personal_loan", "name": "24-Month Credit", "currency": "GBP", "regions": ["GB"],
  "rate": "19.90", "terms_months": [24], "amount_min": "250", "amount_max": "7500", "point_of_sale": true},
 {"external_id": "eu-12", "product_type": "personal_loan", "name": "Ratenkauf 12", "currency": "EUR", "regions": ["DE"],
  "rate": "9.90", "terms_months": [12], "amount_min": "100", "amount_max": "5000", "point_of_sale": true}
]`

// widgetWorld is a server with two merchants: A, with point-of-sale plans, on shopA, and B,
// with none, on shopB.
type widgetWorld struct {
	s      *Server
	store  *offers.Store
	a, b   offers.PartnerKeys
	synced atomic.Int32
}

func newWidgetWorld(t *testing.T, cfg Config) *widgetWorld {
	t.Helper()
	s := newConversationServerWith(t, cfg)
	w := &widgetWorld{s: s, store: s.deps.Offers}
	s.deps.SyncOfferPassages = func(context.Context) error { w.synced.Add(1); return nil }
	ctx := context.Background()
	var err error
	if w.a, err = w.store.AddMerchant(ctx, "Shop A", []string{shopA + "/"}); err != nil {
		t.Fatal(err)
	}
	if w.b, err = w.store.AddMerchant(ctx, "Shop B", []string{shopB}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.Import(ctx, strings.NewReader(posCatalogue), "json", offers.ImportOptions{Partner: "Shop A"}); err != nil {
		t.Fatal(err)
	}
	return w
}

// shopper is a browser on a merchant's page: requests carry the page's Origin.
func (w *widgetWorld) shopper(t *testing.T, origin, ip string) *client {
	cl := newClient(t, w.s)
	cl.ip = ip
	cl.header = map[string]string{"Origin": origin, "Sec-Fetch-Site": "cross-site"}
	return cl
}

// session opens a widget session and returns it; want is the expected status.
func session(t *testing.T, cl *client, body map[string]any, want int) widgetSessionJSON {
	t.Helper()
	var out widgetSessionJSON
	decode(t, cl.do("POST", "/api/v1/widget/session", body), want, &out)
	return out
}

// as returns a client that sends token as a bearer from the widget's own page.
func (w *widgetWorld) as(t *testing.T, token string) *client {
	cl := newClient(t, w.s)
	cl.header["Authorization"] = "Bearer " + token
	return cl
}

func convPath(id int64) string { return "/api/v1/conversations/" + strconv.FormatInt(id, 10) }

func TestWidgetSessionOrigins(t *testing.T) {
	t.Parallel()
	w := newWidgetWorld(t, Config{})
	tests := []struct {
		name, origin, key string
		want              int
		msg               string
	}{
		{"allowed origin", shopA, w.a.PublishableKey, 200, ""},
		{"Ratewise's own widget page", "http://example.com", w.a.PublishableKey, 200, ""},
		{"origin not on the list", "https://evil.example", w.a.PublishableKey, 403, "https://evil.example"},
		{"another partner's origin", shopB, w.a.PublishableKey, 403, "is not on Shop A's allowed origins"},
		{"no origin", "", w.a.PublishableKey, 403, "no Origin"},
		{"unknown key", shopA, "pk_nosuchkeyatall", 403, "publishable key is not valid"},
		{"secret key as publishable", shopA, w.a.SecretKey, 403, "publishable key is not valid"},
		{"no key", shopA, "", 400, "publishable_key is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cl := w.shopper(t, tt.origin, "192.0.2.10")
			if tt.origin == "" {
				delete(cl.header, "Origin")
			}
			rec := cl.do("POST", "/api/v1/widget/session", map[string]any{"publishable_key": tt.key})
			if rec.Code != tt.want {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.want, rec.Body)
			}
			if tt.origin != "" && rec.Header().Get("Access-Control-Allow-Origin") != tt.origin {
				t.Errorf("Access-Control-Allow-Origin = %q, want %q (the page must be able to read the answer)", rec.Header().Get("Access-Control-Allow-Origin"), tt.origin)
			}
			if tt.want != 200 {
				if got := errorOf(t, rec).Message; !strings.Contains(got, tt.msg) {
					t.Errorf("message %q, want it to say %q", got, tt.msg)
				}
				return
			}
			var out widgetSessionJSON
			decode(t, rec, 200, &out)
			if out.Token == "" || out.ConversationID == 0 || out.Identified {
				t.Errorf("session = %+v", out)
			}
			if ttl := time.Until(out.ExpiresAt); ttl > time.Hour || ttl < 50*time.Minute {
				t.Errorf("token lasts %s, want about an hour and never more", ttl)
			}
		})
	}
	pre := w.shopper(t, shopA, "192.0.2.10").do("OPTIONS", "/api/v1/widget/session", nil)
	if pre.Code != 204 || !strings.Contains(pre.Header().Get("Access-Control-Allow-Headers"), "Authorization") {
		t.Errorf("preflight: %d %v", pre.Code, pre.Header())
	}
}

// A widget token reaches its own conversation and nothing else: not another widget
// conversation of the same or another partner, not a consumer's, not the account routes.
func TestWidgetTokenScope(t *testing.T) {
	t.Parallel()
	w := newWidgetWorld(t, Config{})
	x := session(t, w.shopper(t, shopA, "192.0.2.11"), map[string]any{"publishable_key": w.a.PublishableKey}, 200)
	y := session(t, w.shopper(t, shopA, "192.0.2.12"), map[string]any{"publishable_key": w.a.PublishableKey}, 200)
	z := session(t, w.shopper(t, shopB, "192.0.2.13"), map[string]any{"publishable_key": w.b.PublishableKey}, 200)
	consumer := newClient(t, w.s)
	signUp(t, consumer, "own-site@example.com")
	var own conversationJSON
	decode(t, consumer.do("POST", "/api/v1/conversations", nil), 201, &own)
	decode(t, consumer.do("POST", "/api/v1/holdings", map[string]any{"kind": "loan", "product_type": "auto_loan",
		"balance": "15000", "apr": "9.9", "remaining_months": 48}), 201, nil)

	cl := w.as(t, x.Token)
	decode(t, cl.do("GET", convPath(x.ConversationID), nil), 200, nil)
	for name, id := range map[string]int64{"same partner's other shopper": y.ConversationID, "other partner's": z.ConversationID, "a consumer's": own.ID} {
		if rec := cl.do("GET", convPath(id), nil); rec.Code != 404 {
			t.Errorf("%s conversation: %d, want 404", name, rec.Code)
		}
		if rec := cl.do("POST", convPath(id)+"/messages", map[string]string{"text": "hi", "client_id": "c-" + name}); rec.Code != 404 {
			t.Errorf("posting to %s conversation: %d, want 404", name, rec.Code)
		}
	}
	var list struct{ Conversations []conversationJSON }
	decode(t, cl.do("GET", "/api/v1/conversations", nil), 200, &list)
	if len(list.Conversations) != 1 || list.Conversations[0].ID != x.ConversationID {
		t.Errorf("list = %+v, want only its own conversation", list.Conversations)
	}
	if rec := cl.do("POST", "/api/v1/conversations", nil); rec.Code != 403 {
		t.Errorf("starting another conversation with a widget token: %d, want 403", rec.Code)
	}
	for _, p := range []string{"/api/v1/me", "/api/v1/holdings", "/api/v1/me/profile"} {
		if rec := cl.do("GET", p, nil); rec.Code != 401 {
			t.Errorf("GET %s with a widget token: %d, want 401 (it is nobody there)", p, rec.Code)
		}
	}
	// A consumer's cookie next to the token changes nothing: the request is the shopper's.
	cl.cookie = consumer.cookie
	if rec := cl.do("GET", convPath(own.ID), nil); rec.Code != 404 {
		t.Errorf("widget token with a consumer's cookie reached the consumer's conversation: %d", rec.Code)
	}
	// Tampered, expired, foreign-signed and consumer-less tokens are all 401.
	expired, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, widgetClaims{
		RegisteredClaims: jwt.RegisteredClaims{Issuer: "ratewise", Subject: "1", Audience: jwt.ClaimStrings{widgetAudience},
			ExpiresAt: jwt.NewNumericDate(time.Now().Add(-time.Minute))}, Partner: w.a.PartnerID, Conversation: x.ConversationID,
	}).SignedString(w.s.cfg.Widget.Secret)
	forged, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, widgetClaims{
		RegisteredClaims: jwt.RegisteredClaims{Issuer: "ratewise", Subject: "1", Audience: jwt.ClaimStrings{widgetAudience},
			ExpiresAt: jwt.NewNumericDate(time.Now().Add(time.Minute))}, Partner: w.a.PartnerID, Conversation: own.ID,
	}).SignedString([]byte("not the server's secret, but 32 bytes long!"))
	for name, tok := range map[string]string{"tampered": tamper(x.Token), "expired": expired, "forged": forged} {
		if rec := w.as(t, tok).do("GET", convPath(x.ConversationID), nil); rec.Code != 401 {
			t.Errorf("%s token: %d, want 401", name, rec.Code)
		}
	}
	anon := newClient(t, w.s)
	if rec := anon.do("GET", convPath(x.ConversationID), nil); rec.Code != 401 {
		t.Errorf("anonymous: %d, want 401", rec.Code)
	}
	// The consumer's own view is untouched by widget chats.
	var mine struct{ Conversations []conversationJSON }
	decode(t, consumer.do("GET", "/api/v1/conversations", nil), 200, &mine)
	if len(mine.Conversations) != 1 {
		t.Errorf("the consumer sees %d conversations, want their 1", len(mine.Conversations))
	}
}

// identityToken signs claims as a merchant's server does, with its secret key.
func identityToken(t *testing.T, secret string, claims jwt.MapClaims) string {
	t.Helper()
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(secret))
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestWidgetIdentity(t *testing.T) {
	t.Parallel()
	w := newWidgetWorld(t, Config{})
	now := time.Now()
	good := func(sub string) jwt.MapClaims {
		return jwt.MapClaims{"sub": sub, "aud": w.a.PublishableKey, "iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(), "name": "Grace"}
	}
	with := func(c jwt.MapClaims, k string, v any) jwt.MapClaims {
		out := jwt.MapClaims{}
		for kk, vv := range c {
			out[kk] = vv
		}
		if v == nil {
			delete(out, k)
		} else {
			out[k] = v
		}
		return out
	}
	hs512, _ := jwt.NewWithClaims(jwt.SigningMethodHS512, good("u1")).SignedString([]byte(w.a.SecretKey))
	unsigned, _ := jwt.NewWithClaims(jwt.SigningMethodNone, good("u1")).SignedString(jwt.UnsafeAllowNoneSignatureType)
	bad := []struct{ name, token, msg string }{
		{"signed with another partner's secret", identityToken(t, w.b.SecretKey, good("u1")), "signature"},
		{"signed with the publishable key", identityToken(t, w.a.PublishableKey, good("u1")), "signature"},
		{"expired", identityToken(t, w.a.SecretKey, with(with(good("u1"), "iat", now.Add(-9*time.Minute).Unix()), "exp", now.Add(-2*time.Minute).Unix())), "expired"},
		{"for another partner", identityToken(t, w.a.SecretKey, with(good("u1"), "aud", w.b.PublishableKey)), "another partner"},
		{"no audience", identityToken(t, w.a.SecretKey, with(good("u1"), "aud", nil)), "another partner"},
		{"valid for longer than 10 minutes", identityToken(t, w.a.SecretKey, with(good("u1"), "exp", now.Add(11*time.Minute).Unix())), "longer than 10 minutes"},
		{"no iat", identityToken(t, w.a.SecretKey, with(good("u1"), "iat", nil)), "iat"},
		{"no exp", identityToken(t, w.a.SecretKey, with(good("u1"), "exp", nil)), "not a valid"},
		{"no sub", identityToken(t, w.a.SecretKey, with(good("u1"), "sub", nil)), "sub"},
		{"HS512", hs512, "HS256"},
		{"alg none", unsigned, "HS256"},
		{"garbage", "not.a.jwt", "not a valid"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			rec := w.shopper(t, shopA, "192.0.2.20").do("POST", "/api/v1/widget/session",
				map[string]any{"publishable_key": w.a.PublishableKey, "identity_token": tt.token})
			if rec.Code != 403 {
				t.Fatalf("status %d, want 403: %s", rec.Code, rec.Body)
			}
			if msg := errorOf(t, rec).Message; !strings.Contains(msg, tt.msg) {
				t.Errorf("message %q, want it to say %q", msg, tt.msg)
			}
		})
	}

	page := w.shopper(t, shopA, "192.0.2.21")
	anon := session(t, page, map[string]any{"publishable_key": w.a.PublishableKey}, 200)
	decode(t, w.as(t, anon.Token).do("POST", convPath(anon.ConversationID)+"/messages", map[string]string{"text": "hello", "client_id": "a-1"}), 202, nil)

	// Identifying the anonymous shopper keeps the conversation, now theirs; aud may be the partner id.
	page.header["Authorization"] = "Bearer " + anon.Token
	u1 := session(t, page, map[string]any{"publishable_key": w.a.PublishableKey,
		"identity_token": identityToken(t, w.a.SecretKey, with(good("u1"), "aud", strconv.FormatInt(w.a.PartnerID, 10)))}, 200)
	if u1.ConversationID != anon.ConversationID || !u1.Identified {
		t.Fatalf("identify: %+v, want conversation %d identified", u1, anon.ConversationID)
	}
	// The old anonymous token no longer owns it.
	if rec := w.as(t, anon.Token).do("GET", convPath(anon.ConversationID), nil); rec.Code != 404 {
		t.Errorf("the anonymous token still reads the identified conversation: %d", rec.Code)
	}
	// Renewing with the same shopper keeps the conversation.
	page.header["Authorization"] = "Bearer " + u1.Token
	again := session(t, page, map[string]any{"publishable_key": w.a.PublishableKey, "identity_token": identityToken(t, w.a.SecretKey, good("u1"))}, 200)
	if again.ConversationID != u1.ConversationID {
		t.Errorf("renewal moved to conversation %d, want %d", again.ConversationID, u1.ConversationID)
	}
	// Another shopper on the same device gets a new conversation without the first one's history.
	page.header["Authorization"] = "Bearer " + again.Token
	u2 := session(t, page, map[string]any{"publishable_key": w.a.PublishableKey, "identity_token": identityToken(t, w.a.SecretKey, good("u2"))}, 200)
	if u2.ConversationID == u1.ConversationID {
		t.Fatal("a different shopper got the previous shopper's conversation")
	}
	var conv struct{ Messages []messageJSON }
	decode(t, w.as(t, u2.Token).do("GET", convPath(u2.ConversationID), nil), 200, &conv)
	if len(conv.Messages) != 0 {
		t.Errorf("the new shopper sees %d messages, want none", len(conv.Messages))
	}
	if rec := w.as(t, u2.Token).do("GET", convPath(u1.ConversationID), nil); rec.Code != 404 {
		t.Errorf("the new shopper reads the previous one's conversation: %d", rec.Code)
	}
	// The same shopper on another visit or device, with no widget token, picks up their open
	// conversation and its history: the merchant's signature says who they are.
	other := session(t, w.shopper(t, shopA, "192.0.2.23"), map[string]any{"publishable_key": w.a.PublishableKey,
		"identity_token": identityToken(t, w.a.SecretKey, good("u1"))}, 200)
	if other.ConversationID != u1.ConversationID || !other.Identified {
		t.Fatalf("another visit of u1: %+v, want conversation %d", other, u1.ConversationID)
	}
	decode(t, w.as(t, other.Token).do("GET", convPath(u1.ConversationID), nil), 200, &conv)
	if len(conv.Messages) == 0 || conv.Messages[0].Text != "hello" {
		t.Errorf("another visit of u1 sees %+v, want the conversation that began with hello", conv.Messages)
	}
	var listed struct{ Conversations []conversationJSON }
	decode(t, w.as(t, other.Token).do("GET", "/api/v1/conversations", nil), 200, &listed)
	if len(listed.Conversations) != 1 || listed.Conversations[0].ID != u1.ConversationID {
		t.Errorf("the list shows %+v, want only the token's conversation", listed.Conversations)
	}
	// A shopper coming from a financing message starts on that cart instead.
	fromCart := session(t, w.shopper(t, shopA, "192.0.2.24"), map[string]any{"publishable_key": w.a.PublishableKey,
		"identity_token": identityToken(t, w.a.SecretKey, good("u1")), "context": map[string]any{"cart_amount": "500.00", "currency": "USD", "offer_id": 1}}, 200)
	if fromCart.ConversationID == u1.ConversationID {
		t.Error("a chat opened from a financing message resumed the earlier conversation")
	}
	// Another merchant's shopper with the same id is another person.
	theirs := session(t, w.shopper(t, shopB, "192.0.2.25"), map[string]any{"publishable_key": w.b.PublishableKey,
		"identity_token": identityToken(t, w.b.SecretKey, jwt.MapClaims{"sub": "u1", "aud": w.b.PublishableKey, "iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix()})}, 200)
	if theirs.ConversationID == u1.ConversationID || theirs.ConversationID == fromCart.ConversationID {
		t.Error("shop B's shopper u1 got shop A's shopper u1's conversation")
	}
	// A later anonymous session starts afresh too.
	delete(page.header, "Authorization")
	fresh := session(t, page, map[string]any{"publishable_key": w.a.PublishableKey}, 200)
	if fresh.ConversationID == u1.ConversationID || fresh.ConversationID == u2.ConversationID {
		t.Error("an anonymous session got an earlier conversation")
	}
	// A rotated secret keeps working for its grace period, and the new one works at once.
	rotated, err := w.store.RotateSecret(context.Background(), "Shop A")
	if err != nil {
		t.Fatal(err)
	}
	for name, secret := range map[string]string{"old": w.a.SecretKey, "new": rotated.SecretKey} {
		rec := w.shopper(t, shopA, "192.0.2.22").do("POST", "/api/v1/widget/session",
			map[string]any{"publishable_key": w.a.PublishableKey, "identity_token": identityToken(t, secret, good("u3"))})
		if rec.Code != 200 {
			t.Errorf("identity signed with the %s secret after a rotation: %d %s", name, rec.Code, rec.Body)
		}
	}
}

func TestWidgetRateLimits(t *testing.T) {
	t.Parallel()
	w := newWidgetWorld(t, Config{Widget: WidgetSettings{SessionsPerAddress: 2, SessionsPerPartner: 3, MessagesPerConversation: 2, FinancingPerAddress: 2}})
	key := map[string]any{"publishable_key": w.a.PublishableKey}
	one := w.shopper(t, shopA, "192.0.2.30")
	first := session(t, one, key, 200)
	session(t, one, key, 200)
	rec := one.do("POST", "/api/v1/widget/session", key)
	if rec.Code != 429 || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("third new session from one address: %d, Retry-After %q; want 429 with Retry-After", rec.Code, rec.Header().Get("Retry-After"))
	}
	// Renewing an open conversation is not a new session.
	one.header["Authorization"] = "Bearer " + first.Token
	session(t, one, key, 200)
	session(t, w.shopper(t, shopA, "192.0.2.31"), key, 200)
	if rec := w.shopper(t, shopA, "192.0.2.32").do("POST", "/api/v1/widget/session", key); rec.Code != 429 {
		t.Errorf("fourth new session for the partner: %d, want 429", rec.Code)
	}
	// The other partner has its own allowance.
	session(t, w.shopper(t, shopB, "192.0.2.33"), map[string]any{"publishable_key": w.b.PublishableKey}, 200)

	cl := w.as(t, first.Token)
	for i := range 2 {
		decode(t, cl.do("POST", convPath(first.ConversationID)+"/messages", map[string]string{"text": "hi", "client_id": fmt.Sprint("m-", i)}), 202, nil)
	}
	rec = cl.do("POST", convPath(first.ConversationID)+"/messages", map[string]string{"text": "hi", "client_id": "m-3"})
	if rec.Code != 429 || rec.Header().Get("Retry-After") == "" {
		t.Errorf("third message in a minute: %d, want 429 with Retry-After", rec.Code)
	}

	fin := w.shopper(t, shopA, "192.0.2.34")
	q := "/api/v1/widget/financing?key=" + w.a.PublishableKey + "&amount=500.00&currency=USD"
	decode(t, fin.do("GET", q, nil), 200, nil)
	decode(t, fin.do("GET", q, nil), 200, nil)
	if rec := fin.do("GET", q, nil); rec.Code != 429 || rec.Header().Get("Retry-After") == "" {
		t.Errorf("third financing request in a minute: %d, want 429 with Retry-After", rec.Code)
	}
}

func TestWidgetFinancing(t *testing.T) {
	t.Parallel()
	w := newWidgetWorld(t, Config{})
	page := w.shopper(t, shopA, "192.0.2.40")
	ask := func(t *testing.T, key, amount, currency, locale string) financingJSON {
		t.Helper()
		var f financingJSON
		decode(t, page.do("POST", "/api/v1/widget/financing", map[string]string{"publishable_key": key, "amount": amount, "currency": currency, "locale": locale}), 200, &f)
		return f
	}

	t.Run("US: trigger terms bring the full terms", func(t *testing.T) {
		f := ask(t, w.a.PublishableKey, "1299.00", "USD", "en-US")
		if len(f.Plans) != 2 || f.Plans[0].Name != "Pay in 4" || f.Plans[1].Name != "24-Month Financing" {
			t.Fatalf("plans = %+v", f.Plans)
		}
		p4, p24 := f.Plans[0], f.Plans[1]
		if p4.Payment != "324.75" || p4.Payments != 4 || p4.PaymentInterval != "two_weeks" || p4.MonthlyPayment != nil || p4.TotalPayable != "1299.00" {
			t.Errorf("pay in 4 = %+v", p4)
		}
		// 1,299.00 at 15.99 % over 24 months: 63.596874 a month, rounded half-up.
		if p24.MonthlyPayment == nil || *p24.MonthlyPayment != "63.60" || p24.APR != "15.99" || p24.Jurisdiction != "US" || p24.RuleVersion != offers.RuleUS {
			t.Errorf("24 months = %+v", p24)
		}
		if f.Headline != "From $63.60/month" {
			t.Errorf("headline %q", f.Headline)
		}
		for _, want := range []string{"24 monthly payments of $63.60", "15.99% Annual Percentage Rate (APR)", "no down payment", "finance charge $", "total of payments $"} {
			if !strings.Contains(p24.Disclosure, want) {
				t.Errorf("US disclosure %q lacks %q", p24.Disclosure, want)
			}
		}
		sum := sha256.Sum256([]byte(p24.Disclosure))
		if p24.DisclosureHash != hex.EncodeToString(sum[:]) {
			t.Error("disclosure_hash is not the SHA-256 of the disclosure")
		}
		// The impression is logged with each disclosure's text, hash and rule version.
		im, err := w.store.Impression(context.Background(), w.a.PartnerID, f.ImpressionID)
		if err != nil {
			t.Fatal(err)
		}
		if len(im.Disclosures) != 2 || im.Disclosures[1].Text != p24.Disclosure || hex.EncodeToString(im.Disclosures[1].Hash) != p24.DisclosureHash ||
			im.Disclosures[1].RuleVersion != offers.RuleUS || im.Disclosures[0].OfferID != p4.OfferID {
			t.Errorf("logged impression = %+v", im)
		}
		if _, err := w.store.Impression(context.Background(), w.b.PartnerID, f.ImpressionID); err == nil {
			t.Error("another partner can read this impression")
		}
	})
	t.Run("UK: representative example with the representative APR", func(t *testing.T) {
		f := ask(t, w.a.PublishableKey, "1299.00", "GBP", "en-GB")
		if len(f.Plans) != 1 {
			t.Fatalf("plans = %+v", f.Plans)
		}
		p := f.Plans[0]
		// APRC of 19.90 % nominal: (1 + 0.199/12)^12 − 1 = 21.82 %.
		if p.APR != "21.82" || p.Jurisdiction != "UK" || p.RuleVersion != offers.RuleUK || *p.MonthlyPayment != "66.05" {
			t.Errorf("plan = %+v", p)
		}
		for _, want := range []string{"Representative example", "cash price £1,299.00", "rate of interest 19.90% p.a. (fixed)", "representative 21.82% APR", "24 monthly payments of £66.05", "total amount payable £"} {
			if !strings.Contains(p.Disclosure, want) {
				t.Errorf("UK disclosure %q lacks %q", p.Disclosure, want)
			}
		}
	})
	t.Run("EU: standard information and the warning", func(t *testing.T) {
		f := ask(t, w.a.PublishableKey, "600.00", "EUR", "de-DE")
		if len(f.Plans) != 1 {
			t.Fatalf("plans = %+v", f.Plans)
		}
		p := f.Plans[0]
		for _, want := range []string{"Standard information", "borrowing rate 9,90", "APRC", "duration 12 months", "Attention! Borrowing money costs money."} {
			if !strings.Contains(p.Disclosure, want) {
				t.Errorf("EU disclosure %q lacks %q", p.Disclosure, want)
			}
		}
		if p.Jurisdiction != "EU" || (p.RuleVersion != offers.RuleEU && p.RuleVersion != offers.RuleEU2) {
			t.Errorf("plan = %+v", p)
		}
	})
	t.Run("hidden with the reason", func(t *testing.T) {
		for _, tt := range []struct{ key, amount, currency, reason, msg string }{
			{w.a.PublishableKey, "20.00", "USD", "below_minimum", "from $35.00"},
			{w.a.PublishableKey, "20000.00", "USD", "above_maximum", "up to $10,000.00"},
			{w.a.PublishableKey, "500.00", "JPY", "currency", "JPY"},
			{w.b.PublishableKey, "500.00", "USD", "no_plans", "no financing"},
		} {
			cl := w.shopper(t, shopA, "192.0.2.41")
			if tt.key == w.b.PublishableKey {
				cl = w.shopper(t, shopB, "192.0.2.41")
			}
			var f financingJSON
			decode(t, cl.do("POST", "/api/v1/widget/financing", map[string]string{"publishable_key": tt.key, "amount": tt.amount, "currency": tt.currency}), 200, &f)
			if len(f.Plans) != 0 || f.HiddenReason != tt.reason || !strings.Contains(f.HiddenMessage, tt.msg) || f.Headline != "" {
				t.Errorf("%s %s: %+v, want hidden for %s (%q)", tt.amount, tt.currency, f, tt.reason, tt.msg)
			}
		}
	})
	t.Run("bad input and other origins", func(t *testing.T) {
		for _, tt := range []struct {
			origin string
			body   map[string]string
			want   int
			field  string
		}{
			{shopA, map[string]string{"publishable_key": w.a.PublishableKey, "amount": "12.345", "currency": "USD"}, 400, "amount"},
			{shopA, map[string]string{"publishable_key": w.a.PublishableKey, "amount": "-5", "currency": "USD"}, 400, "amount"},
			{shopA, map[string]string{"publishable_key": w.a.PublishableKey, "amount": "1e9", "currency": "USD"}, 400, "amount"},
			{shopA, map[string]string{"publishable_key": w.a.PublishableKey, "amount": "100", "currency": "dollars"}, 400, "currency"},
			{shopA, map[string]string{"publishable_key": w.a.PublishableKey, "amount": "100", "currency": "USD", "locale": "<script>"}, 400, "locale"},
			{shopA, map[string]string{"amount": "100", "currency": "USD"}, 400, "publishable_key"},
			{"https://evil.example", map[string]string{"publishable_key": w.a.PublishableKey, "amount": "100", "currency": "USD"}, 403, ""},
		} {
			rec := w.shopper(t, tt.origin, "192.0.2.42").do("POST", "/api/v1/widget/financing", tt.body)
			if rec.Code != tt.want || errorOf(t, rec).Field != tt.field {
				t.Errorf("%v from %s: %d %s, want %d on %q", tt.body, tt.origin, rec.Code, rec.Body, tt.want, tt.field)
			}
		}
	})
	t.Run("an expired widget token next to the key does not matter", func(t *testing.T) {
		cl := w.shopper(t, shopA, "192.0.2.43")
		cl.header["Authorization"] = "Bearer eyJhbGciOiJIUzI1NiJ9.e30.expired"
		decode(t, cl.do("GET", "/api/v1/widget/financing?key="+w.a.PublishableKey+"&amount=500.00&currency=USD", nil), 200, nil)
	})
	t.Run("GET is the same message", func(t *testing.T) {
		var get financingJSON
		decode(t, page.do("GET", "/api/v1/widget/financing?key="+w.a.PublishableKey+"&amount=1299.00&currency=USD&locale=en-US", nil), 200, &get)
		post := ask(t, w.a.PublishableKey, "1299.00", "USD", "en-US")
		if len(get.Plans) != 2 || get.Plans[1].Disclosure != post.Plans[1].Disclosure || get.ImpressionID == post.ImpressionID {
			t.Errorf("GET %+v vs POST %+v", get, post)
		}
	})
	t.Run("the chat opened from the message quotes the same figures", func(t *testing.T) {
		f := ask(t, w.a.PublishableKey, "1299.00", "USD", "en-US")
		s := session(t, page, map[string]any{"publishable_key": w.a.PublishableKey, "context": map[string]any{
			"cart_amount": "1299.00", "currency": "USD", "locale": "en-US", "offer_id": f.Plans[1].OfferID, "term_months": 24, "impression_id": f.ImpressionID}}, 200)
		var conv struct{ Messages []messageJSON }
		decode(t, w.as(t, s.Token).do("GET", convPath(s.ConversationID), nil), 200, &conv)
		if len(conv.Messages) != 1 || conv.Messages[0].Role != "assistant" {
			t.Fatalf("messages = %+v, want the assistant's opening", conv.Messages)
		}
		text := conv.Messages[0].Text
		if !strings.Contains(text, "$1,299.00") || !strings.Contains(text, f.Plans[1].Disclosure) || !strings.Contains(text, f.Plans[0].Disclosure) ||
			strings.Index(text, f.Plans[1].Disclosure) > strings.Index(text, f.Plans[0].Disclosure) {
			t.Errorf("opening %q does not quote the plans (the clicked one first)", text)
		}
		// The click counts once, for this partner only.
		_, clicks, err := w.store.FinancingStats(context.Background(), w.a.PartnerID, time.Time{}, time.Time{})
		if err != nil || clicks != 1 {
			t.Errorf("clicks = %d (%v), want 1", clicks, err)
		}
		session(t, page, map[string]any{"publishable_key": w.a.PublishableKey, "context": map[string]any{"cart_amount": "x", "currency": "USD"}}, 400)
	})
}

func TestPartnerAPI(t *testing.T) {
	t.Parallel()
	w := newWidgetWorld(t, Config{})
	server := func(secret string) *client {
		cl := newClient(t, w.s)
		cl.header = map[string]string{}
		if secret != "" {
			cl.header["Authorization"] = "Bearer " + secret
		}
		return cl
	}
	offer := map[string]any{"product_type": "personal_loan", "name": "12-Month Financing", "currency": "USD", "regions": []string{"US"},
		"rate": "0", "terms_months": []int{12}, "amount_min": "100", "amount_max": "5000", "point_of_sale": true, "description": "Zero interest for a year."}

	for name, secret := range map[string]string{"anonymous": "", "publishable key": w.a.PublishableKey, "unknown secret": "sk_" + strings.Repeat("x", 64)} {
		for _, r := range []struct{ method, path string }{{"PUT", "/api/v1/partner/offers/a-12"}, {"DELETE", "/api/v1/partner/offers/us-24"}, {"GET", "/api/v1/partner/stats"}} {
			if rec := server(secret).do(r.method, r.path, offer); rec.Code != 401 {
				t.Errorf("%s %s as %s: %d, want 401", r.method, r.path, name, rec.Code)
			}
		}
	}
	// A consumer's cookie is not a partner.
	consumer := newClient(t, w.s)
	signUp(t, consumer, "not-a-partner@example.com")
	if rec := consumer.do("GET", "/api/v1/partner/stats", nil); rec.Code != 401 {
		t.Errorf("a consumer's stats: %d, want 401", rec.Code)
	}

	a := server(w.a.SecretKey)
	var got struct {
		Offer struct {
			ExternalID  string `json:"external_id"`
			Partner     struct{ ID int64 }
			PointOfSale bool   `json:"point_of_sale"`
			Rate        string `json:"rate"`
		}
	}
	decode(t, a.do("PUT", "/api/v1/partner/offers/a-12", offer), 201, &got)
	if got.Offer.ExternalID != "a-12" || got.Offer.Partner.ID != w.a.PartnerID || !got.Offer.PointOfSale {
		t.Errorf("created = %+v", got.Offer)
	}
	offer["rate"] = "4.99"
	decode(t, a.do("PUT", "/api/v1/partner/offers/a-12", offer), 200, &got)
	if got.Offer.Rate != "4.99" {
		t.Errorf("replaced rate = %s", got.Offer.Rate)
	}
	if n := w.synced.Load(); n != 2 {
		t.Errorf("passages synced %d times, want after each change", n)
	}
	// The new plan is in the financing message at once.
	var f financingJSON
	decode(t, w.shopper(t, shopA, "192.0.2.50").do("GET", "/api/v1/widget/financing?key="+w.a.PublishableKey+"&amount=1000.00&currency=USD", nil), 200, &f)
	if len(f.Plans) != 3 {
		t.Errorf("plans after the PUT = %d, want 3", len(f.Plans))
	}

	for _, tt := range []struct {
		name  string
		path  string
		edit  func(map[string]any)
		field string
	}{
		{"no rate", "/api/v1/partner/offers/a-13", func(o map[string]any) { delete(o, "rate") }, "rate"},
		{"bad product", "/api/v1/partner/offers/a-13", func(o map[string]any) { o["product_type"] = "boat" }, "product_type"},
		{"external id differs", "/api/v1/partner/offers/a-13", func(o map[string]any) { o["external_id"] = "other" }, "external_id"},
		{"another partner named", "/api/v1/partner/offers/a-13", func(o map[string]any) { o["partner"] = "Shop B" }, "partner"},
		{"another kind", "/api/v1/partner/offers/a-13", func(o map[string]any) { o["partner_kind"] = "insurer" }, "partner_kind"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			body := map[string]any{}
			for k, v := range offer {
				body[k] = v
			}
			tt.edit(body)
			rec := a.do("PUT", tt.path, body)
			if rec.Code != 400 || errorOf(t, rec).Field != tt.field {
				t.Errorf("%d %s, want 400 on %s", rec.Code, rec.Body, tt.field)
			}
		})
	}
	if rec := a.do("PUT", "/api/v1/partner/offers/a-13", "[1,2]"); rec.Code != 400 {
		t.Errorf("an array body: %d, want 400", rec.Code)
	}

	// B cannot touch A's offers: its DELETE finds nothing.
	b := server(w.b.SecretKey)
	if rec := b.do("DELETE", "/api/v1/partner/offers/a-12", nil); rec.Code != 404 {
		t.Errorf("B deleting A's offer: %d, want 404", rec.Code)
	}
	decode(t, a.do("DELETE", "/api/v1/partner/offers/a-12", nil), 204, nil)
	if rec := a.do("DELETE", "/api/v1/partner/offers/a-12", nil); rec.Code != 404 {
		t.Errorf("deleting twice: %d, want 404", rec.Code)
	}

	// Stats are the partner's own.
	sess := session(t, w.shopper(t, shopA, "192.0.2.51"), map[string]any{"publishable_key": w.a.PublishableKey}, 200)
	decode(t, w.as(t, sess.Token).do("POST", convPath(sess.ConversationID)+"/handoff", map[string]string{"reason": "a person please"}), 200, nil)
	var sa, sb partnerStatsJSON
	decode(t, a.do("GET", "/api/v1/partner/stats", nil), 200, &sa)
	decode(t, b.do("GET", "/api/v1/partner/stats", nil), 200, &sb)
	if sa.Conversations != 1 || sa.Handoffs != 1 || sa.Financing.Impressions != 1 || sa.PartnerID != w.a.PartnerID {
		t.Errorf("A's stats = %+v", sa)
	}
	if sb.Conversations != 0 || sb.Handoffs != 0 || sb.Financing.Impressions != 0 {
		t.Errorf("B's stats = %+v, want nothing of A's", sb)
	}
}

func TestWidgetPage(t *testing.T) {
	t.Parallel()
	if _, err := fs.Stat(staticFiles, "static/templates/widget.html"); err != nil {
		t.Skip("the widget page's template (front end) is not in this build")
	}
	w := newWidgetWorld(t, Config{})
	rec := newClient(t, w.s).do("GET", "/widget?key="+w.a.PublishableKey, nil)
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	csp := rec.Header().Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors "+shopA+";") || strings.Contains(csp, "frame-ancestors 'none'") || rec.Header().Get("X-Frame-Options") != "" {
		t.Errorf("headers: CSP %q, X-Frame-Options %q; want frame-ancestors %s only", csp, rec.Header().Get("X-Frame-Options"), shopA)
	}
	if strings.Contains(rec.Body.String(), "token") && strings.Contains(rec.Body.String(), "eyJ") {
		t.Error("the page carries a token")
	}
	if rec := newClient(t, w.s).do("GET", "/widget?key=pk_nosuchkeyatall", nil); rec.Code != 404 || !strings.Contains(rec.Header().Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Errorf("unknown key: %d, CSP %q; want a 404 nobody can frame", rec.Code, rec.Header().Get("Content-Security-Policy"))
	}
}

func TestEmbedScriptServing(t *testing.T) {
	t.Parallel()
	if _, err := fs.Stat(staticFiles, "static/embed.js"); err != nil {
		t.Skip("the loader (front end) is not in this build")
	}
	w := newWidgetWorld(t, Config{})
	cl := newClient(t, w.s)
	rec := cl.do("GET", "/embed.js", nil)
	if rec.Code != 200 || rec.Header().Get("Access-Control-Allow-Origin") != "*" || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/javascript") {
		t.Fatalf("GET /embed.js: %d %v", rec.Code, rec.Header())
	}
	cl.header["If-None-Match"] = rec.Header().Get("ETag")
	if rec := cl.do("GET", "/embed.js", nil); rec.Code != http.StatusNotModified {
		t.Errorf("with its ETag: %d, want 304", rec.Code)
	}
}

func TestPartnerStatsPeriod(t *testing.T) {
	t.Parallel()
	w := newWidgetWorld(t, Config{})
	ctx := context.Background()
	a := newClient(t, w.s)
	a.header = map[string]string{"Authorization": "Bearer " + w.a.SecretKey}
	page := w.shopper(t, shopA, "192.0.2.60")
	// Two conversations, one handed off, and two shown financing messages, one clicked; then
	// the first conversation, its handoff and the first message are moved ten days back.
	old := session(t, page, map[string]any{"publishable_key": w.a.PublishableKey}, 200)
	decode(t, w.as(t, old.Token).do("POST", convPath(old.ConversationID)+"/handoff", map[string]string{"reason": "a person please"}), 200, nil)
	session(t, w.shopper(t, shopA, "192.0.2.61"), map[string]any{"publishable_key": w.a.PublishableKey}, 200)
	var f1, f2 financingJSON
	q := "/api/v1/widget/financing?key=" + w.a.PublishableKey + "&amount=500.00&currency=USD"
	decode(t, page.do("GET", q, nil), 200, &f1)
	decode(t, page.do("GET", q, nil), 200, &f2)
	if err := w.store.ClickImpression(ctx, w.a.PartnerID, f1.ImpressionID); err != nil {
		t.Fatal(err)
	}
	tenDays := time.Now().Add(-10 * 24 * time.Hour)
	for _, q := range []string{
		`UPDATE conversations SET created_at = $2 WHERE id = $1`,
		`UPDATE conversation_transitions SET created_at = $2 WHERE conversation_id = $1`,
	} {
		if _, err := w.s.pool.Exec(ctx, q, old.ConversationID, tenDays); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.s.pool.Exec(ctx, `UPDATE financing_impressions SET created_at = $2, clicked_at = $2 WHERE id = $1`, f1.ImpressionID, tenDays); err != nil {
		t.Fatal(err)
	}

	type counts struct{ conversations, handoffs, impressions, clicks int64 }
	got := func(query string) (partnerStatsJSON, counts) {
		t.Helper()
		var st partnerStatsJSON
		decode(t, a.do("GET", "/api/v1/partner/stats"+query, nil), 200, &st)
		return st, counts{st.Conversations, st.Handoffs, st.Financing.Impressions, st.Financing.Clicks}
	}
	day := func(d time.Time) string { return d.UTC().Format(time.DateOnly) }
	for _, tt := range []struct {
		query string
		want  counts
	}{
		{"", counts{2, 1, 2, 1}},
		{"?window=24h", counts{1, 0, 1, 0}},
		{"?window=7d", counts{1, 0, 1, 0}},
		{"?window=30d", counts{2, 1, 2, 1}},
		{"?to=" + day(tenDays.Add(24*time.Hour)), counts{1, 1, 1, 1}},
		{"?from=" + day(tenDays) + "&to=" + day(tenDays.Add(24*time.Hour)), counts{1, 1, 1, 1}},
		{"?from=" + time.Now().Add(-time.Hour).UTC().Format(time.RFC3339), counts{1, 0, 1, 0}},
	} {
		st, c := got(tt.query)
		if c != tt.want {
			t.Errorf("stats%s = %+v, want %+v", tt.query, c, tt.want)
		}
		if tt.query == "?window=7d" && (st.Window != "7d" || st.From == nil || st.To == nil || st.To.Sub(*st.From) != 7*24*time.Hour) {
			t.Errorf("stats?window=7d says window %q from %v to %v", st.Window, st.From, st.To)
		}
		if tt.query == "" && (st.Window != "" || st.From != nil || st.To != nil) {
			t.Errorf("all-time stats name a period: %+v", st)
		}
	}
	for _, tt := range []struct{ query, field string }{
		{"?window=1y", "window"},
		{"?window=7d&from=2026-01-01", "window"},
		{"?from=yesterday", "from"},
		{"?to=2026-13-01", "to"},
		{"?from=2026-02-01&to=2026-01-01", "to"},
		{"?from=2026-01-01&to=2026-01-01", "to"},
	} {
		rec := a.do("GET", "/api/v1/partner/stats"+tt.query, nil)
		if rec.Code != 400 || errorOf(t, rec).Field != tt.field {
			t.Errorf("stats%s: %d %s, want 400 on %s", tt.query, rec.Code, rec.Body, tt.field)
		}
	}
}

func TestPartnerAPIRateLimit(t *testing.T) {
	t.Parallel()
	w := newWidgetWorld(t, Config{Widget: WidgetSettings{PartnerRequestsPerMinute: 3}})
	server := func(secret string) *client {
		cl := newClient(t, w.s)
		cl.header = map[string]string{"Authorization": "Bearer " + secret}
		return cl
	}
	a := server(w.a.SecretKey)
	decode(t, a.do("GET", "/api/v1/partner/stats", nil), 200, nil)
	decode(t, a.do("DELETE", "/api/v1/partner/offers/us-24", nil), 204, nil)
	// A rotated key is the same partner: it shares the allowance.
	rotated, err := w.store.RotateSecret(context.Background(), "Shop A")
	if err != nil {
		t.Fatal(err)
	}
	decode(t, server(rotated.SecretKey).do("GET", "/api/v1/partner/stats", nil), 200, nil)
	for _, cl := range []*client{a, server(rotated.SecretKey)} {
		rec := cl.do("PUT", "/api/v1/partner/offers/a-12", map[string]any{})
		if rec.Code != 429 {
			t.Fatalf("a fourth request in a minute: %d %s, want 429", rec.Code, rec.Body)
		}
		if secs, err := strconv.Atoi(rec.Header().Get("Retry-After")); err != nil || secs < 1 || secs > 60 {
			t.Errorf("Retry-After %q, want 1–60 seconds", rec.Header().Get("Retry-After"))
		}
		if e := errorOf(t, rec); e.Code != "rate_limited" || !strings.Contains(e.Message, "Try again") {
			t.Errorf("error %+v, want rate_limited saying when to try again", e)
		}
	}
	// Another partner has its own allowance, and a wrong key is still a 401, not a 429.
	decode(t, server(w.b.SecretKey).do("GET", "/api/v1/partner/stats", nil), 200, nil)
	if rec := server("sk_"+strings.Repeat("x", 64)).do("GET", "/api/v1/partner/stats", nil); rec.Code != 401 {
		t.Errorf("an unknown key: %d, want 401", rec.Code)
	}
}

// tamper returns tok with one character of its signature changed. The change is in the
// middle: the last character of an HMAC-SHA256 signature in base64url carries bits a decoder
// ignores, so overwriting the end ("…AA") left about one token in a thousand valid.
func tamper(tok string) string {
	i := len(tok) - 20
	c := byte('A')
	if tok[i] == c {
		c = 'B'
	}
	return tok[:i] + string(c) + tok[i+1:]
}
