package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"ratewise"
	"ratewise/db/dbtest"
	"ratewise/offers"
)

// Seeds for all three: below and in testdata/fuzz/<name>; `go test -run '^$' -fuzz <name>
// ./web/` runs one longer (docs/fuzzing.md).

// A reconnecting stream resumes from a number the client sent, or from the start: never from
// a number it did not send, never from below zero, and the header wins over the query.
func FuzzLastEventID(f *testing.F) {
	for _, s := range [][2]string{{"42", ""}, {"", "7"}, {"-1", "5"}, {"9223372036854775807", ""}, {"9223372036854775808", ""},
		{" 3", ""}, {"+3", ""}, {"0x10", ""}, {"3\x00", ""}, {"\xff", "2"}, {"١٢", ""}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, header, query string) {
		got := resumeFrom(header, query)
		src := header
		if src == "" {
			src = query
		}
		if got < 0 {
			t.Fatalf("resumeFrom(%q, %q) = %d", header, query, got)
		}
		if got > 0 {
			if n, err := strconv.ParseInt(src, 10, 64); err != nil || n != got {
				t.Fatalf("resumeFrom(%q, %q) = %d, a number the client did not send", header, query, got)
			}
		}
		// Whatever number a client holds comes back as itself.
		if n, err := strconv.ParseInt(src, 10, 64); err == nil && n >= 0 {
			if back := resumeFrom(strconv.FormatInt(n, 10), query); back != n {
				t.Fatalf("id %d resumes from %d", n, back)
			}
		}
	})
}

// fuzzSecret and otherSecret sign widget tokens in the fuzz tests.
var fuzzSecret, otherSecret = bytes.Repeat([]byte("k"), 32), bytes.Repeat([]byte("o"), 32)

func widgetServer(secret []byte) *Server {
	return &Server{cfg: Config{Widget: WidgetSettings{Secret: secret, TokenTTL: MaxWidgetTokenTTL}}}
}

// jwtWith builds a token from a header and claims, signed by sign (nil: no signature).
func jwtWith(header, claims map[string]any, sign func(string) []byte) string {
	h, _ := json.Marshal(header)
	c, _ := json.Marshal(claims)
	enc := base64.RawURLEncoding
	head := enc.EncodeToString(h) + "." + enc.EncodeToString(c)
	if sign == nil {
		return head + "."
	}
	return head + "." + enc.EncodeToString(sign(head))
}

// A widget token verifies only as ours: signed with our secret, HS256, for the widget, by
// ratewise, unexpired, naming a shopper, a partner and a conversation. A token signed with
// another key, with alg none or another algorithm, or altered anywhere is refused, and every
// refusal is unauthenticated.
func FuzzWidgetToken(f *testing.F) {
	ours, other := widgetServer(fuzzSecret), widgetServer(otherSecret)
	good, _, err := ours.signWidgetToken(7, 42, 99, "shopper-1")
	if err != nil {
		f.Fatal(err)
	}
	claims := map[string]any{"iss": "ratewise", "sub": "42", "aud": []string{widgetAudience}, "exp": time.Now().Add(time.Hour).Unix(), "pid": 7, "cid": 99}
	hs := func(key []byte, m jwt.SigningMethod) func(string) []byte {
		return func(s string) []byte { b, _ := m.Sign(s, key); return b }
	}
	f.Add(good, 0)
	f.Add(jwtWith(map[string]any{"alg": "none", "typ": "JWT"}, claims, nil), 3)
	f.Add(jwtWith(map[string]any{"alg": "HS512", "typ": "JWT"}, claims, hs(fuzzSecret, jwt.SigningMethodHS512)), 5)
	f.Add(jwtWith(map[string]any{"alg": "HS256"}, map[string]any{"iss": "ratewise", "sub": "0", "aud": widgetAudience, "exp": 4102444800, "pid": 7, "cid": 99}, hs(fuzzSecret, jwt.SigningMethodHS256)), 1)
	f.Add("Bearer "+good, 10)
	f.Add("", 0)
	f.Add("a.b.c", 1)
	f.Fuzz(func(t *testing.T, token string, at int) {
		w, err := ours.verifyWidgetToken(token)
		if err != nil {
			if code := ratewise.ErrorCode(err); code != ratewise.EUNAUTHENTICATED {
				t.Fatalf("refused with %s: %v", code, err)
			}
		} else {
			if w.userID() <= 0 || w.Partner <= 0 || w.Conversation <= 0 || w.ExpiresAt == nil {
				t.Fatalf("accepted claims %+v", w)
			}
			if alg := headerAlg(token); alg != "HS256" {
				t.Fatalf("accepted a token with alg %q", alg)
			}
			if _, err := other.verifyWidgetToken(token); err == nil {
				t.Fatal("a token both keys accept")
			}
		}
		// A token we sign for claims from the input verifies to the same claims; the same
		// claims signed with another key do not, nor does it changed at any one character.
		// A shopper id is the sub of a verified identity token: always UTF-8.
		pid, uid, cid, shopper := int64(uint(at)%1000+1), int64(len(token)+1), int64(uint(at)%77+1), strings.ToValidUTF8(token, "")
		fresh, _, err := ours.signWidgetToken(pid, uid, cid, shopper)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ours.verifyWidgetToken(fresh)
		if err != nil || back.Partner != pid || back.userID() != uid || back.Conversation != cid || back.Shopper != shopper {
			t.Fatalf("our own token does not round-trip: %+v, %v", back, err)
		}
		if _, err := other.verifyWidgetToken(fresh); err == nil {
			t.Fatal("a token signed with another key verifies")
		}
		i := int(uint(at) % uint(len(fresh)))
		for _, c := range []byte("AQgw_-.") {
			if fresh[i] == c {
				continue
			}
			altered := fresh[:i] + string(c) + fresh[i+1:]
			if a, err := ours.verifyWidgetToken(altered); err == nil && !sameToken(altered, fresh) {
				t.Fatalf("token altered at %d (%q for %q) verifies: %+v", i, c, fresh[i], a)
			}
		}
	})
}

// headerAlg is the alg a token's header names.
func headerAlg(token string) string {
	head, _, _ := strings.Cut(token, ".")
	b, err := base64.RawURLEncoding.DecodeString(head)
	if err != nil {
		return ""
	}
	var h struct{ Alg string }
	_ = json.Unmarshal(b, &h)
	return h.Alg
}

// sameToken reports whether two tokens decode to the same bytes: base64's unused last bits
// may differ without changing what was signed.
func sameToken(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	if len(pa) != 3 || len(pb) != 3 {
		return false
	}
	for i := range pa {
		da, errA := base64.RawURLEncoding.DecodeString(pa[i])
		db, errB := base64.RawURLEncoding.DecodeString(pb[i])
		if errA != nil || errB != nil || !bytes.Equal(da, db) {
			return false
		}
	}
	return true
}

// A merchant's identity token verifies only when signed with that merchant's secret key,
// HS256, for that merchant, short-lived; every refusal is forbidden; what it accepts has a
// sub of at most 200 characters and a storable name.
func FuzzIdentityToken(f *testing.F) {
	store := offers.NewStore(dbtest.NewPool(f))
	ctx := context.Background()
	a, err := store.AddMerchant(ctx, "Fuzz Shop A", []string{"https://a.example"})
	if err != nil {
		f.Fatal(err)
	}
	b, err := store.AddMerchant(ctx, "Fuzz Shop B", []string{"https://b.example"})
	if err != nil {
		f.Fatal(err)
	}
	ma, err := store.Merchant(ctx, a.PartnerID)
	if err != nil {
		f.Fatal(err)
	}
	s := &Server{deps: Deps{Offers: store}}
	now := time.Now()
	claims := func(sub string) map[string]any {
		return map[string]any{"sub": sub, "aud": ma.PublishableKey, "iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(), "name": "Grace"}
	}
	hs := func(secret string) func(string) []byte {
		return func(s string) []byte { sig, _ := jwt.SigningMethodHS256.Sign(s, []byte(secret)); return sig }
	}
	head := map[string]any{"alg": "HS256", "typ": "JWT"}
	f.Add(jwtWith(head, claims("u1"), hs(a.SecretKey)), "u1")
	f.Add(jwtWith(head, claims("u1"), hs(b.SecretKey)), "u1")
	f.Add(jwtWith(map[string]any{"alg": "none"}, claims("u1"), nil), "u\x00")
	f.Add(jwtWith(head, claims(strings.Repeat("s", 201)), hs(a.SecretKey)), strings.Repeat("é", 150))
	f.Add("", "")
	f.Fuzz(func(t *testing.T, token, sub string) {
		got, err := s.verifyIdentity(ctx, ma, token)
		if err != nil {
			if code := ratewise.ErrorCode(err); code != ratewise.EFORBIDDEN {
				t.Fatalf("refused with %s: %v", code, err)
			}
		} else {
			if alg := headerAlg(token); alg != "HS256" {
				t.Fatalf("accepted a token with alg %q", alg)
			}
			if got.Subject == "" || len(got.Subject) > 200 || len(got.Name) > 200 || !cleanText(got.Name) {
				t.Fatalf("accepted claims sub %q name %q", got.Subject, got.Name)
			}
		}
		// Signed with this merchant's key, a usable sub verifies as itself; signed by the other
		// merchant, with its publishable key or with alg none, it is refused.
		if sub != "" && len(sub) <= 200 && cleanText(sub) {
			if got, err := s.verifyIdentity(ctx, ma, jwtWith(head, claims(sub), hs(a.SecretKey))); err != nil || got.Subject != sub {
				t.Fatalf("a good token for sub %q: %+v, %v", sub, got, err)
			}
		}
		for name, tok := range map[string]string{
			"the other merchant's key": jwtWith(head, claims(sub), hs(b.SecretKey)),
			"alg none":                 jwtWith(map[string]any{"alg": "none"}, claims(sub), nil),
			"the publishable key":      jwtWith(head, claims(sub), hs(ma.PublishableKey)),
		} {
			if _, err := s.verifyIdentity(ctx, ma, tok); err == nil {
				t.Fatalf("a token signed with %s verifies (sub %q)", name, sub)
			}
		}
	})
}
