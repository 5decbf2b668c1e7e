package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/shopspring/decimal"

	"ratewise"
	"ratewise/offers"
)

// offerRoutes are the calculator and catalogue endpoints (no auth; /compare uses
// the session when a holding_id is given or no profile is sent).
func (s *Server) offerRoutes() {
	if s.deps.Offers == nil {
		return
	}
	s.echo.POST("/api/v1/calc/loan", s.calcLoan)
	s.echo.GET("/api/v1/offers", s.listOffers)
	s.echo.GET("/api/v1/offers/:id", s.getOffer)
	s.echo.POST("/api/v1/compare", s.compare)
}

// decimalFields are request fields that hold money or rates; a decoding error on them gets a
// message that says what to send.
var decimalFields = map[string]bool{"principal": true, "annual_rate": true, "upfront_fees": true}

func bindDecimals(c echo.Context, v any) error {
	err := bindJSON(c, v)
	if f := ratewise.ErrorField(err); err != nil && (decimalFields[f] || strings.HasPrefix(f, "holding.") || strings.HasPrefix(f, "profile.")) &&
		ratewise.ErrorCode(err) == ratewise.EINVALID {
		return ratewise.Invalid(f, "%s must be a number in a string, such as \"15000.00\" (got something else).", f)
	}
	return err
}

type calcLoanRequest struct {
	Principal   *offers.Money   `json:"principal"`
	AnnualRate  *offers.Percent `json:"annual_rate"`
	TermMonths  *int            `json:"term_months"`
	UpfrontFees *offers.Money   `json:"upfront_fees"`
}

// Validate applies the contract's rules: malformed or out-of-range values are EINVALID (400);
// fees that swallow the whole principal are checked later as EUNPROCESSABLE (422).
func (r *calcLoanRequest) Validate() error {
	switch {
	case r.Principal == nil:
		return ratewise.Invalid("principal", "principal is required.")
	case !r.Principal.IsPositive():
		return ratewise.Invalid("principal", "principal must be above zero.")
	case r.Principal.GreaterThan(decimal.NewFromInt(1_000_000_000)):
		return ratewise.Invalid("principal", "principal is implausibly large (the limit is 1,000,000,000).")
	case r.AnnualRate == nil:
		return ratewise.Invalid("annual_rate", "annual_rate is required (percent, e.g. \"9.90\").")
	case r.AnnualRate.IsNegative():
		return ratewise.Invalid("annual_rate", "annual_rate must not be negative.")
	case r.AnnualRate.GreaterThanOrEqual(decimal.NewFromInt(100)):
		return ratewise.Invalid("annual_rate", "annual_rate is a percentage per year and must be below 100.")
	case r.TermMonths == nil:
		return ratewise.Invalid("term_months", "term_months is required.")
	case *r.TermMonths <= 0 || *r.TermMonths > 600:
		return ratewise.Invalid("term_months", "term_months must be between 1 and 600.")
	case r.UpfrontFees != nil && r.UpfrontFees.IsNegative():
		return ratewise.Invalid("upfront_fees", "upfront_fees must not be negative.")
	}
	return nil
}

type calcLoanResponse struct {
	MonthlyPayment offers.Money   `json:"monthly_payment"`
	LastPayment    offers.Money   `json:"last_payment"`
	TotalInterest  offers.Money   `json:"total_interest"`
	TotalPaid      offers.Money   `json:"total_paid"`
	APR            offers.Percent `json:"apr"`
	APRC           offers.Percent `json:"aprc"`
	TermMonths     int            `json:"term_months"`
}

func (s *Server) calcLoan(c echo.Context) error {
	var req calcLoanRequest
	if err := bindDecimals(c, &req); err != nil {
		return err
	}
	if err := req.Validate(); err != nil {
		return err
	}
	fees := decimal.Zero
	if req.UpfrontFees != nil {
		fees = req.UpfrontFees.Decimal
	}
	if fees.GreaterThanOrEqual(req.Principal.Decimal) {
		return ratewise.Unprocessable("upfront_fees", "The fees (%s) are as large as the principal (%s), so nothing would be lent.", offers.String2(fees), req.Principal)
	}
	lc, err := offers.CostOfLoan(req.Principal.Decimal, req.AnnualRate.Decimal, fees, *req.TermMonths)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, calcLoanResponse{
		MonthlyPayment: offers.NewMoney(lc.MonthlyPayment), LastPayment: offers.NewMoney(lc.LastPayment),
		TotalInterest: offers.NewMoney(lc.TotalInterest), TotalPaid: offers.NewMoney(lc.TotalPaid),
		APR: offers.NewPercent(lc.APR), APRC: offers.NewPercent(lc.APRC), TermMonths: lc.Months,
	})
}

func (s *Server) listOffers(c echo.Context) error {
	q := c.QueryParams()
	active := true
	f := offers.OfferFilter{Query: q.Get("q"), Active: &active}
	if v := q.Get("product_type"); v != "" {
		pt, err := offers.ParseProductType(v)
		if err != nil {
			return err
		}
		f.ProductType = pt
	}
	if v := strings.TrimSpace(q.Get("region")); v != "" {
		r, err := offers.ParseRegion(v)
		if err != nil {
			return err
		}
		f.Region = r
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > offers.MaxOfferLimit {
			return ratewise.Invalid("limit", "limit must be a whole number from 1 to %d.", offers.MaxOfferLimit)
		}
		f.Limit = n
	}
	if v := q.Get("partner_id"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			return ratewise.Invalid("partner_id", "partner_id must be a positive whole number.")
		}
		f.PartnerID = n
	}
	if len(f.Query) > 200 {
		return ratewise.Invalid("q", "q is too long (at most 200 characters).")
	}
	list, err := s.deps.Offers.Offers(c.Request().Context(), f)
	if err != nil {
		return err
	}
	if list == nil {
		list = []offers.Offer{}
	}
	return c.JSON(http.StatusOK, map[string]any{"offers": list})
}

func (s *Server) getOffer(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		return ratewise.Invalid("id", "The offer id must be a positive whole number.")
	}
	o, err := s.deps.Offers.Offer(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, o)
}

type compareRequest struct {
	Holding   *offers.Holding `json:"holding"`
	HoldingID *int64          `json:"holding_id"`
	Profile   *offers.Profile `json:"profile"`
	OfferIDs  []int64         `json:"offer_ids"`
	Limit     *int            `json:"limit"`
}

func (r *compareRequest) Validate() error {
	switch {
	case r.Holding == nil && r.HoldingID == nil:
		return ratewise.Invalid("holding", "Send the holding to compare, or its holding_id.")
	case r.Holding != nil && r.HoldingID != nil:
		return ratewise.Invalid("holding_id", "Send either holding or holding_id, not both.")
	case r.HoldingID != nil && *r.HoldingID < 1:
		return ratewise.Invalid("holding_id", "holding_id must be a positive whole number.")
	case r.Limit != nil && (*r.Limit < 1 || *r.Limit > 100):
		return ratewise.Invalid("limit", "limit must be from 1 to 100.")
	case len(r.OfferIDs) > 50:
		return ratewise.Invalid("offer_ids", "Compare at most 50 offers at a time.")
	}
	for _, id := range r.OfferIDs {
		if id < 1 {
			return ratewise.Invalid("offer_ids", "offer_ids must be positive whole numbers.")
		}
	}
	if r.Holding != nil {
		if err := r.Holding.Validate(); err != nil {
			return prefixField("holding.", err)
		}
	}
	if r.Profile != nil {
		if err := r.Profile.Validate(); err != nil {
			return prefixField("profile.", err)
		}
	}
	return nil
}

// prefixField names a nested field ("holding.balance") in a domain validation error.
func prefixField(prefix string, err error) error {
	var e *ratewise.Error
	if errors.As(err, &e) && e.Field != "" {
		c := *e
		c.Field = prefix + e.Field
		return &c
	}
	return err
}

func (s *Server) compare(c echo.Context) error {
	var req compareRequest
	if err := bindDecimals(c, &req); err != nil {
		return err
	}
	if err := req.Validate(); err != nil {
		return err
	}
	ctx := c.Request().Context()
	userID, signedIn := currentUserID(c)
	var h offers.Holding
	if req.HoldingID != nil {
		if !signedIn {
			return ratewise.Errorf(ratewise.EUNAUTHENTICATED, "Sign in to compare a saved holding.")
		}
		var err error
		if h, err = s.deps.Offers.Holding(ctx, userID, *req.HoldingID); err != nil {
			return err
		}
	} else {
		h = *req.Holding
	}
	// Where the consumer is decides the candidates' region and currency (offers.HoldingRegion):
	// the profile sent, else the saved one, else the saved region alone, else the US — the
	// assistant places them by the same saved profile (offers.Store.ComparisonProfile).
	p, savedRegion := req.Profile, ""
	if p == nil && signedIn {
		var err error
		if p, savedRegion, err = s.deps.Offers.ComparisonProfile(ctx, userID); err != nil {
			return err
		}
	}
	limit := 0
	if req.Limit != nil {
		limit = *req.Limit
	}
	cmp, err := s.deps.Offers.CompareHoldingIn(ctx, h, p, savedRegion, req.OfferIDs, limit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, cmp)
}
