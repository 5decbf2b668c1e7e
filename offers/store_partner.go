package offers

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"

	"ratewise"
	"ratewise/db"
)

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
