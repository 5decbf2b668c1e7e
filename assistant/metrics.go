package assistant

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"ratewise"
)

// Metrics are the console's figures over a window, read from the transition log, the offers,
// the ratings and the reviews as they were recorded — nothing is reconstructed.
type Metrics struct {
	Window        string          `json:"window"`
	From          time.Time       `json:"from"`
	To            time.Time       `json:"to"`
	Conversations int             `json:"conversations"`
	Cohorts       []Cohort        `json:"cohorts"`
	Handoffs      HandoffMetrics  `json:"handoffs"`
	TimeToPerson  TimeToPerson    `json:"time_to_person"`
	Offers        OfferMetrics    `json:"offers"`
	AgentsOnline  []OnlinePoint   `json:"agents_online"`
	Reviews       ReviewMetrics   `json:"reviews"`
	Grounding     GroundingCounts `json:"grounding"`
}

// Cohort is a group of conversations by who handled them. A conversation is durably
// resolved when the same consumer started no new conversation within 7 days of its last
// activity; only conversations whose 7 days are over count (durable_eligible).
type Cohort struct {
	Name            string   `json:"name"`
	Conversations   int      `json:"conversations"`
	Rated           int      `json:"rated"`
	AverageRating   *float64 `json:"average_rating"`
	DurableEligible int      `json:"durable_eligible"`
	DurableResolved int      `json:"durable_resolved"`
	DurableRate     *float64 `json:"durable_resolution_rate"`
}

// Cohort names.
const (
	CohortAssistantOnly       = "assistant_only"
	CohortAssistantThenPerson = "assistant_then_person"
	CohortPersonOnly          = "person_only"
	durableResolutionHorizon  = "7 days"
)

// HandoffMetrics counts handoffs to people by reason.
type HandoffMetrics struct {
	Count   int            `json:"count"`
	Rate    *float64       `json:"rate"`
	Reasons map[string]int `json:"reasons"`
}

// TimeToPerson is how long a consumer waited from the handoff to each step, in seconds.
type TimeToPerson struct {
	Handoffs      int      `json:"handoffs"`
	OfferP50      *float64 `json:"offer_p50"`
	OfferP90      *float64 `json:"offer_p90"`
	AcceptP50     *float64 `json:"accept_p50"`
	AcceptP90     *float64 `json:"accept_p90"`
	FirstReplyP50 *float64 `json:"first_reply_p50"`
	FirstReplyP90 *float64 `json:"first_reply_p90"`
}

// OfferMetrics counts offers made in the window by how they ended.
type OfferMetrics struct {
	Made           int      `json:"made"`
	Accepted       int      `json:"accepted"`
	Declined       int      `json:"declined"`
	Expired        int      `json:"expired"`
	Cancelled      int      `json:"cancelled"`
	Pending        int      `json:"pending"`
	AcceptanceRate *float64 `json:"acceptance_rate"`
}

// OnlinePoint is how many agents were online at a time.
type OnlinePoint struct {
	At     time.Time `json:"at"`
	Online int       `json:"online"`
}

// ReviewMetrics counts reviews by outcome and label.
type ReviewMetrics struct {
	Good   int            `json:"good"`
	Bad    int            `json:"bad"`
	Labels map[string]int `json:"labels"`
}

// GroundingCounts counts the grounding guard's and the fallback's interventions among the
// assistant's answers.
type GroundingCounts struct {
	Answers    int `json:"answers"`
	Ungrounded int `json:"ungrounded"`
	Fallback   int `json:"fallback"`
	Failed     int `json:"failed"`
}

// MetricsWindows are the windows the metrics take, with how long each is and the step of its
// agents-online series.
var MetricsWindows = map[string]struct{ Span, Step time.Duration }{
	"24h": {24 * time.Hour, time.Hour},
	"7d":  {7 * 24 * time.Hour, 6 * time.Hour},
	"30d": {30 * 24 * time.Hour, 24 * time.Hour},
}

const cohortSQL = `WITH conv AS (
	SELECT c.id, c.user_id, c.updated_at,
		(SELECT min(t.created_at) FROM conversation_transitions t WHERE t.conversation_id = c.id AND t.to_phase = 'queued' AND t.from_phase = 'bot') AS handed,
		EXISTS (SELECT 1 FROM conversation_transitions t WHERE t.conversation_id = c.id AND t.to_phase = 'assigned') AS person
	FROM conversations c
	WHERE c.created_at >= $1 AND c.created_at < $2
	AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.role = 'user')
), labelled AS (
	SELECT conv.*, CASE
		WHEN NOT person THEN 'assistant_only'
		WHEN EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = conv.id AND m.role = 'assistant'
			AND m.created_at < coalesce(conv.handed, 'infinity')) THEN 'assistant_then_person'
		ELSE 'person_only' END AS cohort,
		(SELECT score FROM conversation_ratings r WHERE r.conversation_id = conv.id) AS score,
		conv.updated_at <= now() - interval '` + durableResolutionHorizon + `' AS eligible,
		NOT EXISTS (SELECT 1 FROM conversations n WHERE n.user_id = conv.user_id AND n.id <> conv.id
			AND n.created_at > conv.updated_at AND n.created_at <= conv.updated_at + interval '` + durableResolutionHorizon + `') AS durable
	FROM conv
)
SELECT cohort, count(*)::int, count(score)::int, avg(score)::float8,
	count(*) FILTER (WHERE eligible)::int, count(*) FILTER (WHERE eligible AND durable)::int
FROM labelled GROUP BY cohort`

const timeToPersonSQL = `WITH h AS (
	SELECT t.id, t.conversation_id, t.created_at FROM conversation_transitions t
	WHERE t.from_phase = 'bot' AND t.to_phase = 'queued' AND t.created_at >= $1 AND t.created_at < $2
), steps AS (
	SELECT h.id,
		(SELECT min(o.created_at) FROM conversation_transitions o WHERE o.conversation_id = h.conversation_id AND o.id > h.id AND o.to_phase IN ('offered', 'assigned')) AS offered,
		(SELECT min(a.created_at) FROM conversation_transitions a WHERE a.conversation_id = h.conversation_id AND a.id > h.id AND a.to_phase = 'assigned') AS accepted,
		h.created_at AS at, h.conversation_id
	FROM h
), replies AS (
	SELECT steps.*, (SELECT min(m.created_at) FROM messages m WHERE m.conversation_id = steps.conversation_id AND m.role = 'agent' AND m.created_at >= steps.accepted) AS replied
	FROM steps
)
SELECT count(*)::int,
	percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM offered - at)),
	percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM offered - at)),
	percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM accepted - at)),
	percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM accepted - at)),
	percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM replied - at)),
	percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM replied - at))
FROM replies`

// ConsoleMetrics computes the metrics for window (24h, 7d or 30d), ending now.
func (c *Console) ConsoleMetrics(ctx context.Context, window string) (*Metrics, error) {
	w, ok := MetricsWindows[window]
	if !ok {
		return nil, ratewise.Invalid("window", "window is 24h, 7d or 30d.")
	}
	m := &Metrics{Window: window, Cohorts: []Cohort{},
		Handoffs: HandoffMetrics{Reasons: map[string]int{}}, AgentsOnline: []OnlinePoint{}, Reviews: ReviewMetrics{Labels: map[string]int{}}}
	err := pgx.BeginTxFunc(ctx, c.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		// The window ends at the database's now, the clock every row was stamped with.
		if err := tx.QueryRow(ctx, `SELECT clock_timestamp()`).Scan(&m.To); err != nil {
			return err
		}
		m.To = m.To.UTC()
		m.From = m.To.Add(-w.Span)
		byName := map[string]*Cohort{}
		for _, n := range []string{CohortAssistantOnly, CohortAssistantThenPerson, CohortPersonOnly} {
			m.Cohorts = append(m.Cohorts, Cohort{Name: n})
		}
		for i := range m.Cohorts {
			byName[m.Cohorts[i].Name] = &m.Cohorts[i]
		}
		rows, err := tx.Query(ctx, cohortSQL, m.From, m.To)
		if err != nil {
			return err
		}
		for rows.Next() {
			var name string
			var co Cohort
			if err := rows.Scan(&name, &co.Conversations, &co.Rated, &co.AverageRating, &co.DurableEligible, &co.DurableResolved); err != nil {
				rows.Close()
				return err
			}
			if p := byName[name]; p != nil {
				co.Name = name
				if co.DurableEligible > 0 {
					r := float64(co.DurableResolved) / float64(co.DurableEligible)
					co.DurableRate = &r
				}
				*p = co
				m.Conversations += co.Conversations
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}

		rows, err = tx.Query(ctx, `SELECT trigger, count(*)::int FROM conversation_transitions
			WHERE from_phase = 'bot' AND to_phase = 'queued' AND created_at >= $1 AND created_at < $2 GROUP BY trigger`, m.From, m.To)
		if err != nil {
			return err
		}
		for rows.Next() {
			var reason string
			var n int
			if err := rows.Scan(&reason, &n); err != nil {
				rows.Close()
				return err
			}
			m.Handoffs.Reasons[reason] = n
			m.Handoffs.Count += n
		}
		rows.Close()
		var handed int
		if err := tx.QueryRow(ctx, `SELECT count(DISTINCT t.conversation_id)::int FROM conversation_transitions t JOIN conversations c ON c.id = t.conversation_id
			WHERE t.from_phase = 'bot' AND t.to_phase = 'queued' AND c.created_at >= $1 AND c.created_at < $2`, m.From, m.To).Scan(&handed); err != nil {
			return err
		}
		if m.Conversations > 0 {
			r := float64(handed) / float64(m.Conversations)
			m.Handoffs.Rate = &r
		}

		tp := &m.TimeToPerson
		if err := tx.QueryRow(ctx, timeToPersonSQL, m.From, m.To).Scan(&tp.Handoffs, &tp.OfferP50, &tp.OfferP90,
			&tp.AcceptP50, &tp.AcceptP90, &tp.FirstReplyP50, &tp.FirstReplyP90); err != nil {
			return err
		}

		o := &m.Offers
		if err := tx.QueryRow(ctx, `SELECT count(*)::int, count(*) FILTER (WHERE state = 'accepted')::int,
			count(*) FILTER (WHERE state = 'declined')::int, count(*) FILTER (WHERE state = 'expired')::int,
			count(*) FILTER (WHERE state = 'cancelled')::int, count(*) FILTER (WHERE state = 'pending')::int
			FROM dispatch_offers WHERE created_at >= $1 AND created_at < $2`, m.From, m.To).
			Scan(&o.Made, &o.Accepted, &o.Declined, &o.Expired, &o.Cancelled, &o.Pending); err != nil {
			return err
		}
		if decided := o.Accepted + o.Declined + o.Expired; decided > 0 {
			r := float64(o.Accepted) / float64(decided)
			o.AcceptanceRate = &r
		}

		rows, err = tx.Query(ctx, `SELECT b.at, (SELECT count(*) FROM (
				SELECT DISTINCT ON (l.user_id) l.presence FROM staff_presence_log l WHERE l.created_at <= b.at
				ORDER BY l.user_id, l.id DESC) last WHERE last.presence = 'online')::int
			FROM generate_series($1::timestamptz, $2::timestamptz, make_interval(secs => $3)) AS b(at) ORDER BY b.at`,
			m.From.Add(w.Step), m.To, w.Step.Seconds())
		if err != nil {
			return err
		}
		m.AgentsOnline, err = pgx.CollectRows(rows, pgx.RowToStructByPos[OnlinePoint])
		if err != nil {
			return err
		}

		rows, err = tx.Query(ctx, `SELECT rating, labels FROM message_reviews WHERE updated_at >= $1 AND updated_at < $2`, m.From, m.To)
		if err != nil {
			return err
		}
		for rows.Next() {
			var rating string
			var labels []string
			if err := rows.Scan(&rating, &labels); err != nil {
				rows.Close()
				return err
			}
			if rating == "good" {
				m.Reviews.Good++
			} else {
				m.Reviews.Bad++
			}
			for _, l := range labels {
				m.Reviews.Labels[l]++
			}
		}
		rows.Close()

		g := &m.Grounding
		return tx.QueryRow(ctx, `SELECT count(*)::int, count(*) FILTER (WHERE 'ungrounded' = ANY (flags))::int,
			count(*) FILTER (WHERE 'fallback' = ANY (flags))::int, count(*) FILTER (WHERE 'failed' = ANY (flags))::int
			FROM messages WHERE role = 'assistant' AND created_at >= $1 AND created_at < $2`, m.From, m.To).
			Scan(&g.Answers, &g.Ungrounded, &g.Fallback, &g.Failed)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}
