package offers

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"ratewise"
)

// Financing is the financing message for a cart at the merchant partnerID's checkout, from
// its active point-of-sale offers (FinancingFor).
func (s *Store) Financing(ctx context.Context, partnerID int64, amount decimal.Decimal, currency, locale string) (Financing, error) {
	active := true
	list, err := s.Offers(ctx, OfferFilter{PartnerID: partnerID, Active: &active, Limit: MaxOfferLimit})
	if err != nil {
		return Financing{}, err
	}
	return FinancingFor(list, amount, currency, locale, s.now()), nil
}

// LogImpression records that f was rendered on partnerID's page: each plan's disclosure text
// (stored once per distinct text, by its hash, with its rule version) and the impression
// that showed them, or the reason nothing was shown. It returns the impression's id.
func (s *Store) LogImpression(ctx context.Context, partnerID int64, f Financing) (int64, error) {
	var id int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		ids := make([]int64, len(f.Plans))
		hashes := make([][]byte, len(f.Plans))
		for i, p := range f.Plans {
			ids[i], hashes[i] = p.OfferID, p.DisclosureHash()
			if _, err := tx.Exec(ctx, `INSERT INTO financing_disclosures (text_hash, text, jurisdiction, rule_version)
				VALUES ($1, $2, $3, $4) ON CONFLICT (text_hash) DO NOTHING`, hashes[i], p.Disclosure, p.Jurisdiction, p.RuleVersion); err != nil {
				return err
			}
		}
		return tx.QueryRow(ctx, `INSERT INTO financing_impressions (partner_id, amount, currency, offer_ids, disclosure_hashes, hidden_reason)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, partnerID, f.Amount, f.Currency, ids, hashes, f.HiddenReason).Scan(&id)
	})
	return id, err
}

// Impression is one logged financing message with its disclosures' texts, for a partner's
// compliance team.
type Impression struct {
	ID           int64
	Amount       decimal.Decimal
	Currency     string
	HiddenReason string
	Disclosures  []LoggedDisclosure
}

// LoggedDisclosure is one disclosure as logged: its text, the text's SHA-256 and the rule.
type LoggedDisclosure struct {
	OfferID      int64
	Text         string
	Hash         []byte
	Jurisdiction string
	RuleVersion  string
}

// Impression returns the logged impression id of partnerID; another partner's is not found.
func (s *Store) Impression(ctx context.Context, partnerID, id int64) (Impression, error) {
	var im Impression
	err := s.pool.QueryRow(ctx, `SELECT id, amount, currency, hidden_reason FROM financing_impressions
		WHERE id = $1 AND partner_id = $2`, id, partnerID).Scan(&im.ID, &im.Amount, &im.Currency, &im.HiddenReason)
	if err == pgx.ErrNoRows {
		return im, ratewise.NotFound("impression")
	}
	if err != nil {
		return im, err
	}
	rows, err := s.pool.Query(ctx, `SELECT u.offer_id, d.text, d.text_hash, d.jurisdiction, d.rule_version
		FROM financing_impressions i, unnest(i.offer_ids, i.disclosure_hashes) WITH ORDINALITY AS u(offer_id, text_hash, n)
		JOIN financing_disclosures d ON d.text_hash = u.text_hash
		WHERE i.id = $1 ORDER BY u.n`, id)
	if err != nil {
		return im, err
	}
	im.Disclosures, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (LoggedDisclosure, error) {
		var d LoggedDisclosure
		err := r.Scan(&d.OfferID, &d.Text, &d.Hash, &d.Jurisdiction, &d.RuleVersion)
		return d, err
	})
	return im, err
}

// ClickImpression records that the shopper opened the chat from impression id. Only a shown
// message of partnerID counts, once; anything else is ENOTFOUND.
func (s *Store) ClickImpression(ctx context.Context, partnerID, id int64) error {
	tag, err := s.pool.Exec(ctx, `UPDATE financing_impressions SET clicked_at = coalesce(clicked_at, now())
		WHERE id = $1 AND partner_id = $2 AND hidden_reason = ''`, id, partnerID)
	if err == nil && tag.RowsAffected() == 0 {
		return ratewise.NotFound("impression")
	}
	return err
}

// FinancingStats counts a partner's financing messages shown from from (inclusive) to to
// (exclusive), and the clicks made on messages in that period; a zero time leaves that end
// open.
func (s *Store) FinancingStats(ctx context.Context, partnerID int64, from, to time.Time) (impressions, clicks int64, err error) {
	bound := func(t time.Time) *time.Time {
		if t.IsZero() {
			return nil
		}
		return &t
	}
	err = s.pool.QueryRow(ctx, `SELECT
		count(*) FILTER (WHERE hidden_reason = ''
			AND ($2::timestamptz IS NULL OR created_at >= $2) AND ($3::timestamptz IS NULL OR created_at < $3)),
		count(*) FILTER (WHERE clicked_at IS NOT NULL
			AND ($2::timestamptz IS NULL OR clicked_at >= $2) AND ($3::timestamptz IS NULL OR clicked_at < $3))
		FROM financing_impressions WHERE partner_id = $1`, partnerID, bound(from), bound(to)).Scan(&impressions, &clicks)
	return impressions, clicks, err
}

// DeleteOffer deletes partnerID's offer with externalID.
func (s *Store) DeleteOffer(ctx context.Context, partnerID int64, externalID string) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM offers WHERE partner_id = $1 AND external_id = $2`, partnerID, strings.TrimSpace(externalID))
	if err == nil && tag.RowsAffected() == 0 {
		return ratewise.NotFound("offer " + externalID)
	}
	return err
}
