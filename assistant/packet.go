package assistant

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"ratewise"
	"ratewise/offers"
)

// StaffMessage is a message as staff see it: personal data masked, and what was masked listed
// so a supervisor can reveal one field.
type StaffMessage struct {
	Message
	Masked []MaskedField `json:"masked,omitempty"`
}

// ConsoleConversation is what the console shows of one conversation: the masked transcript,
// the private notes and the context packet.
type ConsoleConversation struct {
	ID        int64          `json:"id"`
	State     string         `json:"state"`
	Phase     string         `json:"phase"`
	AgentID   *int64         `json:"agent_id"`
	Consumer  ConsumerRef    `json:"consumer"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`
	Messages  []StaffMessage `json:"messages"`
	Notes     []Note         `json:"notes"`
	Packet    Packet         `json:"packet"`
	// Offer is the pending offer of this conversation to the viewer, if any.
	Offer *PendingOffer `json:"offer,omitempty"`
}

// ConsumerRef is the consumer as staff see them.
type ConsumerRef struct {
	ID        int64  `json:"id"`
	FirstName string `json:"first_name"`
}

// PendingOffer is an open offer to the viewer.
type PendingOffer struct {
	ID        int64     `json:"id"`
	ExpiresAt time.Time `json:"expires_at"`
}

// Packet is the context an agent gets so they never ask what the consumer already said.
type Packet struct {
	Holdings        []offers.Holding `json:"holdings"`
	Recommendations []Recommendation `json:"recommendations"`
	Handoff         *HandoffContext  `json:"handoff"`
	Summary         []string         `json:"summary"`
	Citations       []Citation       `json:"citations"`
	Promises        []Promise        `json:"promises"`
}

// Recommendation is one offer card the assistant showed, with the version of the offer it
// was computed from (the offer's updated_at) and when.
type Recommendation struct {
	MessageID    int64           `json:"message_id"`
	CreatedAt    time.Time       `json:"created_at"`
	OfferID      int64           `json:"offer_id"`
	OfferVersion *time.Time      `json:"offer_version"`
	Card         json.RawMessage `json:"card"`
}

// HandoffContext is why the conversation came to people.
type HandoffContext struct {
	Reason       string    `json:"reason"`
	Trigger      string    `json:"trigger"`
	Cause        string    `json:"cause"`
	Priority     int       `json:"priority"`
	Language     string    `json:"language"`
	ProductType  string    `json:"product_type"`
	SelfReported bool      `json:"self_reported"`
	Requeued     bool      `json:"requeued"`
	Summary      string    `json:"summary"`
	QueuedAt     time.Time `json:"queued_at"`
}

// Promise is a sentence of an assistant answer that commits to something.
type Promise struct {
	MessageID int64  `json:"message_id"`
	Text      string `json:"text"`
}

// promiseRe finds commitments: a future action by us or someone we named ("I'll", "we will",
// "someone will be with you", "they will see"), a guarantee, or a promise. A sentence is kept
// whole, masked.
var promiseRe = regexp.MustCompile(`(?i)\b(i will|i'll|we will|we'll|someone will|they will|will be with you|will get back|will (call|contact|email) you|won'?t need to|guarantee[sd]?|promise[sd]?)\b`)

// ViewConversation is the console's conversation view. It records the view in the audit log.
func (c *Console) ViewConversation(ctx context.Context, a Actor, convID int64) (*ConsoleConversation, error) {
	if err := c.CanSee(ctx, c.pool, a, convID); err != nil {
		return nil, err
	}
	v := &ConsoleConversation{ID: convID, Notes: []Note{}}
	err := c.pool.QueryRow(ctx, `SELECT state, phase, agent_id, user_id, created_at, updated_at FROM conversations WHERE id = $1`, convID).
		Scan(&v.State, &v.Phase, &v.AgentID, &v.Consumer.ID, &v.CreatedAt, &v.UpdatedAt)
	if err != nil {
		return nil, err
	}
	v.Consumer.FirstName = firstName(c.name(ctx, v.Consumer.ID))
	msgs, err := c.eng.Store.Messages(ctx, convID)
	if err != nil {
		return nil, err
	}
	v.Messages = make([]StaffMessage, 0, len(msgs))
	for _, m := range msgs {
		sm := StaffMessage{Message: *m}
		sm.Text, sm.Masked = MaskText(m.Text)
		v.Messages = append(v.Messages, sm)
	}
	rows, err := c.pool.Query(ctx, `SELECT n.id, n.author_id, coalesce(s.display_name, ''), n.kind, n.text, n.created_at
		FROM conversation_notes n LEFT JOIN staff s ON s.user_id = n.author_id WHERE n.conversation_id = $1 ORDER BY n.id`, convID)
	if err != nil {
		return nil, err
	}
	notes, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Note, error) {
		var n Note
		err := r.Scan(&n.ID, &n.AuthorID, &n.AuthorName, &n.Kind, &n.Text, &n.CreatedAt)
		n.Text, _ = MaskText(n.Text)
		return n, err
	})
	if err != nil {
		return nil, err
	}
	names := c.staffNames()
	for i := range notes {
		if notes[i].AuthorID != nil {
			notes[i].AuthorName = names(ctx, *notes[i].AuthorID, notes[i].AuthorName)
		}
	}
	v.Notes = append(v.Notes, notes...)
	var offer PendingOffer
	err = c.pool.QueryRow(ctx, `SELECT id, expires_at FROM dispatch_offers WHERE conversation_id = $1 AND agent_id = $2 AND state = 'pending'`, convID, a.ID).Scan(&offer.ID, &offer.ExpiresAt)
	if err == nil {
		v.Offer = &offer
	} else if !errors.Is(err, pgx.ErrNoRows) {
		return nil, err
	}
	if v.Packet, err = c.packet(ctx, convID, v.Consumer.ID, msgs); err != nil {
		return nil, err
	}
	if err := c.audit(ctx, c.pool, a.ID, "view", convID, 0, "", ""); err != nil {
		return nil, err
	}
	return v, nil
}

// packet builds the context packet from the transcript, the queue row and the holdings.
func (c *Console) packet(ctx context.Context, convID, userID int64, msgs []*Message) (Packet, error) {
	p := Packet{Holdings: []offers.Holding{}, Recommendations: []Recommendation{}, Summary: []string{}, Citations: []Citation{}, Promises: []Promise{}}
	if c.eng.Tools != nil && c.eng.Tools.Catalogue != nil {
		hs, err := c.eng.Tools.Catalogue.Holdings(ctx, userID)
		if err != nil {
			return p, err
		}
		for _, h := range hs {
			h.UserID = 0
			p.Holdings = append(p.Holdings, h)
		}
	}
	var offerIDs []int64
	seenCite := map[string]bool{}
	var users []string
	for _, m := range msgs {
		switch m.Role {
		case RoleUser:
			users = append(users, m.Text)
		case RoleAssistant:
			for _, card := range m.Cards {
				var head struct {
					OfferID int64 `json:"offer_id"`
				}
				if json.Unmarshal(card, &head) != nil {
					continue
				}
				p.Recommendations = append(p.Recommendations, Recommendation{MessageID: m.ID, CreatedAt: m.CreatedAt, OfferID: head.OfferID, Card: card})
				offerIDs = append(offerIDs, head.OfferID)
			}
			for _, ci := range m.Citations {
				key := ci.Source + ci.Slug + ci.URL
				if !seenCite[key] {
					seenCite[key] = true
					p.Citations = append(p.Citations, ci)
				}
			}
			p.Promises = append(p.Promises, promisesIn(m.ID, m.Text)...)
		}
	}
	if len(offerIDs) > 0 && c.eng.Tools != nil && c.eng.Tools.Catalogue != nil {
		os, err := c.eng.Tools.Catalogue.Offers(ctx, offers.OfferFilter{IDs: offerIDs})
		if err != nil {
			return p, err
		}
		version := map[int64]time.Time{}
		for _, o := range os {
			version[o.ID] = o.UpdatedAt
		}
		for i := range p.Recommendations {
			if t, ok := version[p.Recommendations[i].OfferID]; ok {
				p.Recommendations[i].OfferVersion = &t
			}
		}
	}
	p.Summary = summarizeConversation(users)
	var h HandoffContext
	err := c.pool.QueryRow(ctx, `SELECT h.reason_category, h.reason, h.priority, h.language, h.product_type, h.self_reported,
		h.requeued, h.summary, h.created_at,
		coalesce((SELECT t.cause FROM conversation_transitions t WHERE t.conversation_id = h.conversation_id
			AND t.from_phase = 'bot' AND t.to_phase = 'queued' ORDER BY t.id DESC LIMIT 1), '')
		FROM handoffs h WHERE h.conversation_id = $1 ORDER BY h.id DESC LIMIT 1`, convID).
		Scan(&h.Reason, &h.Trigger, &h.Priority, &h.Language, &h.ProductType, &h.SelfReported, &h.Requeued, &h.Summary, &h.QueuedAt, &h.Cause)
	switch {
	case err == nil:
		h.Summary, _ = MaskText(h.Summary)
		h.Trigger, _ = MaskText(h.Trigger)
		p.Handoff = &h
	case !errors.Is(err, pgx.ErrNoRows):
		return p, err
	}
	return p, nil
}

// promisesIn returns the sentences of an assistant answer that commit to something, masked.
func promisesIn(messageID int64, text string) []Promise {
	var out []Promise
	for _, s := range sentences(text) {
		if promiseRe.MatchString(s) {
			masked, _ := MaskText(strings.TrimSpace(s))
			out = append(out, Promise{MessageID: messageID, Text: masked})
		}
	}
	return out
}

// summarizeConversation is a short extractive summary: the consumer's first message and their
// last two, masked and cut to 240 characters each. Nothing is generated, so nothing in it
// can be wrong that the consumer did not write.
func summarizeConversation(users []string) []string {
	out := []string{}
	pick := func(i int) {
		masked, _ := MaskText(strings.TrimSpace(users[i]))
		out = append(out, truncate(masked, 240))
	}
	switch n := len(users); {
	case n == 0:
	case n <= 3:
		for i := range users {
			pick(i)
		}
	default:
		pick(0)
		pick(n - 2)
		pick(n - 1)
	}
	return out
}

// Reveal shows a supervisor one masked field of one message, and writes the reveal, with its
// reason, to the audit log.
func (c *Console) Reveal(ctx context.Context, a Actor, convID, messageID int64, field, reason string) (string, error) {
	if !a.Supervisor {
		return "", ratewise.Errorf(ratewise.EFORBIDDEN, "Only a supervisor can reveal masked data.")
	}
	reason = strings.TrimSpace(reason)
	switch {
	case utf8Len(reason) < 5:
		return "", ratewise.Invalid("reason", "Say why you need to see it (at least 5 characters); it is kept in the audit log.")
	case utf8Len(reason) > 500:
		return "", ratewise.Invalid("reason", "A reason is at most 500 characters.")
	}
	var value string
	err := c.eng.Store.inTx(ctx, func(tx pgx.Tx) error {
		var text string
		err := tx.QueryRow(ctx, `SELECT text FROM messages WHERE id = $1 AND conversation_id = $2 AND role <> 'tool'`, messageID, convID).Scan(&text)
		if errors.Is(err, pgx.ErrNoRows) {
			return ratewise.NotFound("message")
		}
		if err != nil {
			return err
		}
		v, ok := revealField(text, field)
		if !ok {
			return ratewise.Invalid("field", "The message has no masked field %q.", field)
		}
		value = v
		return c.audit(ctx, tx, a.ID, "reveal", convID, messageID, field, reason)
	})
	return value, err
}
