package offers

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

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

func (es ImportErrors) orNil() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// parseRow reads and validates one row. partner, when set, is the partner of every row.
func parseRow(raw rawRow, partner string) (ImportRow, ImportErrors) {
	p := &rowReader{raw: raw}
	row, stated := p.read()
	if msg := row.forPartner(partner); msg != "" {
		p.fail("partner", "%s", msg)
	} else if row.PartnerName == "" {
		p.fail("partner", "required (or pass --partner)")
	}
	if len(row.PartnerName) > 200 {
		p.fail("partner", "longer than 200 characters")
	}
	o := &row.Offer
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
	// Whether a loan states its rate at all is the file's business: 0 is a rate (an
	// interest-free loan), a missing column is a mistake.
	if o.ProductType.IsLoan() && o.Instalments == 0 && !p.has("rate") {
		p.fail("rate", "required for loans: the representative nominal annual rate of interest, in percent (the APR is computed from it and the fees)")
	}
	rep, err := o.validate()
	for _, e := range problems(err) {
		p.fail(e.Field, "%s", e.Message)
	}
	switch {
	case o.ProductType.IsLoan() && len(p.errs) == 0:
		checkStatedAPRs(p, o, rep, stated)
	case o.ProductType.IsInsurance() && len(stated) > 0:
		p.fail("representative_apr", "insurance offers have no APR")
	}
	// In the order of the format's fields, so a row's problems read top to bottom.
	slices.SortStableFunc(p.errs, func(a, b ImportError) int {
		return cmp.Compare(slices.Index(importFields, a.Field), slices.Index(importFields, b.Field))
	})
	return row, p.errs
}

// problems unpacks Validate's joined errors.
func problems(err error) []*ratewise.Error {
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else if err != nil {
		errs = []error{err}
	}
	out := make([]*ratewise.Error, 0, len(errs))
	for _, e := range errs {
		var re *ratewise.Error
		if !errors.As(e, &re) {
			re = &ratewise.Error{Code: ratewise.EINVALID, Message: e.Error()}
		}
		out = append(out, re)
	}
	return out
}

// forPartner applies an import's partner to the row: a row without one gets it, a row that
// names another is refused with the returned message.
func (r *ImportRow) forPartner(partner string) string {
	switch {
	case partner == "":
	case r.PartnerName == "":
		r.PartnerName = partner
	case !strings.EqualFold(r.PartnerName, partner):
		return fmt.Sprintf("row belongs to %q but the import is for %q", r.PartnerName, partner)
	}
	return ""
}

// checkStatedAPRs refuses any APR the row states that is not the one computed from its rates
// and fees (rep is the offer's representative example).
func checkStatedAPRs(p *rowReader, o *Offer, rep Representative, stated map[string]Percent) {
	if len(stated) == 0 {
		return
	}
	lo, hi := o.APRRange()
	computed := map[string]Percent{"representative_apr": {rep.APR}, "apr_min": lo, "apr_max": hi}
	for _, f := range statedAPRFields {
		s, ok := stated[f]
		if !ok {
			continue
		}
		if msgs := decimalProblems(s.Decimal, true); len(msgs) > 0 {
			for _, m := range msgs {
				p.fail(f, "%s", m)
			}
			continue
		}
		if !s.Round(2).Equal(computed[f].Decimal) {
			p.fail(f, "%s%% is not the APR computed from the rates and fees (%s%%); give the nominal annual rate of interest in rate, rate_min and rate_max and leave the APRs to Ratewise",
				String2(s.Decimal), String2(computed[f].Decimal))
		}
	}
}

// ImportOptions tunes Store.Import and Store.ImportRows.
type ImportOptions struct {
	// Partner, if set, is the partner every row belongs to: a row that names none gets it,
	// and a row that names another is refused (`offers import --partner P`).
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

// ImportRows upserts rows that ParseImport returned in one transaction (see Import); rows
// that name another partner than opts.Partner are refused as ImportErrors.
func (s *Store) ImportRows(ctx context.Context, rows []ImportRow, opts ImportOptions) (ImportResult, error) {
	res := ImportResult{Rows: len(rows), DryRun: opts.DryRun}
	rows = slices.Clone(rows)
	var errs ImportErrors
	for i := range rows {
		r := &rows[i]
		if msg := r.forPartner(opts.Partner); msg != "" {
			errs = append(errs, ImportError{Row: r.Row, Line: r.Line, Field: "partner", Message: msg})
		} else if r.PartnerName == "" {
			errs = append(errs, ImportError{Row: r.Row, Line: r.Line, Field: "partner", Message: "required (or pass --partner)"})
		}
	}
	if err := errs.orNil(); err != nil {
		return res, err
	}
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
		existing, err := partnerByName(ctx, tx, a.name)
		switch {
		case err == nil:
			for _, reg := range existing.Regions {
				if !slices.Contains(a.regions, reg) {
					a.regions = append(a.regions, reg)
				}
			}
		case ratewise.ErrorCode(err) != ratewise.ENOTFOUND:
			return res, err
		}
		slices.Sort(a.regions)
		p, err := upsertPartner(ctx, tx, Partner{Name: a.name, Kind: a.kind, Regions: a.regions})
		if err != nil {
			return res, err
		}
		ids[key] = p.ID
	}
	res.Partners = len(order)

	list := make([]Offer, len(rows))
	for i, r := range rows {
		list[i] = r.Offer
		list[i].PartnerID = ids[strings.ToLower(r.PartnerName)]
	}
	if res.Created, res.Updated, err = upsertOffers(ctx, tx, list, opts.Progress); err != nil {
		return res, err
	}
	if opts.DryRun {
		return res, nil // the deferred rollback undoes everything
	}
	return res, tx.Commit(ctx)
}
