package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"ratewise"
	"ratewise/offers"
)

// The consumer's holdings (tag "holdings" in web/openapi.json). A holding belongs to the signed-in user; any
// other id, someone else's included, is a 404.

func (s *Server) holdingRoutes() {
	if s.deps.Offers == nil {
		return
	}
	g := s.echo.Group("/api/v1/holdings", requireUser)
	g.GET("", s.listHoldings)
	g.POST("", s.createHolding)
	g.PATCH("/:id", s.updateHolding)
	g.DELETE("/:id", s.deleteHolding)
}

// holdingID reads the :id parameter; anything that is not a positive number names no holding.
func holdingID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, ratewise.NotFound("holding")
	}
	return id, nil
}

// holdingList is one page of a consumer's holdings, oldest first (Config.HoldingsPage by
// default; the next with ?after=next_after), with the currency they are in and the locale
// to write them in: the consumer's region's (offers.HoldingRegion of the saved profile), as
// every comparison of them is.
type holdingList struct {
	Holdings  []offers.Holding `json:"holdings"`
	Currency  string           `json:"currency"`
	Locale    string           `json:"locale"`
	More      bool             `json:"more"`
	NextAfter int64            `json:"next_after,omitempty"`
}

func (s *Server) listHoldings(c echo.Context) error {
	ctx := c.Request().Context()
	uid, _ := currentUserID(c)
	after, err := queryInt(c, "after")
	if err != nil {
		return err
	}
	limit := s.cfg.HoldingsPage
	if v := c.QueryParam("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > s.cfg.HoldingsPage {
			return ratewise.Invalid("limit", "limit must be a whole number from 1 to %d.", s.cfg.HoldingsPage)
		}
		limit = n
	}
	hs, more, err := s.deps.Offers.HoldingPage(ctx, uid, after, limit)
	if err != nil {
		return err
	}
	if hs == nil {
		hs = []offers.Holding{}
	}
	p, saved, err := s.deps.Offers.ComparisonProfile(ctx, uid)
	if err != nil {
		return err
	}
	region := offers.HoldingRegion(p, saved)
	out := holdingList{Holdings: hs, Currency: offers.RegionCurrency(region), Locale: offers.RegionLocale(region), More: more}
	if more {
		out.NextAfter = hs[len(hs)-1].ID
	}
	return c.JSON(http.StatusOK, out)
}

// holdingRequest is a holding as a consumer sends it: only what they may set. The id, the
// owner and the times are the server's, so they have no field here to be decoded into.
type holdingRequest struct {
	Kind              offers.HoldingKind `json:"kind"`
	ProductType       offers.ProductType `json:"product_type"`
	Provider          string             `json:"provider"`
	Balance           offers.Money       `json:"balance"`
	APR               offers.Percent     `json:"apr"`
	RemainingMonths   int                `json:"remaining_months"`
	MonthlyPayment    *offers.Money      `json:"monthly_payment"`
	PrepaymentPenalty *offers.Money      `json:"prepayment_penalty"`
	Premium           *offers.Money      `json:"premium"`
	PremiumFrequency  string             `json:"premium_frequency"`
	CoverageLimit     *offers.Money      `json:"coverage_limit"`
	Deductible        *offers.Money      `json:"deductible"`
	RenewalDate       *offers.Date       `json:"renewal_date"`
}

func (r *holdingRequest) holding() offers.Holding {
	return offers.Holding{Kind: r.Kind, ProductType: r.ProductType, Provider: r.Provider, Balance: r.Balance, APR: r.APR,
		RemainingMonths: r.RemainingMonths, MonthlyPayment: r.MonthlyPayment, PrepaymentPenalty: r.PrepaymentPenalty,
		Premium: r.Premium, PremiumFrequency: r.PremiumFrequency, CoverageLimit: r.CoverageLimit, Deductible: r.Deductible,
		RenewalDate: r.RenewalDate}
}

// Validate applies the holding rules of offers (400 for a malformed value, 422 for a payment
// that cannot repay the loan).
func (r *holdingRequest) Validate() error {
	h := r.holding()
	return h.Validate()
}

func (s *Server) createHolding(c echo.Context) error {
	var req holdingRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if err := req.Validate(); err != nil {
		return err
	}
	uid, _ := currentUserID(c)
	out, err := s.deps.Offers.CreateHolding(c.Request().Context(), uid, req.holding())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]offers.Holding{"holding": out})
}

func (s *Server) updateHolding(c echo.Context) error {
	id, err := holdingID(c)
	if err != nil {
		return err
	}
	var u offers.HoldingUpdate
	if err := bindJSON(c, &u); err != nil {
		return err
	}
	uid, _ := currentUserID(c)
	out, err := s.deps.Offers.UpdateHolding(c.Request().Context(), uid, id, u)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]offers.Holding{"holding": out})
}

func (s *Server) deleteHolding(c echo.Context) error {
	id, err := holdingID(c)
	if err != nil {
		return err
	}
	uid, _ := currentUserID(c)
	if err := s.deps.Offers.DeleteHolding(c.Request().Context(), uid, id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
