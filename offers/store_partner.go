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

// DeletePartners deletes the partners with ids and, with them, their offers. It returns how
// many partners it deleted; ids that name none are skipped.
func (s *Store) DeletePartners(ctx context.Context, ids []int64) (int, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM partners WHERE id = ANY($1)`, ids)
	if err != nil {
		return 0, err
	}
	return int(tag.RowsAffected()), nil
}

// CatalogueVersion is a value that changes whenever a partner or an offer is created, changed
// (by any statement, whether or not it sets updated_at) or deleted, and whenever an offer's
// active window opens or closes; it is cheap to read (one pass over each table's ids, no
// offer text). Equal values mean an unchanged catalogue.
//
// A copy of the catalogue kept elsewhere (the search index's offer passages) stays in step by
// reading the version before it copies and remembering it: while later reads return the
// same value there is nothing to copy again. Reading it before the copy, never after, makes
// a change that lands during the copy show in the next read.
func (s *Store) CatalogueVersion(ctx context.Context) (string, error) {
	// xmin is the transaction that wrote a row's current version: every UPDATE gives a new one.
	var v string
	err := s.pool.QueryRow(ctx, `SELECT concat_ws(':',
		(SELECT md5(coalesce(string_agg(id || '.' || xmin, ',' ORDER BY id), '')) FROM partners),
		(SELECT md5(coalesce(string_agg(id || '.' || xmin, ',' ORDER BY id), '')) FROM offers),
		(SELECT count(*) FILTER (WHERE active_from <= $1) + count(*) FILTER (WHERE active_until <= $1) FROM offers))`,
		s.now()).Scan(&v)
	return v, err
}
