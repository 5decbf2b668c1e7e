package assistant

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"ratewise"
)

// ClaimNext gives agentID the most urgent waiting conversation: highest priority, then
// oldest. Rows are taken with FOR UPDATE SKIP LOCKED, so agents claiming at once never get
// the same one and never wait on each other; the conversation moves queued → assigned with a
// compare-and-set. With nothing waiting it returns ENOTFOUND. The staff console builds on this.
func (s *Store) ClaimNext(ctx context.Context, agentID int64) (*Conversation, error) {
	var conv *Conversation
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var handoffID, convID int64
		err := tx.QueryRow(ctx, `SELECT id, conversation_id FROM handoffs WHERE state = 'waiting'
			ORDER BY priority DESC, id FOR UPDATE SKIP LOCKED LIMIT 1`).Scan(&handoffID, &convID)
		if errors.Is(err, pgx.ErrNoRows) {
			return ratewise.NotFound("waiting conversation")
		}
		if err != nil {
			return err
		}
		if err := transition(ctx, tx, convID, StateQueued, StateAssigned); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE handoffs SET state = 'claimed', claimed_by = $2, claimed_at = now() WHERE id = $1`, handoffID, agentID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE conversations SET agent_id = $2 WHERE id = $1`, convID, agentID); err != nil {
			return err
		}
		if _, err := publish(ctx, tx, convID, EventHandoffUpdated, HandoffStatus{State: StateAssigned}); err != nil {
			return err
		}
		conv, err = s.conversationByID(ctx, tx, convID)
		return err
	})
	return conv, err
}
