package web

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/labstack/echo/v4"

	"ratewise"
	"ratewise/offers"
)

// Widget tokens: what the merchant widget's iframe sends as `Authorization: Bearer …` to the
// conversation routes. A token is an HS256 JWT signed with SESSION_SECRET that names one
// partner, one shopper account and one conversation; it is never put in a URL, lasts at most
// an hour, and the iframe swaps it for a fresh one (POST /api/v1/widget/session with the old
// one) while the chat is open. Nothing about it is stored: any instance with the secret
// verifies it.

// widgetAudience keeps widget tokens apart from any other JWT signed with the same secret.
const widgetAudience = "ratewise-widget"

// MaxWidgetTokenTTL is the longest a widget token may live.
const MaxWidgetTokenTTL = time.Hour

// widgetClaims are a widget token's claims: sub is the shopper account's id.
type widgetClaims struct {
	jwt.RegisteredClaims
	Partner      int64 `json:"pid"`
	Conversation int64 `json:"cid"`
	// Shopper is the merchant's id of an identified shopper; empty for an anonymous one.
	Shopper string `json:"shp,omitempty"`
}

// userID is the shopper account the token acts as.
func (w *widgetClaims) userID() int64 {
	id, _ := strconv.ParseInt(w.Subject, 10, 64)
	return id
}

// widgetKey is where the session middleware leaves a verified widget token's claims.
const widgetKey = "ratewise.widget"

// widgetSession returns the request's verified widget token, if it came with one.
func widgetSession(c echo.Context) *widgetClaims {
	w, _ := c.Get(widgetKey).(*widgetClaims)
	return w
}

// bearer returns the request's bearer token, if any.
func bearer(c echo.Context) string {
	h := c.Request().Header.Get(echo.HeaderAuthorization)
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}

// signWidgetToken issues a token for the shopper userID of partnerID in conversation.
func (s *Server) signWidgetToken(partnerID, userID, conversation int64, shopper string) (string, time.Time, error) {
	now := time.Now()
	exp := now.Add(s.cfg.Widget.TokenTTL).Truncate(time.Second)
	claims := widgetClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    "ratewise",
			Subject:   strconv.FormatInt(userID, 10),
			Audience:  jwt.ClaimStrings{widgetAudience},
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(exp),
		},
		Partner: partnerID, Conversation: conversation, Shopper: shopper,
	}
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(s.cfg.Widget.Secret)
	return token, exp, err
}

// verifyWidgetToken returns the claims of a valid, unexpired widget token.
func (s *Server) verifyWidgetToken(token string) (*widgetClaims, error) {
	claims := &widgetClaims{}
	_, err := jwt.ParseWithClaims(token, claims, func(*jwt.Token) (any, error) { return s.cfg.Widget.Secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}), jwt.WithAudience(widgetAudience),
		jwt.WithIssuer("ratewise"), jwt.WithExpirationRequired())
	if err != nil || claims.userID() <= 0 || claims.Partner <= 0 || claims.Conversation <= 0 {
		return nil, ratewise.Errorf(ratewise.EUNAUTHENTICATED, "The widget session has expired or is not valid; start a new one.")
	}
	return claims, nil
}

// MaxIdentityTTL is the longest a merchant's identity token may be valid for (exp − iat).
const MaxIdentityTTL = 10 * time.Minute

// identityLeeway absorbs clock skew between the merchant's server and ours.
const identityLeeway = 30 * time.Second

// identityClaims are what a merchant's identity token says about its shopper.
type identityClaims struct {
	jwt.RegisteredClaims
	Email string `json:"email,omitempty"`
	Name  string `json:"name,omitempty"`
}

// verifyIdentity checks a shopper identity token: an HS256 JWT the merchant's server signed
// with its secret key (any of its working keys, so a rotation loses no shopper), with sub,
// aud naming this partner (its id or its publishable key), iat, and exp at most
// MaxIdentityTTL after iat. Every failure is EFORBIDDEN with the reason, for the merchant's
// developer.
func (s *Server) verifyIdentity(ctx context.Context, m offers.Merchant, token string) (*identityClaims, error) {
	if len(token) > 4096 {
		return nil, ratewise.Errorf(ratewise.EFORBIDDEN, "The identity token is too long.")
	}
	digests, err := s.deps.Offers.SecretDigests(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	keys := jwt.VerificationKeySet{}
	for _, d := range digests {
		keys.Keys = append(keys.Keys, d)
	}
	claims := &identityClaims{}
	_, err = jwt.ParseWithClaims(token, claims, func(*jwt.Token) (any, error) { return keys, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}), jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(), jwt.WithLeeway(identityLeeway))
	forbid := func(format string, args ...any) (*identityClaims, error) {
		return nil, ratewise.Errorf(ratewise.EFORBIDDEN, format, args...)
	}
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return forbid("The identity token has expired; sign a new one for each session.")
	case errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrTokenUnverifiable):
		return forbid("The identity token's signature does not verify with this partner's secret key (HS256).")
	case errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return forbid("The identity token's iat is in the future.")
	case err != nil:
		return forbid("The identity token is not a valid HS256 JWT with sub, aud, iat and exp.")
	}
	if !audienceNames(claims.Audience, m) {
		return forbid("The identity token is for another partner (aud must be this partner's id or publishable key).")
	}
	if claims.IssuedAt == nil {
		return forbid("The identity token needs iat.")
	}
	if claims.ExpiresAt.Sub(claims.IssuedAt.Time) > MaxIdentityTTL {
		return forbid("The identity token is valid for longer than 10 minutes (exp − iat); sign short-lived tokens.")
	}
	if claims.Subject == "" || len(claims.Subject) > 200 || !cleanText(claims.Subject) {
		return forbid("The identity token needs sub, the shopper's id in your system (at most 200 characters).")
	}
	if len(claims.Name) > 200 {
		claims.Name = claims.Name[:200]
	}
	claims.Name = strings.ToValidUTF8(strings.ReplaceAll(claims.Name, "\x00", ""), "")
	return claims, nil
}

func audienceNames(aud jwt.ClaimStrings, m offers.Merchant) bool {
	for _, a := range aud {
		if a == m.PublishableKey || a == strconv.FormatInt(m.ID, 10) {
			return true
		}
	}
	return false
}
