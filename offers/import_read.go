package offers

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Reading an import file: JSON or CSV into raw rows that remember their row and line, and a
// raw row's fields into typed values. Only the syntax is checked here ("abc" is not a
// decimal); whether the values make an offer is Offer.Validate's to say.

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
		line, _ := cr.FieldPos(0)
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

// rowReader decodes the fields of one raw row and collects its problems.
type rowReader struct {
	raw  rawRow
	errs ImportErrors
}

func (p *rowReader) fail(field, format string, args ...any) {
	p.errs = append(p.errs, ImportError{Row: p.raw.row, Line: p.raw.line, Field: field, Message: fmt.Sprintf(format, args...)})
}

func (p *rowReader) has(field string) bool { return p.str(field) != "" }

func (p *rowReader) str(field string) string {
	v := p.raw.fields[field]
	if v.isList {
		p.fail(field, "must be a single value, not a list")
		return ""
	}
	return strings.TrimSpace(v.s)
}

func (p *rowReader) list(field string) []string {
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

// decimal reads an optional plain decimal; missing is zero.
func (p *rowReader) decimal(field string) decimal.Decimal {
	s := p.str(field)
	if s == "" {
		return decimal.Zero
	}
	d, err := parseDecimal(s)
	if err != nil {
		p.fail(field, "%q is not a decimal number", s)
		return decimal.Zero
	}
	return d
}

func (p *rowReader) money(field string) Money  { return Money{p.decimal(field)} }
func (p *rowReader) rate(field string) Percent { return Percent{p.decimal(field)} }

func (p *rowReader) integer(field string) int {
	s := p.str(field)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		p.fail(field, "%q is not a whole number", s)
		return 0
	}
	return n
}

func (p *rowReader) boolean(field string) bool {
	switch strings.ToLower(p.str(field)) {
	case "", "false", "0", "no":
		return false
	case "true", "1", "yes":
		return true
	}
	p.fail(field, "must be true or false")
	return false
}

func (p *rowReader) time(field string) *time.Time {
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

// bands reads "min_score:value" pairs; the value is a rate or a premium.
func (p *rowReader) bands(field string) []RateBand {
	var out []RateBand
	for _, it := range p.list(field) {
		score, val, ok := strings.Cut(it, ":")
		n, err := strconv.Atoi(strings.TrimSpace(score))
		d, derr := parseDecimal(val)
		if !ok || err != nil || derr != nil {
			p.fail(field, "%q is not a band min_score:value with a score of 300–850", it)
			continue
		}
		out = append(out, RateBand{MinScore: n, Rate: Percent{d}})
	}
	return out
}

func (p *rowReader) terms(field string) []int {
	var out []int
	for _, t := range p.list(field) {
		n, err := strconv.Atoi(t)
		if err != nil {
			p.fail(field, "%q is not a term of 1–%d months", t, maxTermMonths)
			continue
		}
		out = append(out, n)
	}
	return out
}

// statedAPRFields are the APRs a row may state (as an exported Offer does); they are checked
// against the computed ones, never stored.
var statedAPRFields = []string{"representative_apr", "apr_min", "apr_max"}

// read decodes the row: its partner, its offer, and the APRs it states. Unknown fields are
// problems.
func (p *rowReader) read() (row ImportRow, stated map[string]Percent) {
	for k, v := range p.raw.fields {
		if !slices.Contains(importFields, k) {
			p.fail(k, "unknown field %q", k)
		}
		// No text column stores a NUL or bytes that are not UTF-8: refused here, named,
		// rather than failing the whole import's transaction later.
		for _, s := range append([]string{k, v.s}, v.list...) {
			if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
				p.fail(k, "holds a NUL character or bytes that are not UTF-8")
				break
			}
		}
	}
	row = ImportRow{Row: p.raw.row, Line: p.raw.line, PartnerName: p.str("partner"), PartnerKind: PartnerKind(p.str("partner_kind"))}
	o := &row.Offer
	o.ExternalID = p.str("external_id")
	o.ProductType = ProductType(p.str("product_type"))
	o.Name = p.str("name")
	o.Currency = p.str("currency")
	o.Regions = p.list("regions")
	o.ActiveFrom, o.ActiveUntil = p.time("active_from"), p.time("active_until")
	o.Rate, o.RateMin, o.RateMax = p.rate("rate"), p.rate("rate_min"), p.rate("rate_max")
	o.RateBands = p.bands("rate_bands")
	o.OriginationFeePct = p.rate("origination_fee")
	o.OriginationFeeFlat, o.OriginationFeeMin, o.OriginationFeeMax = p.money("origination_fee_flat"), p.money("origination_fee_min"), p.money("origination_fee_max")
	o.PrepaymentPenaltyPct = p.rate("prepayment_penalty")
	o.AmountMin, o.AmountMax = p.money("amount_min"), p.money("amount_max")
	o.TermsMonths = p.terms("terms_months")
	o.PromoMonths = p.integer("promo_months")
	o.PromoAPR = p.rate("promo_apr")
	o.TransferFeePct, o.TransferFeeMin = p.rate("transfer_fee"), p.money("transfer_fee_min")
	o.PointOfSale = p.boolean("point_of_sale")
	o.Instalments = p.integer("instalments")
	o.AnnualPremium, o.MonthlyPremium = p.money("annual_premium"), p.money("monthly_premium")
	for _, b := range p.bands("premium_bands") {
		o.PremiumBands = append(o.PremiumBands, PremiumBand{MinScore: b.MinScore, AnnualPremium: Money{b.Rate.Decimal}})
	}
	o.CoverageLimit, o.Deductible = p.money("coverage_limit"), p.money("deductible")
	o.Features, o.Exclusions = p.list("features"), p.list("exclusions")
	o.Description, o.Terms = p.str("description"), p.str("terms")
	o.URL = p.str("url")
	o.MinCreditScore = p.integer("min_credit_score")
	o.MinIncome, o.MaxDTI = p.money("min_income"), p.rate("max_dti")
	for _, f := range statedAPRFields {
		if p.has(f) {
			if stated == nil {
				stated = map[string]Percent{}
			}
			stated[f] = p.rate(f)
		}
	}
	return row, stated
}
