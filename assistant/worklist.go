package assistant

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// QueueItem is a waiting conversation as every staff member may see it: masked.
type QueueItem struct {
	ID             int64     `json:"id"`
	Priority       int       `json:"priority"`
	Reason         string    `json:"reason"`
	WaitingSeconds int       `json:"waiting_seconds"`
	Language       string    `json:"language"`
	ProductType    string    `json:"product_type"`
	Preview        string    `json:"preview"`
	Position       int       `json:"position"`
	Offered        bool      `json:"offered"`
	Requeued       bool      `json:"requeued"`
	QueuedAt       time.Time `json:"queued_at"`
	// Overdue: it has waited at least the SLA warning time (CONSOLE_SLA_WARNING).
	Overdue bool `json:"overdue"`
}

// Queue returns the waiting conversations in queue order, previews masked.
func (c *Console) Queue(ctx context.Context) ([]QueueItem, error) {
	rows, err := c.pool.Query(ctx, `SELECT h.conversation_id, h.priority, h.reason_category,
		extract(epoch FROM now() - h.created_at)::int, h.language, h.product_type,
		coalesce((SELECT m.text FROM messages m WHERE m.conversation_id = h.conversation_id AND m.role = 'user' ORDER BY m.id DESC LIMIT 1), ''),
		row_number() OVER (ORDER BY `+queueOrder+`)::int, c.phase = 'offered', h.requeued, h.created_at
		FROM handoffs h JOIN conversations c ON c.id = h.conversation_id
		WHERE h.state = 'waiting' ORDER BY `+queueOrder+` LIMIT 500`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (QueueItem, error) {
		var q QueueItem
		err := r.Scan(&q.ID, &q.Priority, &q.Reason, &q.WaitingSeconds, &q.Language, &q.ProductType, &q.Preview, &q.Position, &q.Offered, &q.Requeued, &q.QueuedAt)
		masked, _ := MaskText(q.Preview)
		q.Preview = truncate(masked, 200)
		q.Overdue = time.Duration(q.WaitingSeconds)*time.Second >= c.settings.SLAWarning
		return q, err
	})
}

// HeldConversation is one conversation in an agent's "mine" list.
type HeldConversation struct {
	ID           int64     `json:"id"`
	State        string    `json:"state"`
	AgentID      *int64    `json:"agent_id"`
	Reason       string    `json:"reason"`
	LastMessage  string    `json:"last_message"`
	LastRole     string    `json:"last_role"`
	UpdatedAt    time.Time `json:"updated_at"`
	AwaitsAnswer bool      `json:"awaits_answer"`
}

// Held returns the conversations a holds (supervisors with all: every assigned one), most
// recently active first.
func (c *Console) Held(ctx context.Context, a Actor, all bool) ([]HeldConversation, error) {
	rows, err := c.pool.Query(ctx, `SELECT c.id, c.state, c.agent_id,
		coalesce((SELECT h.reason_category FROM handoffs h WHERE h.conversation_id = c.id ORDER BY h.id DESC LIMIT 1), ''),
		coalesce(m.text, ''), coalesce(m.role, ''), c.updated_at, coalesce(m.role = 'user', false)
		FROM conversations c
		LEFT JOIN LATERAL (SELECT text, role FROM messages WHERE conversation_id = c.id AND role <> 'tool' ORDER BY id DESC LIMIT 1) m ON true
		WHERE c.phase = 'assigned' AND (c.agent_id = $1 OR $2)
		ORDER BY c.updated_at DESC LIMIT 200`, a.ID, all && a.Supervisor)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (HeldConversation, error) {
		var h HeldConversation
		err := r.Scan(&h.ID, &h.State, &h.AgentID, &h.Reason, &h.LastMessage, &h.LastRole, &h.UpdatedAt, &h.AwaitsAnswer)
		masked, _ := MaskText(h.LastMessage)
		h.LastMessage = truncate(masked, 200)
		return h, err
	})
}

// Offers returns the open offers made to a, oldest first, shaped like offer.created.
func (c *Console) Offers(ctx context.Context, a Actor) ([]OfferCreated, error) {
	rows, err := c.pool.Query(ctx, `SELECT o.id, o.conversation_id, o.expires_at, h.reason_category, h.priority, h.language,
		h.product_type, extract(epoch FROM now() - h.created_at)::int
		FROM dispatch_offers o JOIN handoffs h ON h.id = o.handoff_id
		WHERE o.agent_id = $1 AND o.state = 'pending' AND o.expires_at > now() ORDER BY o.id`, a.ID)
	if err != nil {
		return nil, err
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (OfferCreated, error) {
		var o OfferCreated
		err := r.Scan(&o.OfferID, &o.ConversationID, &o.ExpiresAt, &o.Reason, &o.Priority, &o.Language, &o.ProductType, &o.WaitingSeconds)
		return o, err
	})
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Preview, err = c.preview(ctx, c.pool, out[i].ConversationID); err != nil {
			return nil, err
		}
	}
	return out, nil
}
