package offers

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"ratewise"
)

// The catalogue import format: a JSON array of objects or a CSV file with a header, one offer
// per row, the field names below (snake_case, as in the API's Offer plus the catalogue-only
// fields). In CSV, lists are separated by ";" (regions "US;GB", terms "12;24;36", features)
// and bands are "min_score:value" pairs ("660:12.99;720:8.99"). Money and rates are plain
// decimals; rates are percent. Loans give nominal annual rates of interest ("rate", "rate_min",
// "rate_max", "rate_bands"); the APRs are computed from them and the fees. A row may also
// state "representative_apr", "apr_min" or "apr_max" (as an exported Offer does): each must
// then equal the computed APR to the cent of a percent, which catches a catalogue that
// confuses the two.
var importFields = []string{
	"partner", "partner_kind", "external_id", "product_type", "name", "currency", "regions",
	"active_from", "active_until", "rate", "rate_min", "rate_max", "rate_bands",
	"representative_apr", "apr_min", "apr_max", "origination_fee", "origination_fee_flat", "origination_fee_min", "origination_fee_max",
	"prepayment_penalty", "amount_min", "amount_max", "terms_months", "promo_months", "promo_apr",
	"transfer_fee", "transfer_fee_min", "point_of_sale", "instalments", "annual_premium",
	"premium_bands", "monthly_premium", "coverage_limit", "deductible", "features", "exclusions",
	"description", "terms", "url", "min_credit_score", "min_income", "max_dti",
}

// ImportRow is one validated row: the offer and the partner it belongs to.
type ImportRow struct {
	Row         int // 1-based data row
	Line        int // line in the file where the row starts
	PartnerName string
	PartnerKind PartnerKind
	Offer       Offer
}

// ImportError is one problem in an import file.
type ImportError struct {
	Row     int    `json:"row"`
	Line    int    `json:"line"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

func (e ImportError) String() string {
	s := fmt.Sprintf("row %d (line %d)", e.Row, e.Line)
	if e.Field != "" {
		s += " " + e.Field
	}
	return s + ": " + e.Message
}

// ImportErrors is every problem found in a file; nothing is imported when there is one.
type ImportErrors []ImportError

func (es ImportErrors) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d problem(s) in the import file; nothing was imported:", len(es))
	for i, e := range es {
		if i == 100 {
			fmt.Fprintf(&b, "\n  … and %d more", len(es)-100)
			break
		}
		b.WriteString("\n  " + e.String())
	}
	return b.String()
}

// ParseImport reads and validates a whole catalogue file (format "json" or "csv"). When
// partner is not empty, every row belongs to it (a row naming another partner is an error).
// All problems are reported together as ImportErrors.
func ParseImport(r io.Reader, format, partner string) ([]ImportRow, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var raws []rawRow
	switch format {
	case "json":
		raws, err = readJSONRows(data)
	case "csv":
		raws, err = readCSVRows(data)
	default:
		return nil, ratewise.Invalid("format", "Unknown import format %q; use json or csv.", format)
	}
	if err != nil {
		return nil, err
	}
	var errs ImportErrors
	rows := make([]ImportRow, 0, len(raws))
	seen := make(map[string]int, len(raws))
	for _, raw := range raws {
		row, rowErrs := parseRow(raw, partner)
		if len(rowErrs) > 0 {
			errs = append(errs, rowErrs...)
			continue
		}
		key := strings.ToLower(row.PartnerName) + "\x00" + row.Offer.ExternalID
		if first, dup := seen[key]; dup {
			errs = append(errs, ImportError{Row: raw.row, Line: raw.line, Field: "external_id",
				Message: fmt.Sprintf("external_id %q of %s appears again (first in row %d)", row.Offer.ExternalID, row.PartnerName, first)})
			continue
		}
		seen[key] = raw.row
		rows = append(rows, row)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(rows) == 0 {
		return nil, ImportErrors{{Row: 0, Line: 1, Message: "the file holds no offers"}}
	}
	return rows, nil
}

// FormatOf guesses the format from a file name: ".csv" is CSV, anything else JSON.
func FormatOf(name string) string {
	if strings.HasSuffix(strings.ToLower(name), ".csv") {
		return "csv"
	}
	return "json"
}

// rawRow is a row before validation: each field a string or a list of strings.
type rawRow struct {
	row, line int
	fields    map[string]rawValue
}

type rawValue struct {
	s      string
	list   []string
	isList bool
}

func readJSONRows(data []byte) ([]rawRow, error) {
	lineAt := lineIndex(data)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('[') {
		return nil, ImportErrors{{Line: 1, Message: "a JSON import must be an array of offer objects"}}
	}
	var rows []rawRow
	var errs ImportErrors
	for n := 1; dec.More(); n++ {
		// The decoder's offset is just past the previous value; skip to this one's start.
		off := int(dec.InputOffset())
		for off < len(data) && (data[off] == ',' || data[off] == ' ' || data[off] == '\n' || data[off] == '\r' || data[off] == '\t') {
			off++
		}
		line := lineAt(off)
		var obj map[string]any
		if err := dec.Decode(&obj); err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) {
				errs = append(errs, ImportError{Row: n, Line: lineAt(int(se.Offset)), Message: "invalid JSON: " + se.Error()})
				return nil, errs
			}
			errs = append(errs, ImportError{Row: n, Line: line, Message: "each element must be an object"})
			if _, isType := err.(*json.UnmarshalTypeError); isType {
				continue
			}
			return nil, errs
		}
		raw := rawRow{row: n, line: line, fields: make(map[string]rawValue, len(obj))}
		for k, v := range obj {
			rv, ok := jsonValue(v)
			if !ok {
				errs = append(errs, ImportError{Row: n, Line: line, Field: k, Message: "must be a string, number, boolean or a list of them"})
				continue
			}
			raw.fields[k] = rv
		}
		rows = append(rows, raw)
	}
	if _, err := dec.Token(); err != nil {
		errs = append(errs, ImportError{Row: len(rows) + 1, Line: lineAt(len(data)), Message: "invalid JSON: the array is not closed"})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return rows, nil
}

func jsonValue(v any) (rawValue, bool) {
	switch x := v.(type) {
	case nil:
		return rawValue{}, true
	case string:
		return rawValue{s: x}, true
	case json.Number:
		return rawValue{s: x.String()}, true
	case bool:
		return rawValue{s: strconv.FormatBool(x)}, true
	case []any:
		rv := rawValue{isList: true, list: make([]string, 0, len(x))}
		for _, e := range x {
			switch y := e.(type) {
			case string:
				rv.list = append(rv.list, y)
			case json.Number:
				rv.list = append(rv.list, y.String())
			case map[string]any: // bands: {"min_score": 660, "rate": "12.99"}
				var score, val string
				for k, f := range y {
					s := fmt.Sprint(f)
					if k == "min_score" {
						score = s
					} else {
						val = s
					}
				}
				rv.list = append(rv.list, score+":"+val)
			default:
				return rawValue{}, false
			}
		}
		return rv, true
	}
	return rawValue{}, false
}

// lineIndex returns a function from byte offset to 1-based line.
func lineIndex(data []byte) func(int) int {
	var starts []int
	for i, b := range data {
		if b == '\n' {
			starts = append(starts, i)
		}
	}
	return func(off int) int {
		n, _ := slices.BinarySearch(starts, off)
		return n + 1
	}
}

func readCSVRows(data []byte) ([]rawRow, error) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, ImportErrors{{Line: 1, Message: "a CSV import needs a header row: " + err.Error()}}
	}
	var errs ImportErrors
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		header[i] = h
		if !slices.Contains(importFields, h) {
			errs = append(errs, ImportError{Line: 1, Field: h, Message: fmt.Sprintf("unknown column %q", h)})
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	var rows []rawRow
	for n := 1; ; n++ {
		line, _ := cr.FieldPos(0)
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, append(errs, ImportError{Row: n, Line: pe.Line, Message: "invalid CSV: " + pe.Err.Error()})
			}
			return nil, err
		}
		line, _ = cr.FieldPos(0)
		if len(rec) != len(header) {
			errs = append(errs, ImportError{Row: n, Line: line, Message: fmt.Sprintf("has %d fields, the header has %d", len(rec), len(header))})
			continue
		}
		raw := rawRow{row: n, line: line, fields: make(map[string]rawValue, len(rec))}
		for i, v := range rec {
			raw.fields[header[i]] = rawValue{s: v}
		}
		rows = append(rows, raw)
	}
	return rows, errs.orNil()
}

func (es ImportErrors) orNil() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// rowParser collects the problems of one row.
type rowParser struct {
	raw  rawRow
	errs ImportErrors
}

func (p *rowParser) fail(field, format string, args ...any) {
	p.errs = append(p.errs, ImportError{Row: p.raw.row, Line: p.raw.line, Field: field, Message: fmt.Sprintf(format, args...)})
}

func (p *rowParser) str(field string) string {
	v := p.raw.fields[field]
	if v.isList {
		p.fail(field, "must be a single value, not a list")
		return ""
	}
	return strings.TrimSpace(v.s)
}

func (p *rowParser) list(field string) []string {
	v, ok := p.raw.fields[field]
	if !ok {
		return nil
	}
	var items []string
	if v.isList {
		items = v.list
	} else if s := strings.TrimSpace(v.s); s != "" {
		sep := ";"
		if !strings.Contains(s, ";") && (field == "features" || field == "exclusions") {
			sep = "|"
		}
		items = strings.Split(s, sep)
	}
	out := items[:0:0]
	for _, it := range items {
		if it = strings.TrimSpace(it); it != "" {
			out = append(out, it)
		}
	}
	return out
}

// decimalField parses an optional plain decimal; missing is zero.
func (p *rowParser) decimalField(field string, maxExclusive decimal.Decimal, places int32) decimal.Decimal {
	s := p.str(field)
	if s == "" {
		return decimal.Zero
	}
	d, err := parseDecimal(s)
	if err != nil {
		p.fail(field, "%q is not a decimal number", s)
		return decimal.Zero
	}
	if d.IsNegative() {
		p.fail(field, "must not be negative")
	}
	if !maxExclusive.IsZero() && d.GreaterThanOrEqual(maxExclusive) {
		p.fail(field, "must be below %s", maxExclusive)
	}
	if !d.Equal(d.Round(places)) {
		p.fail(field, "has more than %d decimal places", places)
	}
	return d
}

func (p *rowParser) money(field string) Money {
	return Money{p.decimalField(field, decimal.NewFromInt(1_000_000_000_000), 2)}
}

func (p *rowParser) rate(field string) Percent {
	return Percent{p.decimalField(field, maxRate, 4)}
}

func (p *rowParser) integer(field string, lo, hi int) int {
	s := p.str(field)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		p.fail(field, "%q is not a whole number", s)
		return 0
	}
	if n < lo || n > hi {
		p.fail(field, "must be between %d and %d", lo, hi)
	}
	return n
}

func (p *rowParser) boolean(field string) bool {
	switch strings.ToLower(p.str(field)) {
	case "", "false", "0", "no":
		return false
	case "true", "1", "yes":
		return true
	}
	p.fail(field, "must be true or false")
	return false
}

func (p *rowParser) time(field string) *time.Time {
	s := p.str(field)
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t, err = time.Parse(time.DateOnly, s)
	}
	if err != nil {
		p.fail(field, "%q is not a date (YYYY-MM-DD) or RFC 3339 time", s)
		return nil
	}
	return &t
}

func (p *rowParser) bands(field string) []RateBand {
	var out []RateBand
	for _, it := range p.list(field) {
		score, val, ok := strings.Cut(it, ":")
		n, err := strconv.Atoi(strings.TrimSpace(score))
		d, derr := parseDecimal(val)
		if !ok || err != nil || derr != nil || n < 300 || n > 850 || d.IsNegative() {
			p.fail(field, "%q is not a band min_score:value with a score of 300–850", it)
			continue
		}
		out = append(out, RateBand{MinScore: n, Rate: Percent{d}})
	}
	slices.SortFunc(out, func(a, b RateBand) int { return b.MinScore - a.MinScore })
	return out
}

func parseRow(raw rawRow, partner string) (ImportRow, ImportErrors) {
	p := &rowParser{raw: raw}
	for k := range raw.fields {
		if !slices.Contains(importFields, k) {
			p.fail(k, "unknown field %q", k)
		}
	}
	row := ImportRow{Row: raw.row, Line: raw.line}
	row.PartnerName = p.str("partner")
	switch {
	case partner != "" && row.PartnerName == "":
		row.PartnerName = partner
	case partner != "" && !strings.EqualFold(row.PartnerName, partner):
		p.fail("partner", "row belongs to %q but the import is for %q", row.PartnerName, partner)
	case row.PartnerName == "":
		p.fail("partner", "required (or pass --partner)")
	}
	if len(row.PartnerName) > 200 {
		p.fail("partner", "longer than 200 characters")
	}
	o := Offer{}
	o.ExternalID = p.str("external_id")
	if o.ExternalID == "" {
		p.fail("external_id", "required")
	} else if len(o.ExternalID) > 100 {
		p.fail("external_id", "longer than 100 characters")
	}
	pt := p.str("product_type")
	o.ProductType = ProductType(pt)
	if !o.ProductType.Valid() {
		p.fail("product_type", "%q is not one of %s", pt, productTypeList())
	}
	if o.Name = p.str("name"); o.Name == "" {
		p.fail("name", "required")
	}
	o.Currency = strings.ToUpper(p.str("currency"))
	if len(o.Currency) != 3 || !isUpperAlpha(o.Currency) {
		p.fail("currency", "must be a three-letter ISO 4217 code such as USD or GBP")
	}
	o.Regions = p.list("regions")
	if len(o.Regions) == 0 {
		p.fail("regions", "required: at least one ISO 3166 code such as US, US-CA or GB")
	}
	for i, r := range o.Regions {
		o.Regions[i] = strings.ToUpper(r)
		if !validRegion(o.Regions[i]) {
			p.fail("regions", "%q is not an ISO 3166 code such as US, US-CA or GB", r)
		}
	}
	o.ActiveFrom, o.ActiveUntil = p.time("active_from"), p.time("active_until")
	if o.ActiveFrom != nil && o.ActiveUntil != nil && !o.ActiveUntil.After(*o.ActiveFrom) {
		p.fail("active_until", "must be after active_from")
	}
	o.Rate, o.RateMin, o.RateMax = p.rate("rate"), p.rate("rate_min"), p.rate("rate_max")
	statedAPR := map[string]Percent{}
	for _, f := range []string{"representative_apr", "apr_min", "apr_max"} {
		if p.str(f) != "" {
			statedAPR[f] = p.rate(f)
		}
	}
	o.RateBands = p.bands("rate_bands")
	o.OriginationFeePct = p.rate("origination_fee")
	o.OriginationFeeFlat, o.OriginationFeeMin, o.OriginationFeeMax = p.money("origination_fee_flat"), p.money("origination_fee_min"), p.money("origination_fee_max")
	o.PrepaymentPenaltyPct = p.rate("prepayment_penalty")
	o.AmountMin, o.AmountMax = p.money("amount_min"), p.money("amount_max")
	for _, t := range p.list("terms_months") {
		n, err := strconv.Atoi(t)
		if err != nil || n < 1 || n > maxTermMonths {
			p.fail("terms_months", "%q is not a term of 1–%d months", t, maxTermMonths)
			continue
		}
		o.TermsMonths = append(o.TermsMonths, n)
	}
	slices.Sort(o.TermsMonths)
	o.TermsMonths = slices.Compact(o.TermsMonths)
	o.PromoMonths = p.integer("promo_months", 0, 120)
	o.PromoAPR = p.rate("promo_apr")
	o.TransferFeePct, o.TransferFeeMin = p.rate("transfer_fee"), p.money("transfer_fee_min")
	o.PointOfSale = p.boolean("point_of_sale")
	o.Instalments = p.integer("instalments", 0, 52)
	o.AnnualPremium, o.MonthlyPremium = p.money("annual_premium"), p.money("monthly_premium")
	for _, b := range p.bands("premium_bands") {
		o.PremiumBands = append(o.PremiumBands, PremiumBand{MinScore: b.MinScore, AnnualPremium: Money{b.Rate.Decimal}})
	}
	o.CoverageLimit, o.Deductible = p.money("coverage_limit"), p.money("deductible")
	o.Features, o.Exclusions = p.list("features"), p.list("exclusions")
	o.Description, o.Terms = p.str("description"), p.str("terms")
	if len(o.Description) > 10_000 || len(o.Terms) > 50_000 {
		p.fail("description", "description or terms text is too long")
	}
	o.URL = p.str("url")
	if o.URL != "" {
		if u, err := url.Parse(o.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			p.fail("url", "%q is not an http(s) URL", o.URL)
		}
	}
	if s := p.integer("min_credit_score", 0, 850); s != 0 && s < 300 {
		p.fail("min_credit_score", "must be 0 (none) or 300–850")
	} else {
		o.MinCreditScore = s
	}
	o.MinIncome, o.MaxDTI = p.money("min_income"), p.rate("max_dti")

	switch {
	case o.ProductType.IsInsurance():
		if !o.AnnualPremium.IsPositive() && len(o.PremiumBands) == 0 {
			p.fail("annual_premium", "required for insurance and above zero")
		}
	case o.ProductType.IsLoan():
		switch {
		case o.Instalments > 0:
			// A pay-in-N plan is interest-free by definition.
			if !o.Rate.IsZero() {
				p.fail("rate", "a pay-in-%d plan is interest-free: use 0", o.Instalments)
			}
		case p.str("rate") == "":
			p.fail("rate", "required for loans: the representative nominal annual rate of interest, in percent (the APR is computed from it and the fees)")
		}
		if o.RateMin.IsZero() && o.RateMax.IsZero() {
			o.RateMin, o.RateMax = o.Rate, o.Rate
		}
		if o.RateMin.GreaterThan(o.Rate.Decimal) || o.Rate.GreaterThan(o.RateMax.Decimal) {
			p.fail("rate", "must lie between rate_min (%s) and rate_max (%s)", o.RateMin, o.RateMax)
		}
		if o.ProductType != CreditCard && len(o.TermsMonths) == 0 && o.Instalments == 0 {
			p.fail("terms_months", "required for loans: the terms offered, in months")
		}
		if o.AmountMax.IsPositive() && o.AmountMin.GreaterThan(o.AmountMax.Decimal) {
			p.fail("amount_min", "must not exceed amount_max")
		}
		if o.OriginationFeeMax.IsPositive() && o.OriginationFeeMin.GreaterThan(o.OriginationFeeMax.Decimal) {
			p.fail("origination_fee_min", "must not exceed origination_fee_max")
		}
	}
	if o.ProductType.IsLoan() && len(p.errs) == 0 {
		checkStatedAPRs(p, &o, statedAPR)
	} else if len(statedAPR) > 0 && o.ProductType.IsInsurance() {
		p.fail("representative_apr", "insurance offers have no APR")
	}
	row.PartnerKind = PartnerKind(p.str("partner_kind"))
	switch row.PartnerKind {
	case "":
		switch {
		case o.PointOfSale:
			row.PartnerKind = PartnerMerchant
		case o.ProductType.IsInsurance():
			row.PartnerKind = PartnerInsurer
		default:
			row.PartnerKind = PartnerLender
		}
	case PartnerLender, PartnerInsurer, PartnerMerchant:
	default:
		p.fail("partner_kind", "must be lender, insurer or merchant")
	}
	row.Offer = o
	return row, p.errs
}

// checkStatedAPRs refuses a loan whose representative example cannot be computed, and any APR
// the row states that is not the one computed from its rates and fees.
func checkStatedAPRs(p *rowParser, o *Offer, stated map[string]Percent) {
	rep := o.Representative()
	if !rep.OK {
		p.fail("origination_fee", "the fee on the representative amount (%s) is as large as the amount: no APR can be computed", String2(rep.Amount))
		return
	}
	lo, hi := o.APRRange()
	computed := map[string]Percent{"representative_apr": {rep.APR}, "apr_min": lo, "apr_max": hi}
	for _, f := range []string{"representative_apr", "apr_min", "apr_max"} {
		if s, ok := stated[f]; ok && !s.Round(2).Equal(computed[f].Decimal) {
			p.fail(f, "%s%% is not the APR computed from the rates and fees (%s%%); give the nominal annual rate of interest in rate, rate_min and rate_max and leave the APRs to Ratewise",
				String2(s.Decimal), String2(computed[f].Decimal))
		}
	}
}

// ImportOptions tunes Store.Import.
type ImportOptions struct {
	// Partner, if set, is the partner every row belongs to.
	Partner string
	// DryRun validates and counts, then rolls back.
	DryRun bool
	// Progress, if set, is called as rows are written (done of total).
	Progress func(done, total int)
}

// ImportResult counts what an import did (or, with DryRun, would do).
type ImportResult struct {
	Rows     int  `json:"rows"`
	Created  int  `json:"created"`
	Updated  int  `json:"updated"`
	Partners int  `json:"partners"`
	DryRun   bool `json:"dry_run"`
}

// Import validates the whole file, then upserts every offer by (partner, external id) in one
// transaction: all rows or none. Partners are created by name as needed.
func (s *Store) Import(ctx context.Context, r io.Reader, format string, opts ImportOptions) (ImportResult, error) {
	rows, err := ParseImport(r, format, opts.Partner)
	if err != nil {
		return ImportResult{}, err
	}
	return s.ImportRows(ctx, rows, opts)
}

// ImportRows upserts validated rows in one transaction (see Import).
func (s *Store) ImportRows(ctx context.Context, rows []ImportRow, opts ImportOptions) (ImportResult, error) {
	res := ImportResult{Rows: len(rows), DryRun: opts.DryRun}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return res, err
	}
	defer tx.Rollback(ctx)

	// Partners first, with the union of their offers' regions.
	type partnerAcc struct {
		name    string
		kind    PartnerKind
		regions []string
	}
	var order []string
	acc := map[string]*partnerAcc{}
	for _, r := range rows {
		key := strings.ToLower(r.PartnerName)
		a, ok := acc[key]
		if !ok {
			a = &partnerAcc{name: r.PartnerName, kind: r.PartnerKind}
			acc[key] = a
			order = append(order, key)
		}
		for _, reg := range r.Offer.Regions {
			if !slices.Contains(a.regions, reg) {
				a.regions = append(a.regions, reg)
			}
		}
	}
	ids := map[string]int64{}
	for _, key := range order {
		a := acc[key]
		if existing, err := partnerByName(ctx, tx, a.name); err == nil {
			for _, reg := range existing.Regions {
				if !slices.Contains(a.regions, reg) {
					a.regions = append(a.regions, reg)
				}
			}
		}
		slices.Sort(a.regions)
		p, err := upsertPartner(ctx, tx, Partner{Name: a.name, Kind: a.kind, Regions: a.regions})
		if err != nil {
			return res, err
		}
		ids[key] = p.ID
	}
	res.Partners = len(order)

	if _, err := tx.Exec(ctx, `CREATE TEMP TABLE offer_import (
		partner_id bigint, external_id text, product_type text, name text, currency text, regions text[],
		active_from timestamptz, active_until timestamptz, rate text, rate_min text, rate_max text,
		rate_bands text, origination_fee_pct text, origination_fee_flat text, origination_fee_min text,
		origination_fee_max text, prepayment_penalty_pct text, amount_min text, amount_max text,
		terms_months integer[], promo_months integer, promo_apr text, transfer_fee_pct text, transfer_fee_min text,
		point_of_sale boolean, instalments integer, annual_premium text, premium_bands text, monthly_premium text,
		coverage_limit text, deductible text, features text[], exclusions text[], description text, terms text,
		url text, min_credit_score integer, min_income text, max_dti text) ON COMMIT DROP`); err != nil {
		return res, err
	}
	src := &importSource{rows: rows, ids: ids, progress: opts.Progress}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"offer_import"}, importColumns, src); err != nil {
		return res, err
	}
	if src.err != nil {
		return res, src.err
	}
	err = tx.QueryRow(ctx, `WITH up AS (
		INSERT INTO offers (partner_id, external_id, product_type, name, currency, regions, active_from, active_until,
			rate, rate_min, rate_max, rate_bands, origination_fee_pct, origination_fee_flat,
			origination_fee_min, origination_fee_max, prepayment_penalty_pct, amount_min, amount_max, terms_months,
			promo_months, promo_apr, transfer_fee_pct, transfer_fee_min, point_of_sale, instalments, annual_premium,
			premium_bands, monthly_premium, coverage_limit, deductible, features, exclusions, description, terms, url,
			min_credit_score, min_income, max_dti)
		SELECT partner_id, external_id, product_type, name, currency, regions, active_from, active_until,
			rate::numeric, rate_min::numeric, rate_max::numeric, rate_bands::jsonb, origination_fee_pct::numeric,
			origination_fee_flat::numeric, origination_fee_min::numeric, origination_fee_max::numeric,
			prepayment_penalty_pct::numeric, amount_min::numeric, amount_max::numeric, terms_months, promo_months,
			promo_apr::numeric, transfer_fee_pct::numeric, transfer_fee_min::numeric, point_of_sale, instalments,
			annual_premium::numeric, premium_bands::jsonb, monthly_premium::numeric, coverage_limit::numeric,
			deductible::numeric, features, exclusions, description, terms, url, min_credit_score, min_income::numeric,
			max_dti::numeric
		FROM offer_import
		ON CONFLICT (partner_id, external_id) DO UPDATE SET
			product_type = EXCLUDED.product_type, name = EXCLUDED.name, currency = EXCLUDED.currency,
			regions = EXCLUDED.regions, active_from = EXCLUDED.active_from, active_until = EXCLUDED.active_until,
			rate = EXCLUDED.rate, rate_min = EXCLUDED.rate_min, rate_max = EXCLUDED.rate_max,
			rate_bands = EXCLUDED.rate_bands, origination_fee_pct = EXCLUDED.origination_fee_pct,
			origination_fee_flat = EXCLUDED.origination_fee_flat, origination_fee_min = EXCLUDED.origination_fee_min,
			origination_fee_max = EXCLUDED.origination_fee_max, prepayment_penalty_pct = EXCLUDED.prepayment_penalty_pct,
			amount_min = EXCLUDED.amount_min, amount_max = EXCLUDED.amount_max, terms_months = EXCLUDED.terms_months,
			promo_months = EXCLUDED.promo_months, promo_apr = EXCLUDED.promo_apr, transfer_fee_pct = EXCLUDED.transfer_fee_pct,
			transfer_fee_min = EXCLUDED.transfer_fee_min, point_of_sale = EXCLUDED.point_of_sale,
			instalments = EXCLUDED.instalments, annual_premium = EXCLUDED.annual_premium,
			premium_bands = EXCLUDED.premium_bands, monthly_premium = EXCLUDED.monthly_premium,
			coverage_limit = EXCLUDED.coverage_limit, deductible = EXCLUDED.deductible, features = EXCLUDED.features,
			exclusions = EXCLUDED.exclusions, description = EXCLUDED.description, terms = EXCLUDED.terms,
			url = EXCLUDED.url, min_credit_score = EXCLUDED.min_credit_score, min_income = EXCLUDED.min_income,
			max_dti = EXCLUDED.max_dti, updated_at = now()
		RETURNING (xmax = 0) AS created
	) SELECT count(*) FILTER (WHERE created), count(*) FILTER (WHERE NOT created) FROM up`).Scan(&res.Created, &res.Updated)
	if err != nil {
		return res, err
	}
	if opts.DryRun {
		return res, nil // the deferred rollback undoes everything
	}
	return res, tx.Commit(ctx)
}

var importColumns = []string{"partner_id", "external_id", "product_type", "name", "currency", "regions",
	"active_from", "active_until", "rate", "rate_min", "rate_max", "rate_bands", "origination_fee_pct",
	"origination_fee_flat", "origination_fee_min", "origination_fee_max", "prepayment_penalty_pct", "amount_min",
	"amount_max", "terms_months", "promo_months", "promo_apr", "transfer_fee_pct", "transfer_fee_min",
	"point_of_sale", "instalments", "annual_premium", "premium_bands", "monthly_premium", "coverage_limit",
	"deductible", "features", "exclusions", "description", "terms", "url", "min_credit_score", "min_income", "max_dti"}

// importSource feeds validated rows to COPY, reporting progress.
type importSource struct {
	rows     []ImportRow
	ids      map[string]int64
	progress func(done, total int)
	i        int
	err      error
}

func (s *importSource) Next() bool {
	if s.progress != nil && (s.i%1000 == 0 || s.i == len(s.rows)) {
		s.progress(s.i, len(s.rows))
	}
	s.i++
	return s.i <= len(s.rows)
}

func (s *importSource) Err() error { return s.err }

func (s *importSource) Values() ([]any, error) {
	r := s.rows[s.i-1]
	o := r.Offer
	rb, err := json.Marshal(nonNilBands(o.RateBands))
	if err != nil {
		return nil, err
	}
	pb, err := json.Marshal(nonNilPremiumBands(o.PremiumBands))
	if err != nil {
		return nil, err
	}
	terms := make([]int32, len(o.TermsMonths))
	for i, t := range o.TermsMonths {
		terms[i] = int32(t)
	}
	str := func(d decimal.Decimal) string { return d.String() }
	return []any{s.ids[strings.ToLower(r.PartnerName)], o.ExternalID, string(o.ProductType), o.Name, o.Currency, o.Regions,
		o.ActiveFrom, o.ActiveUntil, str(o.Rate.Decimal), str(o.RateMin.Decimal), str(o.RateMax.Decimal), string(rb),
		str(o.OriginationFeePct.Decimal), str(o.OriginationFeeFlat.Decimal), str(o.OriginationFeeMin.Decimal),
		str(o.OriginationFeeMax.Decimal), str(o.PrepaymentPenaltyPct.Decimal), str(o.AmountMin.Decimal), str(o.AmountMax.Decimal),
		terms, int32(o.PromoMonths), str(o.PromoAPR.Decimal), str(o.TransferFeePct.Decimal), str(o.TransferFeeMin.Decimal),
		o.PointOfSale, int32(o.Instalments), str(o.AnnualPremium.Decimal), string(pb), str(o.MonthlyPremium.Decimal),
		str(o.CoverageLimit.Decimal), str(o.Deductible.Decimal), nonNilStrings(o.Features), nonNilStrings(o.Exclusions),
		o.Description, o.Terms, o.URL, int32(o.MinCreditScore), str(o.MinIncome.Decimal), str(o.MaxDTI.Decimal)}, nil
}

func nonNilBands(b []RateBand) []RateBand {
	if b == nil {
		return []RateBand{}
	}
	return b
}

func nonNilPremiumBands(b []PremiumBand) []PremiumBand {
	if b == nil {
		return []PremiumBand{}
	}
	return b
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
