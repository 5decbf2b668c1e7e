package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

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
	if s.deps.Offers == nil {
		return
	}
	g := s.echo.Group("/api/v1/partner", s.requirePartner)
	g.PUT("/offers/:external_id", s.putPartnerOffer)
	g.DELETE("/offers/:external_id", s.deletePartnerOffer)
	if s.deps.Assistant != nil {
		g.GET("/stats", s.partnerStats)
	}
}

// requirePartner authenticates the partner API by secret key: missing or unknown is a 401.
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
	PartnerID     int64  `json:"partner_id"`
	Conversations int64  `json:"conversations"`
	Handoffs      int64  `json:"handoffs"`
	Ratings       int64  `json:"ratings"`
	AverageRating string `json:"average_rating,omitempty"`
	Financing     struct {
		Impressions int64 `json:"impressions"`
		Clicks      int64 `json:"clicks"`
	} `json:"financing"`
}

// partnerStats answers the partner's own numbers, all time.
func (s *Server) partnerStats(c echo.Context) error {
	m := currentPartner(c)
	ctx := c.Request().Context()
	st, err := s.deps.Assistant.Store.PartnerStats(ctx, m.ID)
	if err != nil {
		return err
	}
	out := partnerStatsJSON{PartnerID: m.ID, Conversations: st.Conversations, Handoffs: st.Handoffs, Ratings: st.Ratings, AverageRating: st.AverageRating}
	if out.Financing.Impressions, out.Financing.Clicks, err = s.deps.Offers.FinancingStats(ctx, m.ID); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}
