package assistant

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"ratewise"
	"ratewise/db"
)

// ConsoleSettings are the console's limits and timers. Zero values take the defaults.
type ConsoleSettings struct {
	// OfferTimeout is how long an agent has to accept an offer (default 30 s).
	OfferTimeout time.Duration
	// HeartbeatTimeout is how long an online agent may go without a heartbeat before being set
	// away (default 45 s; the console sends one every 15 s).
	HeartbeatTimeout time.Duration
	// Grace is how long an agent lost to the heartbeat keeps their conversations before they go
	// back to the front of the queue (default 60 s).
	Grace time.Duration
	// SLAWarning is how long a conversation may wait in the queue before consoles are warned
	// (default 2 min).
	SLAWarning time.Duration
	// MissedOffers is how many offers in a row may run out unanswered before the agent is set
	// away (default 3).
	MissedOffers int
	// Tick is how often each instance looks for due timers and dispatches, besides being woken
	// by events (default 1 s).
	Tick time.Duration
}

// DefaultConsoleSettings are the settings used for zero values.
var DefaultConsoleSettings = ConsoleSettings{OfferTimeout: 30 * time.Second, HeartbeatTimeout: 45 * time.Second,
	Grace: 60 * time.Second, SLAWarning: 2 * time.Minute, MissedOffers: 3, Tick: time.Second}

func (s ConsoleSettings) withDefaults() ConsoleSettings {
	d := DefaultConsoleSettings
	if s.OfferTimeout <= 0 {
		s.OfferTimeout = d.OfferTimeout
	}
	if s.HeartbeatTimeout <= 0 {
		s.HeartbeatTimeout = d.HeartbeatTimeout
	}
	if s.Grace <= 0 {
		s.Grace = d.Grace
	}
	if s.SLAWarning <= 0 {
		s.SLAWarning = d.SLAWarning
	}
	if s.MissedOffers <= 0 {
		s.MissedOffers = d.MissedOffers
	}
	if s.Tick <= 0 {
		s.Tick = d.Tick
	}
	return s
}

// NameLookup gives the name of an account (package web owns the users table).
type NameLookup interface {
	Name(ctx context.Context, userID int64) (string, error)
}

// Console is the staff side of conversations: presence, dispatch, takeover, notes, canned
// replies, masking, reviews, the audit log and the metrics. Every method takes the Actor doing
// it; the role fences of the HTTP layer come first, and the methods check again what they
// must (an agent's access to one conversation).
type Console struct {
	eng      *Engine
	pool     *pgxpool.Pool
	settings ConsoleSettings
	log      *slog.Logger
	// Names resolves consumer and staff names for placeholders and previews.
	Names NameLookup
	kick  chan struct{}
}

// NewConsole returns the console over eng's store and bus.
func NewConsole(eng *Engine, settings ConsoleSettings) *Console {
	settings = settings.withDefaults()
	eng.slaWarning = settings.SLAWarning
	return &Console{eng: eng, pool: eng.Store.pool, settings: settings, log: eng.Log, kick: make(chan struct{}, 1)}
}

// Settings returns the console's settings, defaults filled in.
func (c *Console) Settings() ConsoleSettings { return c.settings }

// Actor is the staff member doing something. Supervisor is true for supervisors and admins.
type Actor struct {
	ID         int64
	Name       string
	Supervisor bool
}

func (a Actor) cause() Cause {
	if a.Supervisor {
		return Cause{Kind: CauseSupervisor, ActorID: a.ID}
	}
	return Cause{Kind: CauseAgent, ActorID: a.ID}
}

// Presence values.
const (
	PresenceOnline  = "online"
	PresenceAway    = "away"
	PresenceOffline = "offline"
)

// Staff is one agent's settings and live state.
type Staff struct {
	ID              int64      `json:"id"`
	DisplayName     string     `json:"display_name"`
	Languages       []string   `json:"languages"`
	Skills          []string   `json:"skills"`
	Capacity        int        `json:"capacity"`
	Sensitive       bool       `json:"sensitive"`
	Presence        string     `json:"status"`
	LastHeartbeatAt *time.Time `json:"last_heartbeat_at"`
	Active          int        `json:"active"`
	MissedOffers    int        `json:"missed_offers"`
}

// StaffSettings are what `ratewise staff add` sets.
type StaffSettings struct {
	UserID      int64
	DisplayName string
	Languages   []string
	Skills      []string
	Capacity    int
	Sensitive   bool
}

// Languages the handoff triggers recognise, and so the ones an agent may list.
var staffLanguages = []string{"en", "es", "fr", "de", "sv"}

// ProductTypes an agent may list as skills (the API's product_type).
var ProductTypes = []string{"personal_loan", "auto_loan", "mortgage", "student_loan", "credit_card",
	"auto_insurance", "home_insurance", "renters_insurance", "travel_insurance", "life_insurance"}

// Validate checks the settings.
func (s *StaffSettings) Validate() error {
	if s.Capacity == 0 {
		s.Capacity = 3
	}
	if s.Capacity < 1 || s.Capacity > 20 {
		return ratewise.Invalid("capacity", "Capacity is a whole number from 1 to 20.")
	}
	if len(s.Languages) == 0 {
		s.Languages = []string{"en"}
	}
	for _, l := range s.Languages {
		if !slices.Contains(staffLanguages, l) {
			return ratewise.Invalid("languages", "Unknown language %q; use %s.", l, strings.Join(staffLanguages, ", "))
		}
	}
	for _, p := range s.Skills {
		if !slices.Contains(ProductTypes, p) {
			return ratewise.Invalid("skills", "Unknown product %q; use %s.", p, strings.Join(ProductTypes, ", "))
		}
	}
	if utf8.RuneCountInString(s.DisplayName) > 100 {
		return ratewise.Invalid("name", "A display name is at most 100 characters.")
	}
	return nil
}

// SaveStaff creates or updates an agent's settings, keeping their presence.
func (c *Console) SaveStaff(ctx context.Context, s StaffSettings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if s.Skills == nil {
		s.Skills = []string{}
	}
	_, err := c.pool.Exec(ctx, `INSERT INTO staff (user_id, display_name, languages, skills, capacity, sensitive)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (user_id) DO UPDATE SET display_name = EXCLUDED.display_name, languages = EXCLUDED.languages,
			skills = EXCLUDED.skills, capacity = EXCLUDED.capacity, sensitive = EXCLUDED.sensitive, updated_at = now()`,
		s.UserID, s.DisplayName, s.Languages, s.Skills, s.Capacity, s.Sensitive)
	if db.IsCode(err, db.ForeignKeyViolation) {
		return ratewise.NotFound("user")
	}
	return err
}

const staffColumns = `s.user_id, s.display_name, s.languages, s.skills, s.capacity, s.sensitive, s.presence,
	s.last_heartbeat_at, s.missed_offers,
	(SELECT count(*) FROM conversations c WHERE c.agent_id = s.user_id AND c.phase IN ('assigned', 'offered'))::int`

func scanStaff(row pgx.Row) (Staff, error) {
	var s Staff
	err := row.Scan(&s.ID, &s.DisplayName, &s.Languages, &s.Skills, &s.Capacity, &s.Sensitive, &s.Presence,
		&s.LastHeartbeatAt, &s.MissedOffers, &s.Active)
	if errors.Is(err, pgx.ErrNoRows) {
		return s, ratewise.NotFound("staff member")
	}
	return s, err
}

// StaffMember returns one staff member's settings and state.
func (c *Console) StaffMember(ctx context.Context, id int64) (Staff, error) {
	return scanStaff(c.pool.QueryRow(ctx, `SELECT `+staffColumns+` FROM staff s WHERE s.user_id = $1`, id))
}

// StaffList returns every staff member, online first.
func (c *Console) StaffList(ctx context.Context) ([]Staff, error) {
	rows, err := c.pool.Query(ctx, `SELECT `+staffColumns+` FROM staff s
		ORDER BY s.presence = 'online' DESC, s.presence = 'away' DESC, s.user_id`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Staff, error) { return scanStaff(r) })
}

// SetPresence records a status or heartbeat: online (re)arms the heartbeat timer; away stops
// new offers (and hands back pending ones) but keeps the agent's conversations; offline also
// starts the grace period after which their conversations go back to the queue. capacity, if
// set, changes the agent's capacity.
func (c *Console) SetPresence(ctx context.Context, a Actor, presence string, capacity *int) (Staff, error) {
	switch presence {
	case PresenceOnline, PresenceAway, PresenceOffline:
	default:
		return Staff{}, ratewise.Invalid("status", "status is online, away or offline.")
	}
	if capacity != nil && (*capacity < 1 || *capacity > 20) {
		return Staff{}, ratewise.Invalid("capacity", "Capacity is a whole number from 1 to 20.")
	}
	err := c.eng.Store.inTx(ctx, func(tx pgx.Tx) error {
		var prev string
		err := tx.QueryRow(ctx, `INSERT INTO staff (user_id, display_name) VALUES ($1, $2)
			ON CONFLICT (user_id) DO UPDATE SET updated_at = now()
			RETURNING coalesce((SELECT presence FROM staff WHERE user_id = $1), 'offline')`, a.ID, a.Name).Scan(&prev)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE staff SET presence = $2, capacity = coalesce($3, capacity),
			last_heartbeat_at = CASE WHEN $2 = 'online' THEN now() ELSE last_heartbeat_at END,
			missed_offers = CASE WHEN $2 = 'online' AND presence <> 'online' THEN 0 ELSE missed_offers END,
			idle_since = CASE WHEN $2 = 'online' AND presence <> 'online' THEN now() ELSE idle_since END
			WHERE user_id = $1`, a.ID, presence, capacity); err != nil {
			return err
		}
		switch presence {
		case PresenceOnline:
			if err := setTimer(ctx, tx, timerHeartbeat, a.ID, c.settings.HeartbeatTimeout); err != nil {
				return err
			}
			if err := clearTimer(ctx, tx, timerGrace, a.ID); err != nil {
				return err
			}
		case PresenceAway:
			if err := clearTimer(ctx, tx, timerHeartbeat, a.ID); err != nil {
				return err
			}
			if err := c.withdrawOffers(ctx, tx, a.ID, Cause{Kind: CauseAgent, ActorID: a.ID, Reason: "the agent went away"}); err != nil {
				return err
			}
		case PresenceOffline:
			if err := clearTimer(ctx, tx, timerHeartbeat, a.ID); err != nil {
				return err
			}
			if err := c.withdrawOffers(ctx, tx, a.ID, Cause{Kind: CauseAgent, ActorID: a.ID, Reason: "the agent went offline"}); err != nil {
				return err
			}
			if err := setTimer(ctx, tx, timerGrace, a.ID, c.settings.Grace); err != nil {
				return err
			}
		}
		if prev != presence {
			return c.logPresence(ctx, tx, a.ID, presence, "set by the agent")
		}
		return nil
	})
	if err != nil {
		return Staff{}, err
	}
	c.Kick()
	return c.StaffMember(ctx, a.ID)
}

// logPresence appends a presence change and tells every console.
func (c *Console) logPresence(ctx context.Context, q db.Querier, agentID int64, presence, reason string) error {
	if _, err := q.Exec(ctx, `INSERT INTO staff_presence_log (user_id, presence, reason) VALUES ($1, $2, $3)`, agentID, presence, reason); err != nil {
		return err
	}
	return notifyConsole(ctx, q, ConsoleTopic, EventPresenceUpdated, map[string]any{"agent_id": agentID, "status": presence, "reason": reason})
}
