package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"ratewise"
	"ratewise/offers"
)

// The partner API (tag "partner" in web/openapi.json): a merchant's server, with its secret
// key as `Authorization: Bearer sk_…`, keeps its offers and reads its statistics. It reaches
// only that partner's own offers and numbers.

// partnerKey is where requirePartner leaves the calling partner.
const partnerKey = "ratewise.partner"

func (s *Server) partnerRoutes() {
	// Without the database there is no catalogue to keep, nor a place to count requests.
	if s.deps.Offers == nil || s.sessions == nil {
		return
	}
	g := s.echo.Group("/api/v1/partner", s.requirePartner)
	g.PUT("/offers/:external_id", s.putPartnerOffer)
	g.DELETE("/offers/:external_id", s.deletePartnerOffer)
	if s.deps.Assistant != nil {
		g.GET("/stats", s.partnerStats)
	}
}

// partnerAPIWindow is the window of the partner API's per-partner limit.
const partnerAPIWindow = time.Minute

// requirePartner authenticates the partner API by secret key (missing or unknown is a 401)
// and holds each partner to its requests a minute (429 with Retry-After).
func (s *Server) requirePartner(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		token := bearer(c)
		if !strings.HasPrefix(token, "sk_") {
			return ratewise.Errorf(ratewise.EUNAUTHENTICATED, "The partner API needs your secret key: Authorization: Bearer sk_….")
		}
		m, err := s.deps.Offers.MerchantBySecret(c.Request().Context(), token)
		if ratewise.ErrorCode(err) == ratewise.ENOTFOUND {
			return ratewise.Errorf(ratewise.EUNAUTHENTICATED, "This secret key is not valid (or was rotated more than 24 hours ago).")
		}
		if err != nil {
			return err
		}
		// Counted per partner, so a rotation's two working keys share one allowance.
		secs, err := s.sessions.take(c.Request().Context(), partnerAPIWindow,
			counter{"partner-api:" + strconv.FormatInt(m.ID, 10), s.cfg.Widget.PartnerRequestsPerMinute})
		if err != nil {
			return err
		}
		if secs > 0 {
			return &RetryAfter{Seconds: secs, Err: ratewise.Errorf(ratewise.ERATELIMITED,
				"This partner is over its %d partner API requests a minute. Try again in %s.", s.cfg.Widget.PartnerRequestsPerMinute, inWords(secs))}
		}
		c.Set(partnerKey, m)
		return next(c)
	}
}

func currentPartner(c echo.Context) offers.Merchant {
	m, _ := c.Get(partnerKey).(offers.Merchant)
	return m
}

// putPartnerOffer creates or replaces one of the partner's offers, validated exactly as a row
// of `ratewise offers import` (the same fields), and refreshes its search passage before
// answering: 201 when new, 200 when replaced.
func (s *Server) putPartnerOffer(c echo.Context) error {
	m := currentPartner(c)
	ctx := c.Request().Context()
	externalID := strings.TrimSpace(c.Param("external_id"))
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return jsonError(err)
	}
	var row map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&row); err != nil || row == nil {
		return ratewise.Invalid("", "Send the offer as one JSON object with the fields of `ratewise offers import`.")
	}
	if v, ok := row["external_id"]; ok && v != externalID {
		return ratewise.Invalid("external_id", "external_id in the body (%v) differs from the one in the path (%s).", v, externalID)
	}
	row["external_id"] = externalID
	if v, ok := row["partner_kind"]; ok && v != string(m.Kind) {
		return ratewise.Invalid("partner_kind", "This partner is a %s.", m.Kind)
	}
	row["partner_kind"] = string(m.Kind)
	file, err := json.Marshal([]any{row})
	if err != nil {
		return err
	}
	rows, err := offers.ParseImport(bytes.NewReader(file), "json", m.Name)
	if err != nil {
		return importError(err)
	}
	res, err := s.deps.Offers.ImportRows(ctx, rows, offers.ImportOptions{Partner: m.Name})
	if err != nil {
		return importError(err)
	}
	if err := s.syncOfferPassages(ctx); err != nil {
		return err
	}
	o, err := s.deps.Offers.OfferByExternalID(ctx, m.ID, externalID)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if res.Created > 0 {
		status = http.StatusCreated
	}
	return c.JSON(status, map[string]any{"offer": o})
}

// importError turns an import's problems into one 400 naming the first field, with every
// problem in the message.
func importError(err error) error {
	var ie offers.ImportErrors
	if !errors.As(err, &ie) || len(ie) == 0 {
		return err
	}
	msgs := make([]string, len(ie))
	for i, e := range ie {
		msgs[i] = e.Field + ": " + e.Message
		if e.Field == "" {
			msgs[i] = e.Message
		}
	}
	return ratewise.Invalid(ie[0].Field, "%s", strings.Join(msgs, "; "))
}

// deletePartnerOffer removes one of the partner's offers and its search passage.
func (s *Server) deletePartnerOffer(c echo.Context) error {
	m := currentPartner(c)
	ctx := c.Request().Context()
	if err := s.deps.Offers.DeleteOffer(ctx, m.ID, c.Param("external_id")); err != nil {
		return err
	}
	if err := s.syncOfferPassages(ctx); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// syncOfferPassages brings the search index's offer passages in step with the catalogue now,
// so the assistant finds a changed offer at once rather than at the next periodic refresh.
func (s *Server) syncOfferPassages(ctx context.Context) error {
	if s.deps.SyncOfferPassages == nil {
		return nil
	}
	if err := s.deps.SyncOfferPassages(ctx); err != nil {
		// The offer is saved; the periodic refresher will index it. Say so rather than fail.
		s.log.WarnContext(ctx, "offer passages not synced after a partner API change", "err", err)
	}
	return nil
}

type partnerStatsJSON struct {
	PartnerID int64 `json:"partner_id"`
	// Window, From and To say which period the numbers count (all absent: all time).
	Window        string     `json:"window,omitempty"`
	From          *time.Time `json:"from,omitempty"`
	To            *time.Time `json:"to,omitempty"`
	Conversations int64      `json:"conversations"`
	Handoffs      int64      `json:"handoffs"`
	Ratings       int64      `json:"ratings"`
	AverageRating string     `json:"average_rating,omitempty"`
	Financing     struct {
		Impressions int64 `json:"impressions"`
		Clicks      int64 `json:"clicks"`
	} `json:"financing"`
}

// statsWindows are the periods ?window= names, ending now (the console's metrics use the same).
var statsWindows = map[string]time.Duration{"24h": 24 * time.Hour, "7d": 7 * 24 * time.Hour, "30d": 30 * 24 * time.Hour}

// statsTime reads a period's end: an RFC 3339 time, or a date (midnight UTC).
func statsTime(c echo.Context, name string) (time.Time, error) {
	v := strings.TrimSpace(c.QueryParam(name))
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	return time.Time{}, ratewise.Invalid(name, "%s is an RFC 3339 time (2026-11-01T00:00:00Z) or a date (2026-11-01).", name)
}

// partnerStats answers the partner's own numbers: all time, or in a period, either
// ?window=24h|7d|30d (ending now) or ?from=&to= (from inclusive, to exclusive; either may be
// left out).
func (s *Server) partnerStats(c echo.Context) error {
	m := currentPartner(c)
	ctx := c.Request().Context()
	out := partnerStatsJSON{PartnerID: m.ID}
	from, err := statsTime(c, "from")
	if err != nil {
		return err
	}
	to, err := statsTime(c, "to")
	if err != nil {
		return err
	}
	if w := c.QueryParam("window"); w != "" {
		d, ok := statsWindows[w]
		switch {
		case !ok:
			return ratewise.Invalid("window", "window is 24h, 7d or 30d.")
		case !from.IsZero() || !to.IsZero():
			return ratewise.Invalid("window", "Give either window or from/to, not both.")
		}
		// The window ends now: the query leaves that end open, so nothing of this very
		// moment falls out, and the answer says when now was.
		now := time.Now().UTC().Truncate(time.Second)
		out.Window, out.To, from = w, &now, now.Add(-d)
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		return ratewise.Invalid("to", "to must be after from.")
	}
	if !from.IsZero() {
		out.From = &from
	}
	if !to.IsZero() {
		out.To = &to
	}
	st, err := s.deps.Assistant.Store.PartnerStats(ctx, m.ID, from, to)
	if err != nil {
		return err
	}
	out.Conversations, out.Handoffs, out.Ratings, out.AverageRating = st.Conversations, st.Handoffs, st.Ratings, st.AverageRating
	if out.Financing.Impressions, out.Financing.Clicks, err = s.deps.Offers.FinancingStats(ctx, m.ID, from, to); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}
