package assistant

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"ratewise"
)

// ReviewLabels are what a reviewer may say is wrong with an answer.
var ReviewLabels = []string{"wrong_figure", "wrong_offer", "missing_disclosure", "late_handoff", "tone", "unsafe", "other"}

// Review is one reviewer's verdict on one assistant message.
type Review struct {
	ID         int64     `json:"id"`
	MessageID  int64     `json:"message_id"`
	ReviewerID int64     `json:"reviewer_id"`
	Rating     string    `json:"rating"`
	Labels     []string  `json:"labels"`
	Note       string    `json:"note"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// ReviewMessage stores a's review of an assistant message: good or bad, labels and a note.
// Reviewing it again replaces a's own review and nobody else's. An agent may review the
// messages of conversations they can open; supervisors any.
func (c *Console) ReviewMessage(ctx context.Context, a Actor, messageID int64, rating string, labels []string, note string) (Review, error) {
	if rating != "good" && rating != "bad" {
		return Review{}, ratewise.Invalid("rating", "rating is good or bad.")
	}
	if labels == nil {
		labels = []string{}
	}
	for _, l := range labels {
		if !slices.Contains(ReviewLabels, l) {
			return Review{}, ratewise.Invalid("labels", "Unknown label %q; use %s.", l, strings.Join(ReviewLabels, ", "))
		}
	}
	slices.Sort(labels)
	labels = slices.Compact(labels)
	note, err := validateNote("note", note, false)
	if err != nil {
		return Review{}, err
	}
	var convID int64
	var role string
	err = c.pool.QueryRow(ctx, `SELECT conversation_id, role FROM messages WHERE id = $1`, messageID).Scan(&convID, &role)
	if errors.Is(err, pgx.ErrNoRows) {
		return Review{}, ratewise.NotFound("message")
	}
	if err != nil {
		return Review{}, err
	}
	if err := c.CanSee(ctx, c.pool, a, convID); err != nil {
		return Review{}, ratewise.NotFound("message")
	}
	if role != RoleAssistant {
		return Review{}, ratewise.Unprocessable("message_id", "Only the assistant's answers are reviewed.")
	}
	r := Review{MessageID: messageID, ReviewerID: a.ID, Rating: rating, Labels: labels, Note: note}
	err = c.pool.QueryRow(ctx, `INSERT INTO message_reviews (message_id, reviewer_id, rating, labels, note) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (message_id, reviewer_id) DO UPDATE SET rating = EXCLUDED.rating, labels = EXCLUDED.labels,
			note = EXCLUDED.note, updated_at = now()
		RETURNING id, created_at, updated_at`, messageID, a.ID, rating, labels, note).Scan(&r.ID, &r.CreatedAt, &r.UpdatedAt)
	return r, err
}

// ReviewItem is an assistant message in the review queue, with why it is there.
type ReviewItem struct {
	MessageID      int64     `json:"message_id"`
	ConversationID int64     `json:"conversation_id"`
	Text           string    `json:"text"`
	Flags          []string  `json:"flags"`
	Why            []string  `json:"why"`
	CreatedAt      time.Time `json:"created_at"`
	Reviews        []Review  `json:"reviews"`
}

// Why a message is in the review queue.
const (
	WhyFlagged   = "guard_flagged"  // the grounding guard replaced it
	WhyFallback  = "fallback"       // the planner answered because the model failed
	WhyHandedOff = "handed_off"     // its conversation went to a person
	WhyFigure    = "quoted_figures" // it quotes a rate or an amount
	WhySample    = "sample"         // the 10 % sample of assistant-only conversations
)

// reviewQueueSQL picks the assistant messages to review. A quoted figure is a percentage, a
// currency sign or code next to a number; the sample takes the assistant-only conversations
// whose id hashes to 0 modulo 10 — the same ones on every run and instance, about 10 %.
const reviewQueueSQL = `SELECT id, conversation_id, text, flags, created_at, why FROM (
	SELECT m.id, m.conversation_id, m.text, m.flags, m.created_at,
		array_remove(ARRAY[
			CASE WHEN 'ungrounded' = ANY (m.flags) THEN 'guard_flagged' END,
			CASE WHEN 'fallback' = ANY (m.flags) THEN 'fallback' END,
			CASE WHEN h.handed THEN 'handed_off' END,
			CASE WHEN m.text ~ '\d\s?%' OR m.text ~ '[$€£]\s?\d' OR m.text ~* '\d\s?(usd|eur|gbp|sek)\M' THEN 'quoted_figures' END,
			CASE WHEN NOT h.handed AND abs(hashtext(m.conversation_id::text)) % 10 = 0 THEN 'sample' END
		], NULL) AS why,
		EXISTS (SELECT 1 FROM message_reviews r WHERE r.message_id = m.id) AS reviewed
	FROM messages m
	CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM handoffs x WHERE x.conversation_id = m.conversation_id) AS handed) h
	WHERE m.role = 'assistant' AND ($2 = 0 OR m.id < $2)
) q WHERE cardinality(why) > 0 AND ($1 = 'all' OR ($1 = 'pending') = NOT reviewed)
ORDER BY id DESC LIMIT $3`

// ReviewQueue lists the messages to review, newest first: status pending (nobody has
// reviewed them), reviewed, or all; before pages by message id.
func (c *Console) ReviewQueue(ctx context.Context, status string, before int64, limit int) ([]ReviewItem, error) {
	switch status {
	case "":
		status = "pending"
	case "pending", "reviewed", "all":
	default:
		return nil, ratewise.Invalid("status", "status is pending, reviewed or all.")
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := c.pool.Query(ctx, reviewQueueSQL, status, before, limit)
	if err != nil {
		return nil, err
	}
	items, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (ReviewItem, error) {
		var it ReviewItem
		err := r.Scan(&it.MessageID, &it.ConversationID, &it.Text, &it.Flags, &it.CreatedAt, &it.Why)
		it.Text, _ = MaskText(it.Text)
		it.Reviews = []Review{}
		return it, err
	})
	if err != nil || len(items) == 0 {
		return items, err
	}
	ids := make([]int64, len(items))
	at := map[int64]int{}
	for i, it := range items {
		ids[i], at[it.MessageID] = it.MessageID, i
	}
	rows, err = c.pool.Query(ctx, `SELECT id, message_id, reviewer_id, rating, labels, note, created_at, updated_at
		FROM message_reviews WHERE message_id = ANY ($1) ORDER BY id`, ids)
	if err != nil {
		return nil, err
	}
	reviews, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Review])
	if err != nil {
		return nil, err
	}
	for _, r := range reviews {
		i := at[r.MessageID]
		items[i].Reviews = append(items[i].Reviews, r)
	}
	return items, nil
}
