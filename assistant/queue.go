package assistant

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"ratewise"
	"ratewise/db"
)

// ClaimNext gives agentID the most urgent waiting conversation in queue order. Rows are
// taken with FOR UPDATE SKIP LOCKED, so agents claiming at once never get the same one and
// never wait on each other; the conversation moves queued → assigned with the compare-and-set
// of move. With nothing waiting it returns ENOTFOUND.
func (s *Store) ClaimNext(ctx context.Context, agentID int64) (*Conversation, error) {
	var conv *Conversation
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var handoffID, convID int64
		err := tx.QueryRow(ctx, `SELECT h.id, h.conversation_id FROM handoffs h WHERE h.state = 'waiting'
			AND EXISTS (SELECT 1 FROM conversations c WHERE c.id = h.conversation_id AND c.phase = 'queued')
			ORDER BY `+queueOrder+` FOR UPDATE SKIP LOCKED LIMIT 1`).Scan(&handoffID, &convID)
		if errors.Is(err, pgx.ErrNoRows) {
			return ratewise.NotFound("waiting conversation")
		}
		if err != nil {
			return err
		}
		if err := assign(ctx, tx, convID, PhaseQueued, agentID, Cause{Kind: CauseAgent, ActorID: agentID, Trigger: "claim", Reason: "claimed the next in the queue"}); err != nil {
			return err
		}
		conv, err = s.conversationByID(ctx, tx, convID)
		return err
	})
	return conv, err
}

// assign gives a conversation in phase from to agent: the move, the queue row claimed, the
// agent no longer idle, and the consumer told a person has joined.
func assign(ctx context.Context, tx pgx.Tx, convID int64, from string, agent int64, cause Cause) error {
	if _, err := move(ctx, tx, convID, from, PhaseAssigned, &agent, cause, nil); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE handoffs SET state = 'claimed', claimed_by = $2, claimed_at = now()
		WHERE conversation_id = $1 AND state = 'waiting'`, convID, agent); err != nil {
		return err
	}
	var name string
	err := tx.QueryRow(ctx, `UPDATE staff SET idle_since = now(), missed_offers = 0 WHERE user_id = $1 RETURNING display_name`, agent).Scan(&name)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	if name == "" {
		name = "A member of our team"
	}
	if _, err := publish(ctx, tx, convID, EventHandoffUpdated, HandoffStatus{State: StateAssigned}); err != nil {
		return err
	}
	// Both shapes: {"name"} is what the chat page has always read, {"agent":{"display_name"}}
	// the documented one.
	_, err = publish(ctx, tx, convID, EventAgentJoined, AgentJoined{Name: name, Agent: AgentRef{DisplayName: name}})
	return err
}

// AgentJoined is the data of agent.joined.
type AgentJoined struct {
	Name  string   `json:"name"`
	Agent AgentRef `json:"agent"`
}

// AgentRef names an agent to a consumer.
type AgentRef struct {
	DisplayName string `json:"display_name"`
}

// Trigger sources: who raised a handoff (the transition's cause).
const (
	sourceTrigger   = ""         // the trigger detector, on the consumer's message
	sourceConsumer  = "consumer" // the consumer's button
	sourceAssistant = "assistant"
)

// selfReported is the trigger of the consumer's "talk to a person" button. The reason they
// type says what the case is about (it may route the case to an agent trained for it) but it
// never raises its priority: only the trigger detector, reading the conversation itself, does,
// so nobody jumps the queue by typing "fraud".
func selfReported(reason string) *Trigger {
	trig := &Trigger{Category: ReasonRequested, Priority: PriorityNormal, Language: "en", Match: "handoff button", source: sourceConsumer}
	if reason != "" {
		if t := DetectHandoff(reason); t != nil {
			trig.Category, trig.Language, trig.selfReported = t.Category, t.Language, true
		}
	}
	return trig
}

// isSensitive reports whether a category should go to an agent flagged for sensitive cases.
func isSensitive(category string) bool {
	switch category {
	case ReasonHardship, ReasonBereavement, ReasonFraud, ReasonComplaint, ReasonVulnerability, ReasonLegal:
		return true
	}
	return false
}

// enqueue moves a conversation from the assistant to the queue: the queue row (one waiting
// conversation per consumer), the logged move with the position it entered at, a fresh
// unhelpful-answer count, the SLA timer and the consumer's handoff.updated.
func enqueue(ctx context.Context, q db.Querier, conv *Conversation, trig *Trigger, summary string, sla time.Duration) (HandoffStatus, error) {
	product, err := conversationProduct(ctx, q, conv.ID)
	if err != nil {
		return HandoffStatus{}, err
	}
	var handoffID int64
	err = q.QueryRow(ctx, `INSERT INTO handoffs (conversation_id, user_id, reason_category, reason, summary, priority, language,
		product_type, sensitive, self_reported)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (user_id) WHERE state = 'waiting' AND NOT requeued DO NOTHING RETURNING id`,
		conv.ID, conv.UserID, trig.Category, truncate(trig.Match, 200), summary, trig.Priority, trig.Language,
		product, isSensitive(trig.Category), trig.selfReported).Scan(&handoffID)
	if errors.Is(err, pgx.ErrNoRows) {
		return HandoffStatus{}, errAlreadyQueued
	}
	if err != nil {
		return HandoffStatus{}, err
	}
	st, err := queueStatus(ctx, q, conv.ID, StateQueued)
	if err != nil {
		return st, err
	}
	cause := Cause{Kind: CauseTrigger, Trigger: trig.Category, Reason: trig.Match}
	switch trig.source {
	case sourceConsumer:
		cause.Kind = CauseConsumer
	case sourceAssistant:
		cause.Kind = CauseAssistant
	}
	if _, err := move(ctx, q, conv.ID, PhaseBot, PhaseQueued, nil, cause, &st.Position); err != nil {
		return st, err
	}
	// The unhelpful-answer count starts again: after a hand-back the assistant gets a fresh
	// chance instead of handing off again at its first unclear answer.
	if _, err := q.Exec(ctx, `UPDATE conversations SET unhelpful_turns = 0 WHERE id = $1`, conv.ID); err != nil {
		return st, err
	}
	if _, err := q.Exec(ctx, `UPDATE handoffs SET position_sent = $2 WHERE id = $1`, handoffID, st.Position); err != nil {
		return st, err
	}
	if sla <= 0 {
		sla = DefaultConsoleSettings.SLAWarning
	}
	if err := setTimer(ctx, q, timerSLA, handoffID, sla); err != nil {
		return st, err
	}
	_, err = publish(ctx, q, conv.ID, EventHandoffUpdated, st)
	return st, err
}

// conversationProduct is the product the conversation is about: the one the consumer named
// last, else the product of the last offer card shown, else "".
func conversationProduct(ctx context.Context, q db.Querier, convID int64) (string, error) {
	rows, err := q.Query(ctx, `SELECT role, text, coalesce(cards->0->>'product_type', '') FROM messages
		WHERE conversation_id = $1 AND role IN ('user', 'assistant') ORDER BY id DESC LIMIT 20`, convID)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var fromCards string
	for rows.Next() {
		var role, text, cardProduct string
		if err := rows.Scan(&role, &text, &cardProduct); err != nil {
			return "", err
		}
		if role == RoleUser {
			if p := ExtractEntities(text).Product; p != "" {
				return p, nil
			}
		}
		if fromCards == "" && cardProduct != "" {
			fromCards = cardProduct
		}
	}
	return fromCards, rows.Err()
}

// noAgentTexts tell the person, in the language they wrote in, that nobody who could help is
// online: the conversation stays queued, and whoever takes it answers here.
var noAgentTexts = map[string]string{
	"en": "No one from our team is online right now, so I can't promise a quick answer. Your conversation stays in the queue (you are number %d): leave your message here, and the person who takes it will answer in this conversation — you'll see it when you come back.",
	"es": "Ahora mismo no hay nadie de nuestro equipo conectado, así que no puedo prometerte una respuesta rápida. Tu conversación sigue en la cola (eres el número %d): deja tu mensaje aquí y la persona que la atienda te responderá en esta conversación; lo verás cuando vuelvas.",
	"fr": "Personne de notre équipe n'est en ligne pour le moment, je ne peux donc pas vous promettre de réponse rapide. Votre conversation reste dans la file (vous êtes numéro %d) : laissez votre message ici, la personne qui la prendra vous répondra dans cette conversation — vous le verrez à votre retour.",
	"de": "Gerade ist niemand aus unserem Team online, daher kann ich keine schnelle Antwort versprechen. Ihr Gespräch bleibt in der Warteschlange (Sie sind Nummer %d): Hinterlassen Sie Ihre Nachricht hier, die Person, die es übernimmt, antwortet in diesem Gespräch — Sie sehen es, wenn Sie zurückkommen.",
	"sv": "Ingen från vårt team är online just nu, så jag kan inte lova ett snabbt svar. Ditt samtal ligger kvar i kön (du är nummer %d): lämna ditt meddelande här, så svarar den som tar det i det här samtalet — du ser det när du kommer tillbaka.",
}

// alreadyQueuedText answers a handoff from a consumer who has another conversation waiting.
const alreadyQueuedText = "You already have a conversation waiting for a person, so this one stays with me: someone from our team will answer you in that one. If there's anything I can help with here meanwhile, ask away."

// handoffText is what the consumer reads when their conversation enters the queue.
func handoffText(lang string, st HandoffStatus) string {
	texts := handoffTexts
	if st.AgentsOnline != nil && *st.AgentsOnline == 0 {
		texts = noAgentTexts
	}
	tmpl, ok := texts[lang]
	if !ok {
		tmpl = texts["en"]
	}
	return fmt.Sprintf(tmpl, st.Position)
}

// noAgentNotice adds the honest "nobody is online" answer after the consumer's own "talk to a
// person" request, when nobody who could take it is online (the trigger path says it in its
// handoff answer instead).
func noAgentNotice(ctx context.Context, q db.Querier, convID int64, lang string, st HandoffStatus) error {
	if st.AgentsOnline == nil || *st.AgentsOnline > 0 {
		return nil
	}
	m := &Message{ConversationID: convID, Role: RoleAssistant, Text: strings.TrimSpace(handoffText(lang, st))}
	if err := insertMessage(ctx, q, m); err != nil {
		return err
	}
	_, err := publish(ctx, q, convID, EventMessageCompleted, m)
	return err
}
