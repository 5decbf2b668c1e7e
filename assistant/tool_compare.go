package assistant

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"ratewise"
	"ratewise/offers"
)

// compareArgs are compare's arguments: a saved holding's id, or the figures the user stated.
type compareArgs struct {
	HoldingID *int64 `json:"holding_id,omitempty" description:"id of a saved holding (from get_holdings)"`
	Holding   *struct {
		ProductType     string `json:"product_type" enum:"personal_loan,auto_loan,mortgage,student_loan,credit_card,auto_insurance,home_insurance,renters_insurance,travel_insurance,life_insurance"`
		Balance         string `json:"balance,omitempty" description:"outstanding balance, e.g. \"15000.00\""`
		APR             string `json:"apr,omitempty" description:"current APR in percent, e.g. \"9.90\""`
		RemainingMonths int    `json:"remaining_months,omitempty" description:"months left on the loan, 1 to 480; not for credit cards"`
		MonthlyPayment  string `json:"monthly_payment,omitempty" description:"what the user says they pay each month, e.g. \"455.00\"; used as stated when it repays the loan"`
		Premium         string `json:"premium,omitempty" description:"annual premium, insurance only"`
		Currency        string `json:"currency,omitempty" description:"ISO 4217 code of the currency the user stated the amounts in (EUR for €, GBP for £); omit when they named none"`
	} `json:"holding,omitempty" description:"the holding as the user stated it, when it is not saved"`
	OfferIDs    []int64 `json:"offer_ids,omitempty" description:"compare against these offers only (ids from search_offers); omit to compare against every active offer"`
	Limit       int     `json:"limit,omitempty" description:"how many offer cards to show, 1 to 3"`
	CreditScore int     `json:"credit_score,omitempty" description:"the user's credit score (300 to 850) when they state one, or the lower end of the band they give; it picks each offer's rate band"`
	Region      string  `json:"region,omitempty" description:"ISO 3166 code of the market the user names for a holding they state (\"in the UK\" or a £ amount: GB); omit to use their saved region. Not used with holding_id"`
	// ExtraPayment asks what paying more each month does to the holding kept as it is.
	ExtraPayment string `json:"extra_payment,omitempty" description:"an amount the user asks about paying each month on top of what they pay now (\"what if I paid 200 more a month?\"), e.g. \"200.00\"; loans and credit cards only. The result's extra_payment gives the new payment, the months to clear the balance and the interest, and the months and interest saved"`
	// WhatIfPayment asks what paying another amount each month, more or less, does to it.
	WhatIfPayment string `json:"what_if_payment,omitempty" description:"a monthly payment the user asks about paying instead of what they pay now, more or less (\"what if I paid 550 a month instead?\"), e.g. \"550.00\"; loans and credit cards only, and for a loan not below what repays it in the months left. The result's what_if_payment gives that payment, the difference from now (extra, negative when less), the months to clear the balance and the interest, and the months and interest saved (negative: more months and more interest)"`
}

// compareResult is what compare returns to the model (cards without their charts, which only
// the client needs). Currency and Locale are the comparison's; PaymentBasis says what monthly
// payment Current assumes, and StatedPayment is a payment the user gave that does not repay
// the loan in the months left, so the schedule's was used instead.
type compareResult struct {
	Holding       offers.Holding `json:"holding"`
	Current       offers.Cost    `json:"current"`
	Currency      string         `json:"currency"`
	Locale        string         `json:"locale"`
	PaymentBasis  string         `json:"payment_basis,omitempty"`
	StatedPayment *offers.Money  `json:"stated_payment,omitempty"`
	// AssumedPaymentRate is the share of a card's balance assumed paid a month, in percent,
	// when PaymentBasis is "assumed", so the answer may say it.
	AssumedPaymentRate *offers.Percent `json:"assumed_payment_rate,omitempty"`
	// CreditScore is the score the rates are for, when one is known (otherwise the cards'
	// rate_basis is "representative" wherever the rate depends on credit).
	CreditScore int            `json:"credit_score,omitempty"`
	Cards       []cardForModel `json:"cards"`
	// ExtraPayment is the holding paid at the extra a month the call asked about.
	ExtraPayment *offers.Overpayment `json:"extra_payment,omitempty"`
	// WhatIfPayment is the holding paid at the payment the call asked about instead.
	WhatIfPayment *offers.Overpayment `json:"what_if_payment,omitempty"`
}

type cardForModel struct {
	offers.Card
	Chart *struct{} `json:"chart,omitempty"`
	// Terms is the refinance over every term the offer lends for, shortest first, so that
	// "what about 36 months instead?" is answered from figures worked out here.
	Terms []offers.Variant `json:"terms,omitempty"`
}

func (t *Tools) compare(ctx context.Context, userID int64, a compareArgs) (pendingCall, error) {
	var h offers.Holding
	var refused *offers.Money
	switch {
	case a.HoldingID != nil:
		var err error
		if h, err = t.Catalogue.Holding(ctx, userID, *a.HoldingID); err != nil {
			return pendingCall{}, err
		}
	case a.Holding != nil:
		var err error
		if h, err = statedHolding(a); err != nil {
			return pendingCall{}, err
		}
		if h, refused, err = usableHolding(h); err != nil {
			return pendingCall{}, err
		}
	default:
		return pendingCall{}, ratewise.Invalid("holding_id", "Give holding_id or holding.")
	}
	extra, err := paymentArg(h, "extra_payment", a.ExtraPayment, offers.PayExtra)
	if err != nil {
		return pendingCall{}, err
	}
	whatIf, err := paymentArg(h, "what_if_payment", a.WhatIfPayment, offers.PayInstead)
	if err != nil {
		return pendingCall{}, err
	}
	if a.CreditScore != 0 && (a.CreditScore < 300 || a.CreditScore > 850) {
		return pendingCall{}, ratewise.Invalid("credit_score", "credit_score must be from 300 to 850.")
	}
	limit := a.Limit
	if limit <= 0 || limit > maxCards {
		limit = maxCards
	}
	// The candidates are loaded here so the label counts exactly the offers compared: the
	// comparison runs on these ids and no others.
	market := a.Region
	if a.HoldingID != nil {
		market = "" // a saved holding is in the saved region's currency
	}
	profile, region, err := t.where(ctx, userID, market)
	if err != nil {
		return pendingCall{}, err
	}
	if a.HoldingID == nil && a.Holding.Currency != "" {
		// Figures in one currency are never compared with offers in another as if they were.
		cur, err := offers.ParseCurrency(a.Holding.Currency)
		if err != nil {
			return pendingCall{}, ratewise.Invalid("holding.currency", "holding.currency must be a three-letter ISO 4217 code such as EUR.")
		}
		if want := offers.RegionCurrency(region); cur != want {
			return pendingCall{}, ratewise.Invalid("holding.currency", "The holding is in %s, but the offers of region %s are in %s: give the region of the user's loan (GB for GBP), or tell the user there are no offers in %s to compare it with; never convert it.", cur, region, want, cur)
		}
	}
	if a.CreditScore != 0 {
		// A score the user states now is theirs for this comparison, over a saved one.
		p := offers.Profile{Region: region, IncomeUnknown: true}
		if profile != nil {
			p = *profile
		}
		p.CreditScore = a.CreditScore
		profile = &p
	}
	ids := slices.Compact(slices.Sorted(slices.Values(a.OfferIDs)))
	if len(ids) == 0 {
		list, err := t.activeOffers(ctx, h.ProductType, region)
		if err != nil {
			return pendingCall{}, err
		}
		for _, o := range list {
			ids = append(ids, o.ID)
		}
	}
	what := h.ProductType.Label(offers.DefaultLocale)
	label := fmt.Sprintf("Comparing %s with your %s…", offerWords(len(ids), h.ProductType), what)
	return pendingCall{Label: label, exec: func(ctx context.Context) (toolResult, error) {
		h.Provider = quoteName(h.Provider)
		res := compareResult{Holding: h, Cards: []cardForModel{}, StatedPayment: refused, ExtraPayment: extra, WhatIfPayment: whatIf,
			Currency: offers.RegionCurrency(region), Locale: offers.RegionLocale(region), PaymentBasis: h.PaymentBasis()}
		if profile != nil {
			res.CreditScore = profile.CreditScore
		}
		if res.PaymentBasis == offers.PaymentAssumed {
			res.AssumedPaymentRate = assumedPaymentRate()
		}
		var cards []offers.Card
		better := 0
		if len(ids) > 0 {
			// Every candidate is ranked so the summary can count the ones that save money; the
			// cards are the best few.
			cmp, err := t.Catalogue.CompareHolding(ctx, h, profile, ids, len(ids))
			if err != nil {
				return toolResult{}, err
			}
			res.Current, res.Locale = cmp.Current, cmp.Locale
			if cmp.Currency != "" {
				res.Currency = cmp.Currency
			}
			for _, opt := range cmp.Options {
				if opt.Eligible && opt.NetSaving.IsPositive() {
					better++
				}
			}
			cards = offers.NewCards(cmp, limit)
			terms := map[int64][]offers.Variant{}
			for _, opt := range cmp.Options {
				terms[opt.Offer.ID] = opt.Terms
			}
			for _, c := range cards {
				res.Cards = append(res.Cards, cardForModel{Card: c, Terms: terms[c.OfferID]})
			}
		} else {
			res.Current = offers.Compare(h, nil, profile, offers.CompareOptions{}).Current
		}
		r, err := jsonResult(res)
		r.Cards = cards
		r.Summary = fmt.Sprintf("Compared %s; %s", offerWords(len(ids), h.ProductType), betterWords(better, what))
		return r, err
	}}, nil
}

// betterWords is "3 are better than your car loan".
func betterWords(n int, what string) string {
	switch n {
	case 0:
		return "none is better than your " + what
	case 1:
		return "1 is better than your " + what
	}
	return fmt.Sprintf("%d are better than your %s", n, what)
}

// paymentArg works out h paid otherwise a month as the argument field asks (value, a decimal
// string) with pay — offers.PayExtra or offers.PayInstead; nil when the argument is absent.
func paymentArg(h offers.Holding, field, value string, pay func(offers.Holding, decimal.Decimal) (offers.Overpayment, error)) (*offers.Overpayment, error) {
	if value == "" {
		return nil, nil
	}
	d, err := decimal.NewFromString(strings.TrimSpace(value))
	if err != nil {
		return nil, ratewise.Invalid(field, "%s must be a decimal string such as \"200.00\".", field)
	}
	o, err := pay(h, d)
	if err != nil {
		return nil, err
	}
	return &o, nil
}

// statedHolding is the holding the user described in the message, not yet validated: the
// caller decides what to do with a payment that does not fit the loan.
func statedHolding(a compareArgs) (offers.Holding, error) {
	pt, err := parseProduct(a.Holding.ProductType)
	if err != nil {
		return offers.Holding{}, err
	}
	h := offers.Holding{Kind: pt.Kind(), ProductType: pt, Provider: "current provider", RemainingMonths: a.Holding.RemainingMonths}
	dec := func(field, s string) (decimal.Decimal, error) {
		d, err := decimal.NewFromString(strings.TrimSpace(strings.TrimSuffix(s, "%")))
		if err != nil {
			return d, ratewise.Invalid(field, "holding.%s must be a decimal string such as \"15000.00\".", field)
		}
		return d, nil
	}
	if pt.IsLoan() {
		// A card has no term: it is paid down at the user's payment until clear.
		if pt == offers.CreditCard {
			h.RemainingMonths = 0
		}
		if a.Holding.Balance == "" || a.Holding.APR == "" || (pt != offers.CreditCard && a.Holding.RemainingMonths <= 0) {
			return h, ratewise.Invalid("holding", "For a loan, give balance, apr and remaining_months (a credit card needs no remaining_months).")
		}
		b, err := dec("balance", a.Holding.Balance)
		if err != nil {
			return h, err
		}
		r, err := dec("apr", a.Holding.APR)
		if err != nil {
			return h, err
		}
		h.Balance, h.APR = offers.NewMoney(b), offers.NewPercent(r)
		if a.Holding.MonthlyPayment != "" {
			m, err := dec("monthly_payment", a.Holding.MonthlyPayment)
			if err != nil {
				return h, err
			}
			pm := offers.NewMoney(m)
			h.MonthlyPayment = &pm
		}
	} else {
		if a.Holding.Premium == "" {
			return h, ratewise.Invalid("holding", "For insurance, give the annual premium.")
		}
		p, err := dec("premium", a.Holding.Premium)
		if err != nil {
			return h, err
		}
		pm := offers.NewMoney(p)
		h.Premium, h.PremiumFrequency = &pm, "annual"
	}
	return h, nil
}

// usableHolding is a stated holding as compare costs it: a payment that does not repay the
// loan as stated is not used (refused says which, and the answer says so), and what is left
// must be valid.
func usableHolding(h offers.Holding) (offers.Holding, *offers.Money, error) {
	var refused *offers.Money
	if err := h.Validate(); err != nil && ratewise.ErrorField(err) == "monthly_payment" {
		refused, h.MonthlyPayment = h.MonthlyPayment, nil
	}
	return h, refused, h.Validate()
}
