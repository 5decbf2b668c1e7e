package offers

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"ratewise"
	"ratewise/db"
)

// offerFields are the columns of the offers table that hold what a partner publishes, each
// with the Offer field it is read into and written from. Every statement on offers is built
// from this one list: a new column is added here (and in a migration) and nowhere else.
var offerFields = []struct {
	column string
	field  func(o *Offer) any // a pointer into o: a Scan destination and a COPY value
}{
	{"external_id", func(o *Offer) any { return &o.ExternalID }},
	{"product_type", func(o *Offer) any { return &o.ProductType }},
	{"name", func(o *Offer) any { return &o.Name }},
	{"currency", func(o *Offer) any { return &o.Currency }},
	{"regions", func(o *Offer) any { return &o.Regions }},
	{"active_from", func(o *Offer) any { return &o.ActiveFrom }},
	{"active_until", func(o *Offer) any { return &o.ActiveUntil }},
	{"rate", func(o *Offer) any { return &o.Rate }},
	{"rate_min", func(o *Offer) any { return &o.RateMin }},
	{"rate_max", func(o *Offer) any { return &o.RateMax }},
	{"rate_bands", func(o *Offer) any { return &o.RateBands }},
	{"origination_fee_pct", func(o *Offer) any { return &o.OriginationFeePct }},
	{"origination_fee_flat", func(o *Offer) any { return &o.OriginationFeeFlat }},
	{"origination_fee_min", func(o *Offer) any { return &o.OriginationFeeMin }},
	{"origination_fee_max", func(o *Offer) any { return &o.OriginationFeeMax }},
	{"prepayment_penalty_pct", func(o *Offer) any { return &o.PrepaymentPenaltyPct }},
	{"amount_min", func(o *Offer) any { return &o.AmountMin }},
	{"amount_max", func(o *Offer) any { return &o.AmountMax }},
	{"terms_months", func(o *Offer) any { return &o.TermsMonths }},
	{"promo_months", func(o *Offer) any { return &o.PromoMonths }},
	{"promo_apr", func(o *Offer) any { return &o.PromoAPR }},
	{"transfer_fee_pct", func(o *Offer) any { return &o.TransferFeePct }},
	{"transfer_fee_min", func(o *Offer) any { return &o.TransferFeeMin }},
	{"point_of_sale", func(o *Offer) any { return &o.PointOfSale }},
	{"instalments", func(o *Offer) any { return &o.Instalments }},
	{"annual_premium", func(o *Offer) any { return &o.AnnualPremium }},
	{"premium_bands", func(o *Offer) any { return &o.PremiumBands }},
	{"monthly_premium", func(o *Offer) any { return &o.MonthlyPremium }},
	{"coverage_limit", func(o *Offer) any { return &o.CoverageLimit }},
	{"deductible", func(o *Offer) any { return &o.Deductible }},
	{"features", func(o *Offer) any { return &o.Features }},
	{"exclusions", func(o *Offer) any { return &o.Exclusions }},
	{"description", func(o *Offer) any { return &o.Description }},
	{"terms", func(o *Offer) any { return &o.Terms }},
	{"url", func(o *Offer) any { return &o.URL }},
	{"min_credit_score", func(o *Offer) any { return &o.MinCreditScore }},
	{"min_income", func(o *Offer) any { return &o.MinIncome }},
	{"max_dti", func(o *Offer) any { return &o.MaxDTI }},
}

// offerColumnNames are offerFields' columns, prefixed ("o.") for a join or not.
func offerColumnNames(prefix string) []string {
	names := make([]string, len(offerFields))
	for i, f := range offerFields {
		names[i] = prefix + f.column
	}
	return names
}

// offerColumns is the select list of scanOffer, on offers o joined with partners p.
var offerColumns = `o.id, o.partner_id, p.name, ` + strings.Join(offerColumnNames("o."), ", ") + `, o.updated_at`

func scanOffer(row pgx.Row) (Offer, error) {
	var o Offer
	dest := make([]any, 0, len(offerFields)+4)
	dest = append(dest, &o.ID, &o.PartnerID, &o.PartnerName)
	for _, f := range offerFields {
		dest = append(dest, f.field(&o))
	}
	err := row.Scan(append(dest, &o.UpdatedAt)...)
	return o, err
}

// Offer returns the offer with id.
func (s *Store) Offer(ctx context.Context, id int64) (Offer, error) {
	o, err := scanOffer(s.pool.QueryRow(ctx, `SELECT `+offerColumns+` FROM offers o JOIN partners p ON p.id = o.partner_id WHERE o.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return Offer{}, ratewise.NotFound("offer")
	}
	return o, err
}

// OfferByExternalID returns the partner's offer with externalID.
func (s *Store) OfferByExternalID(ctx context.Context, partnerID int64, externalID string) (Offer, error) {
	o, err := scanOffer(s.pool.QueryRow(ctx, `SELECT `+offerColumns+` FROM offers o JOIN partners p ON p.id = o.partner_id
		WHERE o.partner_id = $1 AND o.external_id = $2`, partnerID, externalID))
	if errors.Is(err, pgx.ErrNoRows) {
		return Offer{}, ratewise.NotFound("offer")
	}
	return o, err
}

// OfferIDs returns the id of every offer, active or not, in one snapshot, in order: a copy
// of the catalogue pages through them with OfferFilter.IDs, which unlike offset paging never
// skips an offer that exists throughout.
func (s *Store) OfferIDs(ctx context.Context) ([]int64, error) {
	rows, err := s.pool.Query(ctx, `SELECT id FROM offers ORDER BY id`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// Limits of OfferFilter.Limit.
const (
	DefaultOfferLimit = 50
	MaxOfferLimit     = 500
)

// Offers returns the offers matching f, by id, or by relevance when f.Query is set.
func (s *Store) Offers(ctx context.Context, f OfferFilter) ([]Offer, error) {
	if f.Limit <= 0 {
		f.Limit = DefaultOfferLimit
	}
	if f.Limit > MaxOfferLimit {
		f.Limit = MaxOfferLimit
	}
	return s.offers(ctx, s.pool, f, true)
}

func (s *Store) offers(ctx context.Context, q db.Querier, f OfferFilter, limited bool) ([]Offer, error) {
	where, args := []string{"true"}, []any{}
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if len(f.IDs) > 0 {
		where = append(where, "o.id = ANY("+arg(f.IDs)+")")
		limited = false
	}
	if f.ProductType != "" {
		if !f.ProductType.Valid() {
			return nil, ratewise.Invalid("product_type", "Unknown product type %q.", f.ProductType)
		}
		where = append(where, "o.product_type = "+arg(string(f.ProductType)))
	}
	if r := strings.ToUpper(strings.TrimSpace(f.Region)); r != "" {
		n := arg(r)
		// An offer for "US" serves "US-CA"; a query for "US" finds "US-CA" offers too.
		where = append(where, `EXISTS (SELECT 1 FROM unnest(o.regions) r WHERE r = `+n+
			` OR r = split_part(`+n+`, '-', 1) OR r LIKE `+n+` || '-%')`)
	}
	order := `o.id`
	if qt := strings.TrimSpace(f.Query); qt != "" {
		n := arg(qt)
		// A search box: any of the words matches (plainto_tsquery's "&" made "|"); offers
		// matching all of them come first, then those whose partner or offer name contains
		// the text, then by rank (a word in the name counts more than in the description).
		allWords := `plainto_tsquery('english', ` + n + `)`
		anyWord := `replace(` + allWords + `::text, '&', '|')::tsquery`
		inName := `(p.name ILIKE '%' || ` + n + ` || '%' OR o.name ILIKE '%' || ` + n + ` || '%')`
		where = append(where, `(o.search @@ `+anyWord+` OR `+inName+`)`)
		order = `o.search @@ ` + allWords + ` DESC, ` + inName + ` DESC, ts_rank(o.search, ` + anyWord + `) DESC, o.id`
	}
	if f.PartnerID != 0 {
		where = append(where, "o.partner_id = "+arg(f.PartnerID))
	}
	if f.Active != nil {
		n := arg(s.now())
		cond := `((o.active_from IS NULL OR o.active_from <= ` + n + `) AND (o.active_until IS NULL OR o.active_until > ` + n + `))`
		if !*f.Active {
			cond = "NOT " + cond
		}
		where = append(where, cond)
	}
	sql := `SELECT ` + offerColumns + ` FROM offers o JOIN partners p ON p.id = o.partner_id WHERE ` +
		strings.Join(where, " AND ") + ` ORDER BY ` + order
	if limited {
		sql += ` LIMIT ` + arg(f.Limit) + ` OFFSET ` + arg(max(f.Offset, 0))
	}
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Offer, error) { return scanOffer(r) })
}

func notFoundOffer(id int64) error {
	return ratewise.NotFound(fmt.Sprintf("offer %d", id))
}

// OfferFilter selects offers. Zero fields do not filter.
type OfferFilter struct {
	IDs         []int64
	ProductType ProductType
	// Region is an ISO 3166 code; "US-CA" finds offers for "US-CA" and for "US".
	Region    string
	Query     string // a search box: any word matched against name, description and terms; or part of the partner or offer name
	PartnerID int64
	// Active, when set, keeps only offers whose active window contains now (true) or not (false).
	Active *bool
	Limit  int // default 50, at most 500; Store.Offers ignores it when IDs are given
	Offset int
}

// The statements of upsertOffers, built from offerFields. The staging table takes its column
// types from offers itself, so COPY writes each value in the type it is stored in.
var (
	offerImportColumns = append([]string{"partner_id"}, offerColumnNames("")...)
	createOfferImport  = `CREATE TEMP TABLE offer_import ON COMMIT DROP AS SELECT ` +
		strings.Join(offerImportColumns, ", ") + ` FROM offers WITH NO DATA`
	upsertOfferImport = func() string {
		var set []string
		for _, c := range offerColumnNames("") {
			if c != "external_id" {
				set = append(set, c+" = EXCLUDED."+c)
			}
		}
		cols := strings.Join(offerImportColumns, ", ")
		return `WITH up AS (
			INSERT INTO offers (` + cols + `) SELECT ` + cols + ` FROM offer_import
			ON CONFLICT (partner_id, external_id) DO UPDATE SET ` + strings.Join(set, ", ") + `, updated_at = now()
			RETURNING (xmax = 0) AS created
		) SELECT count(*) FILTER (WHERE created), count(*) FILTER (WHERE NOT created) FROM up`
	}()
)

// upsertOffers stores offers (each with its PartnerID) by (partner, external id) inside tx:
// new ones are created, existing ones replaced. progress, if set, hears how many are written.
func upsertOffers(ctx context.Context, tx pgx.Tx, offers []Offer, progress func(done, total int)) (created, updated int, err error) {
	if _, err := tx.Exec(ctx, createOfferImport); err != nil {
		return 0, 0, err
	}
	src := &offerSource{offers: offers, progress: progress}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"offer_import"}, offerImportColumns, src); err != nil {
		return 0, 0, err
	}
	err = tx.QueryRow(ctx, upsertOfferImport).Scan(&created, &updated)
	return created, updated, err
}

// offerSource feeds offers to COPY, reporting progress.
type offerSource struct {
	offers   []Offer
	progress func(done, total int)
	i        int
	row      []any
}

func (s *offerSource) Next() bool {
	if s.progress != nil && (s.i%1000 == 0 || s.i == len(s.offers)) {
		s.progress(s.i, len(s.offers))
	}
	s.i++
	return s.i <= len(s.offers)
}

func (s *offerSource) Err() error { return nil }

func (s *offerSource) Values() ([]any, error) {
	o := &s.offers[s.i-1]
	o.fillLists() // for an offer that skipped Validate
	s.row = append(s.row[:0], &o.PartnerID)
	for _, f := range offerFields {
		s.row = append(s.row, f.field(o))
	}
	return s.row, nil
}
