package web

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"ratewise/assistant"
)

// consoleCollector exposes the console's 24-hour metrics (GET /api/v1/console/metrics?window=24h)
// as Prometheus gauges, computed from the database at each scrape, so every instance reports
// the same figures.
type consoleCollector struct {
	console *assistant.Console
	log     *slog.Logger
	descs   map[string]*prometheus.Desc
}

func newConsoleCollector(c *assistant.Console, log *slog.Logger) *consoleCollector {
	d := func(name, help string, labels ...string) *prometheus.Desc {
		return prometheus.NewDesc("ratewise_console_"+name, help+" (last 24 hours)", labels, nil)
	}
	return &consoleCollector{console: c, log: log, descs: map[string]*prometheus.Desc{
		"conversations":  d("conversations", "Conversations by cohort.", "cohort"),
		"rating":         d("average_rating", "Average consumer rating by cohort.", "cohort"),
		"durable":        d("durable_resolution_ratio", "Share of conversations with no new one from the same consumer within 7 days, by cohort.", "cohort"),
		"handoffs":       d("handoffs", "Handoffs to people by reason.", "reason"),
		"handoff_rate":   d("handoff_ratio", "Share of conversations handed to a person."),
		"time_to_person": d("time_to_person_seconds", "Seconds from handoff to offer, accept and first reply.", "step", "quantile"),
		"offers":         d("offers", "Offers made to agents by outcome.", "outcome"),
		"acceptance":     d("offer_acceptance_ratio", "Accepted among answered or expired offers."),
		"agents_online":  d("agents_online", "Agents online now."),
		"reviews":        d("reviews", "Reviews of assistant answers by rating.", "rating"),
		"review_labels":  d("review_labels", "Review labels given.", "label"),
		"grounding":      d("grounding_interventions", "Assistant answers the guard replaced, the planner answered as fallback, or that failed.", "kind"),
		"answers":        d("assistant_answers", "Assistant answers."),
		"scrape_failed":  d("scrape_failed", "1 when the console metrics could not be read at this scrape."),
	}}
}

func (cc *consoleCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range cc.descs {
		ch <- d
	}
}

func (cc *consoleCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	g := func(name string, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(cc.descs[name], prometheus.GaugeValue, v, labels...)
	}
	m, err := cc.console.ConsoleMetrics(ctx, "24h")
	if err != nil {
		cc.log.Warn("console metrics", "err", err)
		g("scrape_failed", 1)
		return
	}
	g("scrape_failed", 0)
	opt := func(name string, v *float64, labels ...string) {
		if v != nil {
			g(name, *v, labels...)
		}
	}
	for _, co := range m.Cohorts {
		g("conversations", float64(co.Conversations), co.Name)
		opt("rating", co.AverageRating, co.Name)
		opt("durable", co.DurableRate, co.Name)
	}
	for r, n := range m.Handoffs.Reasons {
		g("handoffs", float64(n), r)
	}
	opt("handoff_rate", m.Handoffs.Rate)
	tp := m.TimeToPerson
	for _, s := range []struct {
		step, q string
		v       *float64
	}{{"offer", "0.5", tp.OfferP50}, {"offer", "0.9", tp.OfferP90}, {"accept", "0.5", tp.AcceptP50}, {"accept", "0.9", tp.AcceptP90},
		{"first_reply", "0.5", tp.FirstReplyP50}, {"first_reply", "0.9", tp.FirstReplyP90}} {
		opt("time_to_person", s.v, s.step, s.q)
	}
	o := m.Offers
	for outcome, n := range map[string]int{"accepted": o.Accepted, "declined": o.Declined, "expired": o.Expired, "cancelled": o.Cancelled, "pending": o.Pending} {
		g("offers", float64(n), outcome)
	}
	opt("acceptance", o.AcceptanceRate)
	if n := len(m.AgentsOnline); n > 0 {
		g("agents_online", float64(m.AgentsOnline[n-1].Online))
	}
	g("reviews", float64(m.Reviews.Good), "good")
	g("reviews", float64(m.Reviews.Bad), "bad")
	for l, n := range m.Reviews.Labels {
		g("review_labels", float64(n), l)
	}
	g("answers", float64(m.Grounding.Answers))
	g("grounding", float64(m.Grounding.Ungrounded), "ungrounded")
	g("grounding", float64(m.Grounding.Fallback), "fallback")
	g("grounding", float64(m.Grounding.Failed), "failed")
}
