package assistant

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"ratewise"
	"ratewise/db"
)

// Conversation states.
const (
	StateBot      = "bot"
	StateQueued   = "queued"
	StateAssigned = "assigned"
	StateClosed   = "closed"
)

// Message roles. RoleTool rows are internal and never shown to consumers.
const (
	RoleUser      = "user"
	RoleAssistant = "assistant"
	RoleAgent     = "agent"
	RoleSystem    = "system"
	RoleTool      = "tool"
)

// Message flags.
const (
	// FlagUngrounded marks an answer the guard replaced with the template answer; staff review it.
	FlagUngrounded = "ungrounded"
	// FlagFallback marks an answer the offline planner gave because the model failed.
	FlagFallback = "fallback"
)

// MaxMessageChars is the API's limit on a chat message.
const MaxMessageChars = 4000

// Conversation is one chat between a consumer and the assistant or an agent.
type Conversation struct {
	ID        int64     `json:"id"`
	UserID    int64     `json:"-"`
	State     string    `json:"state"`
	AgentID   *int64    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Rated says whether the consumer has rated it; read by Store.Conversation and
	// Store.Conversations, the consumer's views.
	Rated bool `json:"rated"`

	unhelpfulTurns int
	// shop is the partner merchant whose widget opened the conversation (0: the consumer's
	// own chat); read with what a turn starts from.
	shop int64
}

// Citation points at the knowledge-base passage or offer an answer used.
type Citation struct {
	Source  string `json:"source"`
	Slug    string `json:"slug,omitempty"`
	OfferID int64  `json:"offer_id,omitempty"`
	Title   string `json:"title"`
	URL     string `json:"url,omitempty"`
}

// Message is the API's Message (web/openapi.json). Tool rows also carry the call they record.
type Message struct {
	ID        int64             `json:"id"`
	Role      string            `json:"role"`
	Text      string            `json:"text"`
	CreatedAt time.Time         `json:"created_at"`
	Cards     []json.RawMessage `json:"cards,omitempty"`
	Citations []Citation        `json:"citations,omitempty"`
	Flags     []string          `json:"flags,omitempty"`
	// ReplyTo is the user message an assistant answer replies to.
	ReplyTo *int64 `json:"reply_to,omitempty"`

	ConversationID int64           `json:"-"`
	ClientID       string          `json:"-"`
	ToolCallID     string          `json:"-"`
	ToolName       string          `json:"-"`
	ToolArgs       json.RawMessage `json:"-"`
}

// Store keeps conversations, messages, events and the handoff queue.
type Store struct {
	pool *pgxpool.Pool
	// bus announces the events the store's transactions commit; nil announces none (a
	// store used without streams, such as the eval harness's).
	bus *Bus
}

// NewStore returns a store on pool whose committed events bus announces (nil: none are).
func NewStore(pool *pgxpool.Pool, bus *Bus) *Store { return &Store{pool: pool, bus: bus} }

const conversationColumns = `id, user_id, state, agent_id, created_at, updated_at, unhelpful_turns`

// scanConversation reads conversationColumns, then into extra the columns selected after them.
func scanConversation(row pgx.Row, extra ...any) (*Conversation, error) {
	var c Conversation
	err := row.Scan(append([]any{&c.ID, &c.UserID, &c.State, &c.AgentID, &c.CreatedAt, &c.UpdatedAt, &c.unhelpfulTurns}, extra...)...)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ratewise.NotFound("conversation")
	}
	return &c, err
}

// CreateConversation starts a conversation for userID, owned by the assistant.
func (s *Store) CreateConversation(ctx context.Context, userID int64) (*Conversation, error) {
	c, err := scanConversation(s.pool.QueryRow(ctx,
		`INSERT INTO conversations (user_id) VALUES ($1) RETURNING `+conversationColumns, userID))
	if db.IsCode(err, db.ForeignKeyViolation) {
		return nil, ratewise.NotFound("user")
	}
	return c, err
}

// ratedColumn adds Conversation.Rated to conversationColumns.
const ratedColumn = `, EXISTS (SELECT 1 FROM conversation_ratings r WHERE r.conversation_id = conversations.id)`

func scanRatedConversation(row pgx.Row) (*Conversation, error) {
	var c Conversation
	err := row.Scan(&c.ID, &c.UserID, &c.State, &c.AgentID, &c.CreatedAt, &c.UpdatedAt, &c.unhelpfulTurns, &c.Rated)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ratewise.NotFound("conversation")
	}
	return &c, err
}

// Conversation returns userID's conversation id; someone else's is not found.
func (s *Store) Conversation(ctx context.Context, userID, id int64) (*Conversation, error) {
	return scanRatedConversation(s.pool.QueryRow(ctx,
		`SELECT `+conversationColumns+ratedColumn+` FROM conversations WHERE id = $1 AND user_id = $2`, id, userID))
}

func (s *Store) conversationByID(ctx context.Context, q db.Querier, id int64) (*Conversation, error) {
	return scanConversation(q.QueryRow(ctx, `SELECT `+conversationColumns+` FROM conversations WHERE id = $1`, id))
}

// Conversations returns userID's conversations, newest first.
func (s *Store) Conversations(ctx context.Context, userID int64, limit int) ([]*Conversation, error) {
	if limit <= 0 || limit > 100 {
		limit = 50
	}
	rows, err := s.pool.Query(ctx, `SELECT `+conversationColumns+ratedColumn+` FROM conversations
		WHERE user_id = $1 ORDER BY id DESC LIMIT $2`, userID, limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*Conversation, error) { return scanRatedConversation(r) })
}

// Transition moves a conversation between consumer-facing states with move's
// compare-and-set and log row, caused by the system. It returns ECONFLICT when the state had
// already changed. Staff actions go through Console, which records who did it.
func (s *Store) Transition(ctx context.Context, id int64, from, to string) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		_, err := move(ctx, tx, id, from, to, nil, Cause{Kind: CauseSystem}, nil)
		return err
	})
}

const messageColumns = `id, conversation_id, role, text, coalesce(client_id, ''), reply_to,
	coalesce(tool_call_id, ''), coalesce(tool_name, ''), tool_args, cards, citations, flags, created_at`

func scanMessage(row pgx.Row) (*Message, error) {
	var m Message
	var cards, citations []byte
	err := row.Scan(&m.ID, &m.ConversationID, &m.Role, &m.Text, &m.ClientID, &m.ReplyTo,
		&m.ToolCallID, &m.ToolName, &m.ToolArgs, &cards, &citations, &m.Flags, &m.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ratewise.NotFound("message")
	}
	if err != nil {
		return nil, err
	}
	if len(cards) > 0 {
		if err := json.Unmarshal(cards, &m.Cards); err != nil {
			return nil, fmt.Errorf("message %d cards: %w", m.ID, err)
		}
	}
	if len(citations) > 0 {
		if err := json.Unmarshal(citations, &m.Citations); err != nil {
			return nil, fmt.Errorf("message %d citations: %w", m.ID, err)
		}
	}
	if len(m.Flags) == 0 {
		m.Flags = nil
	}
	return &m, nil
}

// Messages returns the visible messages of a conversation (no tool rows), oldest first.
func (s *Store) Messages(ctx context.Context, conversationID int64) ([]*Message, error) {
	return s.messages(ctx, s.pool, conversationID, false, 0)
}

// MessagePage is one page of a transcript (tool calls left out), oldest first: the last limit
// messages before the message id before (0: the newest), and whether older ones remain.
func (s *Store) MessagePage(ctx context.Context, conversationID, before int64, limit int) ([]*Message, bool, error) {
	if before <= 0 {
		before = math.MaxInt64
	}
	rows, err := s.pool.Query(ctx, `SELECT * FROM (SELECT `+messageColumns+` FROM messages
		WHERE conversation_id = $1 AND role <> 'tool' AND id < $2 ORDER BY id DESC LIMIT $3) m ORDER BY id`,
		conversationID, before, limit+1)
	if err != nil {
		return nil, false, err
	}
	msgs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*Message, error) { return scanMessage(r) })
	if err != nil || len(msgs) <= limit {
		return msgs, false, err
	}
	return msgs[1:], true, nil
}

// messages returns the last limit messages (all when limit is 0), oldest first.
func (s *Store) messages(ctx context.Context, q db.Querier, conversationID int64, withTools bool, limit int) ([]*Message, error) {
	if limit <= 0 {
		limit = 1 << 30
	}
	rows, err := q.Query(ctx, `SELECT * FROM (SELECT `+messageColumns+` FROM messages
		WHERE conversation_id = $1 AND ($2 OR role <> 'tool') ORDER BY id DESC LIMIT $3) m ORDER BY id`,
		conversationID, withTools, limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*Message, error) { return scanMessage(r) })
}

// validateText checks a chat message against the API's limits.
func validateText(text string) (string, error) {
	text = strings.TrimSpace(text)
	switch {
	case text == "":
		return "", ratewise.Invalid("text", "Write a message.")
	case !utf8.ValidString(text):
		return "", ratewise.Invalid("text", "The message is not valid UTF-8.")
	case utf8.RuneCountInString(text) > MaxMessageChars:
		return "", ratewise.Invalid("text", "A message is at most %d characters.", MaxMessageChars)
	}
	return text, nil
}

func validateClientID(id string) error {
	if id == "" || len(id) > 200 {
		return ratewise.Invalid("client_id", "client_id is required: a unique id per message, 1 to 200 characters, so a retry is not sent twice.")
	}
	return nil
}

// insertMessage stores m and fills its id and time.
func insertMessage(ctx context.Context, q db.Querier, m *Message) error {
	return q.QueryRow(ctx, insertMessageSQL, messageArgs(m)...).Scan(&m.ID, &m.CreatedAt)
}

// queueInsertMessageAs queues, in b, the statement that stores m with the id it already has
// (taken with queueNextMessageIDs).
func queueInsertMessageAs(b *pgx.Batch, m *Message) {
	b.Queue(insertMessageAsSQL, append(messageArgs(m), m.ID)...).QueryRow(func(r pgx.Row) error { return r.Scan(&m.ID, &m.CreatedAt) })
}

const insertMessageAsSQL = `INSERT INTO messages (conversation_id, role, text, client_id, reply_to,
		tool_call_id, tool_name, tool_args, cards, citations, flags, id) OVERRIDING SYSTEM VALUE
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id, created_at`

const insertMessageSQL = `INSERT INTO messages (conversation_id, role, text, client_id, reply_to,
		tool_call_id, tool_name, tool_args, cards, citations, flags)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id, created_at`

// messageArgs are insertMessageSQL's arguments for m.
func messageArgs(m *Message) []any {
	var cards, citations any
	if len(m.Cards) > 0 {
		cards = m.Cards
	}
	if len(m.Citations) > 0 {
		citations = m.Citations
	}
	var clientID, callID, toolName any
	if m.ClientID != "" {
		clientID = m.ClientID
	}
	if m.ToolCallID != "" {
		callID = m.ToolCallID
	}
	if m.ToolName != "" {
		toolName = m.ToolName
	}
	var args any
	if len(m.ToolArgs) > 0 {
		args = m.ToolArgs
	}
	flags := m.Flags
	if flags == nil {
		flags = []string{}
	}
	return []any{m.ConversationID, m.Role, m.Text, clientID, m.ReplyTo, callID, toolName, args, cards, citations, flags}
}

// Replies returns the visible messages that answered message msgID: what a retried request
// with the same client_id is given.
func (s *Store) Replies(ctx context.Context, conversationID, msgID int64) ([]*Message, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+messageColumns+` FROM messages
		WHERE conversation_id = $1 AND reply_to = $2 AND role <> 'tool' ORDER BY id`, conversationID, msgID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*Message, error) { return scanMessage(r) })
}
