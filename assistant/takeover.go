package assistant

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"ratewise"
	"ratewise/db"
)

// MaxNoteChars bounds a private note, a release note and a canned reply.
const MaxNoteChars = 4000

// Resolution codes an agent closes a conversation with.
var Resolutions = []string{"resolved", "information_given", "referred_to_partner", "follow_up_scheduled",
	"no_response", "duplicate", "spam", "other"}

// held reports, under the conversation's row lock, whether a is the agent who holds it. A
// conversation someone else holds, or nobody, is ENOTFOUND: staff learn nothing of
// conversations that are not theirs.
func held(ctx context.Context, tx pgx.Tx, a Actor, convID int64) (phase string, err error) {
	var agent *int64
	err = tx.QueryRow(ctx, `SELECT phase, agent_id FROM conversations WHERE id = $1 FOR UPDATE`, convID).Scan(&phase, &agent)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", ratewise.NotFound("conversation")
	}
	if err != nil {
		return "", err
	}
	if phase != PhaseAssigned || agent == nil || *agent != a.ID {
		return "", ratewise.NotFound("conversation")
	}
	return phase, nil
}

// CanSee reports whether a may open the conversation: supervisors see every one; an agent the
// ones they hold and the one offered to them. Otherwise it is ENOTFOUND.
func (c *Console) CanSee(ctx context.Context, q db.Querier, a Actor, convID int64) error {
	var ok bool
	err := q.QueryRow(ctx, `SELECT $3 OR (c.phase = 'assigned' AND c.agent_id = $2)
		OR EXISTS (SELECT 1 FROM dispatch_offers o WHERE o.conversation_id = c.id AND o.agent_id = $2 AND o.state = 'pending')
		FROM conversations c WHERE c.id = $1`, convID, a.ID, a.Supervisor).Scan(&ok)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && !ok) {
		return ratewise.NotFound("conversation")
	}
	return err
}

// Accept takes an offer made to a. An offer that expired, was withdrawn or was already
// answered is ECONFLICT; someone else's is ENOTFOUND.
func (c *Console) Accept(ctx context.Context, a Actor, offerID int64) (int64, error) {
	var conv int64
	err := c.eng.Store.inTx(ctx, func(tx pgx.Tx) error {
		var agent int64
		var state string
		var live bool
		err := tx.QueryRow(ctx, `SELECT conversation_id, agent_id, state, expires_at > now() FROM dispatch_offers WHERE id = $1 FOR UPDATE`,
			offerID).Scan(&conv, &agent, &state, &live)
		if errors.Is(err, pgx.ErrNoRows) || (err == nil && agent != a.ID) {
			return ratewise.NotFound("offer")
		}
		if err != nil {
			return err
		}
		if state != "pending" || !live {
			return ratewise.Errorf(ratewise.ECONFLICT, "This offer is no longer open: it expired or was answered.")
		}
		if _, err := tx.Exec(ctx, `UPDATE dispatch_offers SET state = 'accepted', decided_at = now() WHERE id = $1`, offerID); err != nil {
			return err
		}
		if err := clearTimer(ctx, tx, timerOffer, offerID); err != nil {
			return err
		}
		cause := a.cause()
		cause.Trigger, cause.OfferID, cause.Reason = "accept", offerID, "accepted the offer"
		if err := assign(ctx, tx, conv, PhaseOffered, a.ID, cause); err != nil {
			return err
		}
		return notifyConsole(ctx, tx, AgentTopic(a.ID), EventOfferExpired, OfferEnded{OfferID: offerID, ConversationID: conv, Reason: "accepted"})
	})
	return conv, err
}

// Decline turns an offer down; the conversation is offered to someone else, never again to a.
func (c *Console) Decline(ctx context.Context, a Actor, offerID int64, reason string) error {
	if utf8Len(reason) > 500 {
		return ratewise.Invalid("reason", "A reason is at most 500 characters.")
	}
	err := c.eng.Store.inTx(ctx, func(tx pgx.Tx) error {
		var conv, agent int64
		var state string
		err := tx.QueryRow(ctx, `SELECT conversation_id, agent_id, state FROM dispatch_offers WHERE id = $1 FOR UPDATE`, offerID).Scan(&conv, &agent, &state)
		if errors.Is(err, pgx.ErrNoRows) || (err == nil && agent != a.ID) {
			return ratewise.NotFound("offer")
		}
		if err != nil {
			return err
		}
		if state != "pending" {
			return ratewise.Errorf(ratewise.ECONFLICT, "This offer is no longer open: it expired or was answered.")
		}
		if reason == "" {
			reason = "declined"
		}
		cause := a.cause()
		cause.Trigger, cause.Reason = "decline", reason
		return c.endOffer(ctx, tx, offerID, conv, a.ID, "declined", cause)
	})
	if err == nil {
		c.Kick()
	}
	return err
}

// Claim takes a queued conversation straight from the queue. One that someone holds, or that
// is offered to someone else, is ECONFLICT; so is a claim past an agent's capacity.
func (c *Console) Claim(ctx context.Context, a Actor, convID int64) error {
	return c.eng.Store.inTx(ctx, func(tx pgx.Tx) error {
		var phase string
		var agent *int64
		err := tx.QueryRow(ctx, `SELECT phase, agent_id FROM conversations WHERE id = $1 FOR UPDATE`, convID).Scan(&phase, &agent)
		if errors.Is(err, pgx.ErrNoRows) {
			return ratewise.NotFound("conversation")
		}
		if err != nil {
			return err
		}
		cause := a.cause()
		cause.Trigger, cause.Reason = "claim", "claimed from the queue"
		switch {
		case phase == PhaseOffered && agent != nil && *agent == a.ID:
			// Claiming what is offered to you is accepting it.
			var offerID int64
			if err := tx.QueryRow(ctx, `UPDATE dispatch_offers SET state = 'accepted', decided_at = now()
				WHERE conversation_id = $1 AND state = 'pending' RETURNING id`, convID).Scan(&offerID); err != nil {
				return err
			}
			if err := clearTimer(ctx, tx, timerOffer, offerID); err != nil {
				return err
			}
			cause.OfferID = offerID
		case phase != PhaseQueued:
			return ratewise.Errorf(ratewise.ECONFLICT, "Someone else has this conversation, or it is no longer waiting.")
		}
		if !a.Supervisor {
			var full bool
			if err := tx.QueryRow(ctx, `SELECT count(*) FILTER (WHERE c.phase = 'assigned') >= coalesce(min(s.capacity), 3)
				FROM staff s LEFT JOIN conversations c ON c.agent_id = s.user_id WHERE s.user_id = $1`, a.ID).Scan(&full); err != nil {
				return err
			}
			if full {
				return ratewise.Errorf(ratewise.ECONFLICT, "You are at your capacity; close or hand back a conversation first.")
			}
		}
		return assign(ctx, tx, convID, phase, a.ID, cause)
	})
}

// expandPlaceholders fills a canned reply's {first_name}, {name}, {agent_name} and
// {agent_first_name}; anything else in braces is left as written.
func expandPlaceholders(text string, vars map[string]string) string {
	for k, v := range vars {
		text = strings.ReplaceAll(text, "{"+k+"}", v)
	}
	return text
}

func firstName(name string) string {
	if f := strings.Fields(name); len(f) > 0 {
		return f[0]
	}
	return ""
}

// Placeholders lists the placeholders a reply may use.
var Placeholders = []string{"first_name", "name", "agent_name", "agent_first_name"}

func (c *Console) name(ctx context.Context, userID int64) string {
	if c.Names == nil {
		return ""
	}
	n, err := c.Names.Name(ctx, userID)
	if err != nil {
		return ""
	}
	return n
}

// Reply sends the agent's message to the consumer: stored, and on the consumer's stream as
// message.created, on whatever instance it follows. Only the agent holding the conversation
// may reply (ENOTFOUND otherwise). The same clientID twice stores one message.
func (c *Console) Reply(ctx context.Context, a Actor, convID int64, text, clientID string) (*Message, error) {
	if err := validateClientID(clientID); err != nil {
		return nil, err
	}
	if len(clientID) > 190 {
		return nil, ratewise.Invalid("client_id", "client_id is at most 190 characters here.")
	}
	text, err := validateText(text)
	if err != nil {
		return nil, err
	}
	var m *Message
	err = c.eng.Store.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := held(ctx, tx, a, convID); err != nil {
			return err
		}
		// The agent's client ids live apart from the consumer's in the same conversation.
		cid := "agent:" + clientID
		prev, err := scanMessage(tx.QueryRow(ctx, `SELECT `+messageColumns+` FROM messages WHERE conversation_id = $1 AND client_id = $2`, convID, cid))
		if err == nil {
			m = prev
			return nil
		}
		if ratewise.ErrorCode(err) != ratewise.ENOTFOUND {
			return err
		}
		var consumer int64
		if err := tx.QueryRow(ctx, `SELECT user_id FROM conversations WHERE id = $1`, convID).Scan(&consumer); err != nil {
			return err
		}
		full := c.name(ctx, consumer)
		text = expandPlaceholders(text, map[string]string{"first_name": firstName(full), "name": full,
			"agent_name": a.Name, "agent_first_name": firstName(a.Name)})
		m = &Message{ConversationID: convID, Role: RoleAgent, Text: text, ClientID: cid}
		if err := insertMessage(ctx, tx, m); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE messages SET author_id = $2 WHERE id = $1`, m.ID, a.ID); err != nil {
			return err
		}
		_, err = publish(ctx, tx, convID, EventMessageCreated, m)
		return err
	})
	if err != nil {
		return nil, err
	}
	c.eng.ephemeral(convID, EventTyping, typingData{Role: RoleAgent, Active: false}, 0)
	return m, nil
}

// Note is a private note: staff see it in the console; it never reaches the consumer's
// transcript, their events or the model.
type Note struct {
	ID       int64  `json:"id"`
	AuthorID *int64 `json:"author_id"`
	// AuthorName is the author's display name (their account's name when they have none).
	AuthorName string    `json:"author_name"`
	Kind       string    `json:"kind"`
	Text       string    `json:"text"`
	CreatedAt  time.Time `json:"created_at"`
}

func validateNote(field, text string, required bool) (string, error) {
	text = strings.TrimSpace(text)
	switch {
	case text == "" && required:
		return "", ratewise.Invalid(field, "Write the note.")
	case utf8Len(text) > MaxNoteChars:
		return "", ratewise.Invalid(field, "A note is at most %d characters.", MaxNoteChars)
	}
	return text, nil
}

// AddNote stores a private note on a conversation the actor holds (supervisors: any).
func (c *Console) AddNote(ctx context.Context, a Actor, convID int64, text string) (Note, error) {
	text, err := validateNote("text", text, true)
	if err != nil {
		return Note{}, err
	}
	var n Note
	err = c.eng.Store.inTx(ctx, func(tx pgx.Tx) error {
		if !a.Supervisor {
			if _, err := held(ctx, tx, a, convID); err != nil {
				return err
			}
		} else if err := c.CanSee(ctx, tx, a, convID); err != nil {
			return err
		}
		n, err = insertNote(ctx, tx, convID, a.ID, "note", text)
		if err != nil {
			return err
		}
		n.AuthorName = a.Name
		return notifyConsole(ctx, tx, ConsoleTopic, "note.created", map[string]any{"conversation_id": convID, "note_id": n.ID})
	})
	return n, err
}

func insertNote(ctx context.Context, q db.Querier, convID, author int64, kind, text string) (Note, error) {
	n := Note{AuthorID: &author, Kind: kind, Text: text}
	err := q.QueryRow(ctx, `INSERT INTO conversation_notes (conversation_id, author_id, kind, text) VALUES ($1, $2, $3, $4)
		RETURNING id, created_at`, convID, author, kind, text).Scan(&n.ID, &n.CreatedAt)
	return n, err
}

// Typing shows the consumer that the agent holding the conversation is typing.
func (c *Console) Typing(ctx context.Context, a Actor, convID int64, active bool) error {
	err := c.eng.Store.inTx(ctx, func(tx pgx.Tx) error {
		_, err := held(ctx, tx, a, convID)
		return err
	})
	if err == nil {
		c.eng.ephemeral(convID, EventTyping, typingData{Role: RoleAgent, Active: active}, 0)
	}
	return err
}

// ConsumerTyping shows the agent holding the conversation that the consumer is typing; while
// the assistant has the conversation it does nothing.
func (e *Engine) ConsumerTyping(ctx context.Context, userID, convID int64, active bool) error {
	conv, err := e.Store.Conversation(ctx, userID, convID)
	if err != nil {
		return err
	}
	if conv.State == StateAssigned {
		e.ephemeral(convID, EventTyping, typingData{Role: RoleUser, Active: active}, 0)
	}
	return nil
}

// Release hands a conversation back to the assistant: a system marker in the transcript (the
// model reads it as "the handoff is over, do not repeat earlier promises"), a fresh
// unhelpful-answer count, and the note, if any, kept as a private note.
func (c *Console) Release(ctx context.Context, a Actor, convID int64, note string) error {
	note, err := validateNote("note", note, false)
	if err != nil {
		return err
	}
	return c.eng.Store.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := held(ctx, tx, a, convID); err != nil {
			return err
		}
		cause := a.cause()
		cause.Trigger, cause.Reason = "release", "handed back to the assistant"
		if err := handBack(ctx, tx, convID, cause); err != nil {
			return err
		}
		if note != "" {
			if _, err := insertNote(ctx, tx, convID, a.ID, "release", note); err != nil {
				return err
			}
		}
		return nil
	})
}

// Close ends a conversation with a resolution code: conversation.closed reaches the consumer,
// whose page then offers the rating. The agent holding it may close it; a supervisor may
// close any open one.
func (c *Console) Close(ctx context.Context, a Actor, convID int64, resolution string) error {
	if !slices.Contains(Resolutions, resolution) {
		return ratewise.Invalid("resolution", "Unknown resolution %q; use one of %s.", resolution, strings.Join(Resolutions, ", "))
	}
	return c.eng.Store.inTx(ctx, func(tx pgx.Tx) error {
		phase := PhaseAssigned
		if a.Supervisor {
			err := tx.QueryRow(ctx, `SELECT phase FROM conversations WHERE id = $1 FOR UPDATE`, convID).Scan(&phase)
			if errors.Is(err, pgx.ErrNoRows) {
				return ratewise.NotFound("conversation")
			}
			if err != nil {
				return err
			}
			if phase == PhaseClosed {
				return ratewise.Errorf(ratewise.ECONFLICT, "The conversation is already closed.")
			}
		} else if _, err := held(ctx, tx, a, convID); err != nil {
			return err
		}
		if phase == PhaseOffered {
			var offerID, agent int64
			if err := tx.QueryRow(ctx, `UPDATE dispatch_offers SET state = 'cancelled', reason = 'closed', decided_at = now()
				WHERE conversation_id = $1 AND state = 'pending' RETURNING id, agent_id`, convID).Scan(&offerID, &agent); err != nil {
				return err
			}
			if err := clearTimer(ctx, tx, timerOffer, offerID); err != nil {
				return err
			}
			if err := notifyConsole(ctx, tx, AgentTopic(agent), EventOfferExpired, OfferEnded{OfferID: offerID, ConversationID: convID, Reason: "cancelled"}); err != nil {
				return err
			}
		}
		cause := a.cause()
		cause.Trigger, cause.Reason = "close", resolution
		if _, err := move(ctx, tx, convID, phase, PhaseClosed, nil, cause, nil); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE handoffs SET state = 'done', closed_at = now()
			WHERE conversation_id = $1 AND state IN ('waiting', 'claimed')`, convID); err != nil {
			return err
		}
		_, err := publish(ctx, tx, convID, EventConversationClosed, map[string]string{"resolution": resolution})
		return err
	})
}

func utf8Len(s string) int { return len([]rune(s)) }
