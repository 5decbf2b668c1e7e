package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// standInAgent plays the support agent for the browser tests: it joins, writes and closes a
// conversation the way the console does — a state change, a stored message and an event
// announced with NOTIFY — so the consumer page can be seen reacting to a person. It writes the
// assistant package's tables directly because the console API is not part of this issue;
// if their shape changes, these tests say so loudly.
type standInAgent struct {
	pool *pgxpool.Pool
}

// publish stores an event and tells every server instance, as assistant's publish does.
func publish(ctx context.Context, tx pgx.Tx, conv int64, typ string, data any) error {
	raw, err := json.Marshal(data)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `WITH e AS (
		INSERT INTO conversation_events (conversation_id, type, data) VALUES ($1, $2, $3) RETURNING id, conversation_id)
		SELECT pg_notify('ratewise_events', json_build_object('id', e.id, 'conversation_id', e.conversation_id)::text) FROM e`,
		conv, typ, raw)
	return err
}

func (a *standInAgent) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
	defer cancel()
	conv, err := strconv.ParseInt(r.URL.Query().Get("conversation"), 10, 64)
	if err != nil {
		http.Error(w, "conversation=ID", http.StatusBadRequest)
		return
	}
	if r.URL.Path == "/agent/rating" {
		var out struct {
			Score   int    `json:"score"`
			Comment string `json:"comment"`
		}
		err := a.pool.QueryRow(ctx, `SELECT score, comment FROM conversation_ratings WHERE conversation_id = $1`, conv).Scan(&out.Score, &out.Comment)
		if err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		_ = json.NewEncoder(w).Encode(out)
		return
	}
	err = pgx.BeginFunc(ctx, a.pool, func(tx pgx.Tx) error {
		switch r.URL.Path {
		case "/agent/join":
			if _, err := tx.Exec(ctx, `UPDATE conversations SET state = 'assigned', updated_at = now() WHERE id = $1`, conv); err != nil {
				return err
			}
			if err := publish(ctx, tx, conv, "handoff.updated", map[string]any{"state": "assigned", "position": 0, "eta_seconds": 0}); err != nil {
				return err
			}
			return publish(ctx, tx, conv, "agent.joined", map[string]string{"name": r.URL.Query().Get("name")})
		case "/agent/say":
			m := map[string]any{"role": "agent", "text": r.URL.Query().Get("text")}
			var id int64
			var at time.Time
			if err := tx.QueryRow(ctx, `INSERT INTO messages (conversation_id, role, text) VALUES ($1, 'agent', $2) RETURNING id, created_at`,
				conv, m["text"]).Scan(&id, &at); err != nil {
				return err
			}
			m["id"], m["created_at"] = id, at
			return publish(ctx, tx, conv, "message.created", m)
		case "/agent/close":
			if _, err := tx.Exec(ctx, `UPDATE conversations SET state = 'closed', updated_at = now() WHERE id = $1`, conv); err != nil {
				return err
			}
			return publish(ctx, tx, conv, "conversation.closed", map[string]string{"resolution": "resolved"})
		}
		return errors.New("no such action")
	})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}
