package assistant

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"ratewise/db"
)

// AuditEntry is one row of the audit log: a staff view of a conversation, or a reveal of
// masked data with its reason.
type AuditEntry struct {
	ID      int64  `json:"id"`
	ActorID *int64 `json:"actor_id"`
	// ActorName is the staff member's display name (their account's name when they have
	// none), so a reader of the log need not look ids up.
	ActorName      string    `json:"actor_name"`
	Action         string    `json:"action"`
	ConversationID *int64    `json:"conversation_id"`
	MessageID      *int64    `json:"message_id"`
	Field          string    `json:"field"`
	Reason         string    `json:"reason"`
	CreatedAt      time.Time `json:"created_at"`
}

func (c *Console) audit(ctx context.Context, q db.Querier, actor int64, action string, convID, messageID int64, field, reason string) error {
	var msg any
	if messageID != 0 {
		msg = messageID
	}
	_, err := q.Exec(ctx, `INSERT INTO audit_log (actor_id, action, conversation_id, message_id, field, reason)
		VALUES ($1, $2, $3, $4, $5, $6)`, actor, action, convID, msg, field, reason)
	return err
}

// AuditFilter selects audit entries: newest first, before an id (paging), of one
// conversation or one action.
type AuditFilter struct {
	Before         int64
	ConversationID int64
	Action         string
	Limit          int
}

// AuditLog returns audit entries, newest first.
func (c *Console) AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	rows, err := c.pool.Query(ctx, `SELECT a.id, a.actor_id, coalesce(s.display_name, ''), a.action, a.conversation_id,
			a.message_id, a.field, a.reason, a.created_at
		FROM audit_log a LEFT JOIN staff s ON s.user_id = a.actor_id
		WHERE ($1 = 0 OR a.id < $1) AND ($2 = 0 OR a.conversation_id = $2) AND ($3 = '' OR a.action = $3)
		ORDER BY a.id DESC LIMIT $4`, f.Before, f.ConversationID, f.Action, f.Limit)
	if err != nil {
		return nil, err
	}
	es, err := pgx.CollectRows(rows, pgx.RowToStructByPos[AuditEntry])
	if err != nil {
		return nil, err
	}
	names := c.staffNames()
	for i := range es {
		if es[i].ActorID != nil {
			es[i].ActorName = names(ctx, *es[i].ActorID, es[i].ActorName)
		}
	}
	return es, nil
}

// staffNames returns a lookup of staff names for one listing: the display name when there is
// one, else the account's name, each account looked up once.
func (c *Console) staffNames() func(ctx context.Context, id int64, display string) string {
	seen := map[int64]string{}
	return func(ctx context.Context, id int64, display string) string {
		if display != "" {
			return display
		}
		n, ok := seen[id]
		if !ok {
			n = c.name(ctx, id)
			seen[id] = n
		}
		return n
	}
}
