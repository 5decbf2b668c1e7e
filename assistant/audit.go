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
	ID             int64     `json:"id"`
	ActorID        *int64    `json:"actor_id"`
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
	rows, err := c.pool.Query(ctx, `SELECT id, actor_id, action, conversation_id, message_id, field, reason, created_at
		FROM audit_log WHERE ($1 = 0 OR id < $1) AND ($2 = 0 OR conversation_id = $2) AND ($3 = '' OR action = $3)
		ORDER BY id DESC LIMIT $4`, f.Before, f.ConversationID, f.Action, f.Limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[AuditEntry])
}
