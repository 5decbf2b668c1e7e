package offers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"ratewise"
	"ratewise/db"
)

// Store is the PostgreSQL store of partners, offers and holdings. Public methods own their
// transaction; the private (ctx, q, …) helpers run inside whatever they are given.
type Store struct {
	pool *pgxpool.Pool
	now  func() time.Time
}

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool, now: time.Now} }

const partnerColumns = `p.id, p.name, p.kind, p.regions, p.url`

func scanPartner(row pgx.Row) (Partner, error) {
	var p Partner
	err := row.Scan(&p.ID, &p.Name, &p.Kind, &p.Regions, &p.URL)
	return p, err
}

// Partner returns the partner with id.
func (s *Store) Partner(ctx context.Context, id int64) (Partner, error) {
	p, err := scanPartner(s.pool.QueryRow(ctx, `SELECT `+partnerColumns+` FROM partners p WHERE p.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return Partner{}, ratewise.NotFound("partner")
	}
	return p, err
}

// PartnerByName returns the partner called name (case-insensitive).
func (s *Store) PartnerByName(ctx context.Context, name string) (Partner, error) {
	return partnerByName(ctx, s.pool, name)
}

func partnerByName(ctx context.Context, q db.Querier, name string) (Partner, error) {
	p, err := scanPartner(q.QueryRow(ctx, `SELECT `+partnerColumns+` FROM partners p WHERE lower(p.name) = lower($1)`, strings.TrimSpace(name)))
	if errors.Is(err, pgx.ErrNoRows) {
		return Partner{}, ratewise.NotFound("partner " + name)
	}
	return p, err
}

// Partners returns every partner, by name.
func (s *Store) Partners(ctx context.Context) ([]Partner, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+partnerColumns+` FROM partners p ORDER BY lower(p.name)`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Partner, error) { return scanPartner(r) })
}

// UpsertPartner creates the partner by name or updates its kind, regions and URL; it returns
// the stored partner with its id.
func (s *Store) UpsertPartner(ctx context.Context, p Partner) (Partner, error) {
	return upsertPartner(ctx, s.pool, p)
}

func upsertPartner(ctx context.Context, q db.Querier, p Partner) (Partner, error) {
	if strings.TrimSpace(p.Name) == "" {
		return Partner{}, ratewise.Invalid("partner", "A partner needs a name.")
	}
	switch p.Kind {
	case PartnerLender, PartnerInsurer, PartnerMerchant:
	default:
		return Partner{}, ratewise.Invalid("partner_kind", "Partner kind must be lender, insurer or merchant.")
	}
	if p.Regions == nil {
		p.Regions = []string{}
	}
	return scanPartner(q.QueryRow(ctx, `
		WITH found AS (
			UPDATE partners SET kind = $2, regions = $3, url = CASE WHEN $4 = '' THEN url ELSE $4 END, updated_at = now()
			WHERE lower(name) = lower($1) RETURNING *
		), created AS (
			INSERT INTO partners (name, kind, regions, url) SELECT $1, $2, $3, $4
			WHERE NOT EXISTS (SELECT 1 FROM found) RETURNING *
		)
		SELECT `+partnerColumns+` FROM (SELECT * FROM found UNION ALL SELECT * FROM created) p`,
		strings.TrimSpace(p.Name), p.Kind, p.Regions, p.URL))
}

const offerColumns = `o.id, o.partner_id, p.name, o.external_id, o.product_type, o.name, o.currency, o.regions,
	o.active_from, o.active_until, o.rate, o.rate_min, o.rate_max, o.rate_bands,
	o.origination_fee_pct, o.origination_fee_flat, o.origination_fee_min, o.origination_fee_max,
	o.prepayment_penalty_pct, o.amount_min, o.amount_max, o.terms_months, o.promo_months, o.promo_apr,
	o.transfer_fee_pct, o.transfer_fee_min, o.point_of_sale, o.instalments, o.annual_premium,
	o.premium_bands, o.monthly_premium, o.coverage_limit, o.deductible, o.features, o.exclusions,
	o.description, o.terms, o.url, o.min_credit_score, o.min_income, o.max_dti, o.updated_at`

func scanOffer(row pgx.Row) (Offer, error) {
	var o Offer
	err := row.Scan(&o.ID, &o.PartnerID, &o.PartnerName, &o.ExternalID, &o.ProductType, &o.Name, &o.Currency, &o.Regions,
		&o.ActiveFrom, &o.ActiveUntil, &o.Rate, &o.RateMin, &o.RateMax, &o.RateBands,
		&o.OriginationFeePct, &o.OriginationFeeFlat, &o.OriginationFeeMin, &o.OriginationFeeMax,
		&o.PrepaymentPenaltyPct, &o.AmountMin, &o.AmountMax, &o.TermsMonths, &o.PromoMonths, &o.PromoAPR,
		&o.TransferFeePct, &o.TransferFeeMin, &o.PointOfSale, &o.Instalments, &o.AnnualPremium,
		&o.PremiumBands, &o.MonthlyPremium, &o.CoverageLimit, &o.Deductible, &o.Features, &o.Exclusions,
		&o.Description, &o.Terms, &o.URL, &o.MinCreditScore, &o.MinIncome, &o.MaxDTI, &o.UpdatedAt)
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
