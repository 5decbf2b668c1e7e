package assistant

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"ratewise"
	"ratewise/db"
)

// Conversations opened from a partner merchant's widget. They are ordinary conversations of
// a shopper account (one nobody signs in to), marked with the partner so its statistics
// count them and nothing else, and holding the cart the shopper had when the chat opened.

// CreatePartnerConversation starts a conversation for the shopper userID of partnerID with
// cartContext (JSON, or nil). When opening is not empty, the assistant's first message says
// it: the financing figures for the cart, worded by offers exactly as the shop's page showed
// them, so the chat starts from the same numbers.
func (s *Store) CreatePartnerConversation(ctx context.Context, userID, partnerID int64, cartContext json.RawMessage, opening string) (*Conversation, error) {
	var c *Conversation
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var ctxArg any
		if len(cartContext) > 0 {
			ctxArg = cartContext
		}
		var err error
		c, err = scanConversation(tx.QueryRow(ctx, `INSERT INTO conversations (user_id, partner_id, context)
			VALUES ($1, $2, $3) RETURNING `+conversationColumns, userID, partnerID, ctxArg))
		if db.IsCode(err, db.ForeignKeyViolation) {
			return ratewise.NotFound("shopper")
		}
		if err != nil || opening == "" {
			return err
		}
		return insertMessage(ctx, tx, &Message{ConversationID: c.ID, Role: RoleAssistant, Text: opening})
	})
	return c, err
}

// MoveConversation gives partnerID's conversation id of shopper from to shopper to: how an
// anonymous shopper's chat becomes theirs once the merchant identifies them. A conversation
// that is not from's, or not of that partner, is ENOTFOUND.
func (s *Store) MoveConversation(ctx context.Context, partnerID, id, from, to int64) error {
	tag, err := s.pool.Exec(ctx, `UPDATE conversations SET user_id = $4, updated_at = now()
		WHERE id = $1 AND partner_id = $2 AND user_id = $3`, id, partnerID, from, to)
	if err == nil && tag.RowsAffected() == 0 {
		return ratewise.NotFound("conversation")
	}
	return err
}

// PartnerStats counts what happened in one partner's widget conversations.
type PartnerStats struct {
	Conversations int64
	// Handoffs counts conversations that asked for a person at least once.
	Handoffs int64
	Ratings  int64
	// AverageRating is the mean score, to two places ("" with no ratings).
	AverageRating string
}

// LatestPartnerConversation is the id of userID's most recent conversation on partnerID's
// widget that is not closed: where an identified shopper picks up on another visit or device.
// None is ENOTFOUND.
func (s *Store) LatestPartnerConversation(ctx context.Context, userID, partnerID int64) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `SELECT id FROM conversations WHERE user_id = $1 AND partner_id = $2 AND state <> 'closed'
		ORDER BY id DESC LIMIT 1`, userID, partnerID).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, ratewise.NotFound("conversation")
	}
	return id, err
}

// openBound is a statistics period's end as a query argument: NULL when zero (open).
func openBound(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// PartnerStats returns partnerID's statistics from from (inclusive) to to (exclusive), a
// zero time leaving that end open; no other partner's conversation is counted. Each number
// counts what happened in the period: conversations started, conversations that entered the
// queue, ratings given.
func (s *Store) PartnerStats(ctx context.Context, partnerID int64, from, to time.Time) (PartnerStats, error) {
	var st PartnerStats
	var avg *string
	err := s.pool.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM conversations WHERE partner_id = $1
			AND ($2::timestamptz IS NULL OR created_at >= $2) AND ($3::timestamptz IS NULL OR created_at < $3)),
		(SELECT count(DISTINCT t.conversation_id) FROM conversation_transitions t JOIN conversations c ON c.id = t.conversation_id
			WHERE c.partner_id = $1 AND t.to_phase = 'queued'
			AND ($2::timestamptz IS NULL OR t.created_at >= $2) AND ($3::timestamptz IS NULL OR t.created_at < $3)),
		count(*), round(avg(r.score), 2)::text
		FROM conversation_ratings r JOIN conversations c ON c.id = r.conversation_id WHERE c.partner_id = $1
			AND ($2::timestamptz IS NULL OR r.created_at >= $2) AND ($3::timestamptz IS NULL OR r.created_at < $3)`,
		partnerID, openBound(from), openBound(to)).Scan(&st.Conversations, &st.Handoffs, &st.Ratings, &avg)
	if avg != nil {
		st.AverageRating = *avg
	}
	return st, err
}
