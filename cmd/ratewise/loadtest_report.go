package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"
)

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

// phase returns the named server's turns, if measured.
func (r *loadResult) phase(name string) (phaseResult, bool) {
	for _, p := range r.phases {
		if p.server == name {
			return p, true
		}
	}
	return phaseResult{}, false
}

// writeTables writes the measurements as Markdown tables.
func (r *loadResult) writeTables(w io.Writer) {
	c := r.cfg
	fmt.Fprintf(w, "%d consumers × %d turns; scripted model: %s to the first token, %d tokens %s apart. Load average %s before, %s after.\n\n",
		c.consumers, c.turns, c.firstToken, c.tokens, c.tokenGap, r.loadBefore, r.loadAfter)
	fmt.Fprintln(w, "| server | turns | errors | turns/s | overhead to first token p50 | p95 | p99 | RSS after | peak RSS | server CPU per turn | database CPU per turn |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, p := range r.phases {
		db := "–"
		if d := p.dbCPUPerTurn(); d >= 0 {
			db = ms(d)
		}
		fmt.Fprintf(w, "| %s | %d | %d | %.1f | %s | %s | %s | %s | %s | %s | %s |\n", p.server, p.turns, p.errors, p.turnsPerSecond(),
			ms(p.quantile(0.50)), ms(p.quantile(0.95)), ms(p.quantile(0.99)), mib(p.rss), mib(p.hwm), ms(p.cpuPerTurn()), db)
	}
	if c.turns > 1 {
		fmt.Fprintln(w, "\nThe same overheads by turn: every consumer's first message is sent at the same moment (a burst of")
		fmt.Fprintf(w, "%d at once); each later one as soon as that consumer's previous answer is complete.\n\n", c.consumers)
		fmt.Fprintln(w, "| server | first turn p50 | first turn p99 | later turns p50 | later turns p95 | later turns p99 |")
		fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: |")
		for _, p := range r.phases {
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", p.server, ms(quantile(p.first, .5)), ms(quantile(p.first, .99)),
				ms(quantile(p.later, .5)), ms(quantile(p.later, .95)), ms(quantile(p.later, .99)))
		}
	}
	for _, p := range r.phases {
		if p.firstErr != "" {
			fmt.Fprintf(w, "\nFirst error (%s): %s\n", p.server, p.firstErr)
		}
	}
	if rly, ok := r.phase("relay"); ok {
		if rw, ok := r.phase("ratewise"); ok {
			fmt.Fprintln(w, "\n| target | measured | met |")
			fmt.Fprintln(w, "| --- | --- | --- |")
			check := func(name, measured string, ok bool) {
				met := "yes"
				if !ok {
					met = "**no**"
				}
				fmt.Fprintf(w, "| %s | %s | %s |\n", name, measured, met)
			}
			check("overhead p50 ≤ relay p50 + 10 ms", fmt.Sprintf("%s vs %s", ms(rw.quantile(.5)), ms(rly.quantile(.5)+10*time.Millisecond)),
				rw.quantile(.5) <= rly.quantile(.5)+10*time.Millisecond)
			check("overhead p99 ≤ 1.5 × relay p99", fmt.Sprintf("%s vs %s", ms(rw.quantile(.99)), ms(rly.quantile(.99)*3/2)),
				rw.quantile(.99) <= rly.quantile(.99)*3/2)
			check("turns/s ≥ 0.8 × relay", fmt.Sprintf("%.1f vs %.1f", rw.turnsPerSecond(), 0.8*rly.turnsPerSecond()),
				rw.turnsPerSecond() >= 0.8*rly.turnsPerSecond())
			check("zero errors", fmt.Sprint(rw.errors), rw.errors == 0)
			for _, i := range r.idle {
				if i.server == "ratewise" {
					check(fmt.Sprintf("%d idle streams ≤ 300 MB RSS", i.streams), mib(i.rss), i.rss <= 300e6 && i.errors == 0)
				}
			}
		}
	}
	if len(r.idle) > 0 {
		fmt.Fprintln(w, "\n| server | idle event streams | failed to open | RSS at start | RSS with them open | per stream (at most) |")
		fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: |")
		for _, i := range r.idle {
			per := float64(i.rss-i.before) / float64(max(1, i.streams-i.errors)) / 1024
			fmt.Fprintf(w, "| %s | %d | %d | %s | %s | %.1f KiB |\n", i.server, i.streams, i.errors, mib(i.before), mib(i.rss), per)
		}
	}
	if len(r.fanout) > 0 {
		fmt.Fprintf(w, "\nPostgreSQL NOTIFY fan-out, %s per case, 4 publishers split over the instances; an event counts once every instance has received it.\n\n", c.fanout)
		fmt.Fprintln(w, "| path | instances | events published | events/s to every instance |")
		fmt.Fprintln(w, "| --- | ---: | ---: | ---: |")
		for _, f := range r.fanout {
			fmt.Fprintf(w, "| %s | %d | %d | %.0f |\n", f.path, f.instances, f.published, f.perSecond)
		}
	}
}

// fanoutRate is the measured rate of the path's case with the given instances (0 if absent).
func (r *loadResult) fanoutRate(prefix string, instances int) float64 {
	for _, f := range r.fanout {
		if strings.HasPrefix(f.path, prefix) && f.instances == instances {
			return f.perSecond
		}
	}
	return 0
}

// Per turn, what the bus carries: durable events stored (message.created, message.completed)
// and ephemeral notices (typing on and off, the streamed pieces: the first token at once, then
// one piece per 50 ms).
const (
	durablePerTurn = 2
	// a turn spends most of its time away from the keyboard: one message every 30 s
	secondsBetweenMessages = 30
)

// writeReport writes BENCHMARKS.md: how it was measured, the tables, and the scaling plan
// worked out from them.
func (r *loadResult) writeReport(w io.Writer) {
	fmt.Fprintln(w, "# Benchmarks: the chat turn pipeline under load")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Written by `make bench` (`ratewise loadtest --report BENCHMARKS.md`); the component benchmarks")
	fmt.Fprintln(w, "(comparison, import, search, one planner turn) are in [docs/benchmarks.md](docs/benchmarks.md).")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "- command: `%s`\n", r.command)
	fmt.Fprintf(w, "- date: %s\n", r.started.UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(w, "- machine: %s, %d cores, %s/%s, %s\n", cpuModel(), runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version())
	fmt.Fprintf(w, "- load average (1, 5, 15 min): %s before the run, %s after — the machine is shared, so these say how much else ran\n", r.loadBefore, r.loadAfter)
	fmt.Fprintln(w, "- servers: Ratewise (`ratewise serve`, PostgreSQL on the same machine) and the baseline relay")
	fmt.Fprintln(w, "  (`web/relay`: echo + go-openai, in memory, same HTTP contract), each its own process, driven")
	fmt.Fprintln(w, "  one after the other by the same consumers; the scripted model runs in the load tool")
	fmt.Fprintln(w, "- overhead to first token: from sending the message to the first `message.delta` on the")
	fmt.Fprintln(w, "  consumer's open event stream, minus the model's own time to its first token")
	fmt.Fprintln(w)
	r.writeTables(w)
	r.writeScaling(w)
}

// writeScaling works the scaling plan out from the numbers.
func (r *loadResult) writeScaling(w io.Writer) {
	rw, ok := r.phase("ratewise")
	if !ok {
		return
	}
	fmt.Fprintln(w, "\n\n## Scaling plan")
	fmt.Fprintln(w)
	perStream := 0.0
	for _, i := range r.idle {
		if i.server == "ratewise" && i.streams > i.errors {
			perStream = float64(i.rss-i.before) / float64(i.streams-i.errors)
		}
	}
	tps := rw.turnsPerSecond()
	fmt.Fprintf(w, "**One instance.** It completed %.1f turns/s with %d consumers talking without pause, on a 2-core\n", tps, r.cfg.consumers)
	fmt.Fprintf(w, "machine it shares with PostgreSQL and the load tool. A person in a conversation sends a message\n")
	fmt.Fprintf(w, "about every %d s, so one instance keeps up with about %.0f conversations in active use\n", secondsBetweenMessages, tps*secondsBetweenMessages)
	fmt.Fprintf(w, "(turns/s × %d) at this rate; the workers (TURN_WORKERS, 64 by default) are not what limits it.", secondsBetweenMessages)
	if perStream > 0 {
		fmt.Fprintf(w, " An open, idle\nevent stream costs about %.1f KiB, so 1 GiB holds about %.0f of them: memory is not what limits\nconversations per instance.", perStream/1024, float64(1<<30)/perStream)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w)
	dur1, dur2 := r.fanoutRate("durable", 1), r.fanoutRate("durable", 2)
	eph1, eph2 := r.fanoutRate("ephemeral", 1), r.fanoutRate("ephemeral", 2)
	if dur1 > 0 {
		fmt.Fprintf(w, "**Where PostgreSQL stops.** A stored event is an INSERT committed with what it announces\n")
		fmt.Fprintf(w, "(the commit waits for the WAL flush); the instance then hands it to its own streams and\n")
		fmt.Fprintf(w, "queues it for the others in one batched, non-durable NOTIFY. No NOTIFY sits inside a durable\n")
		fmt.Fprintf(w, "commit, so commits are not serialised by the notification queue's lock and share WAL flushes:\n")
		fmt.Fprintf(w, "%.0f durable events/s with one instance and 4 publishers, %.0f with two. A turn stores %d\n", dur1, dur2, durablePerTurn)
		fmt.Fprintf(w, "events (message.created, message.completed; offers and tool rows only when a tool runs), so with\n")
		ceiling := min(dur1, dur2) / durablePerTurn
		fmt.Fprintf(w, "as few writers the database's commits carry about %.0f turns/s, about %.0f conversations in\n", ceiling, ceiling*secondsBetweenMessages)
		fmt.Fprintf(w, "active use; more concurrent writers share more flushes. Ephemeral notices (deltas, typing,\n")
		fmt.Fprintf(w, "session ends, wakes, and the stored events' announcements) travel in batches, one statement\n")
		fmt.Fprintf(w, "per batch: %.0f/s with one instance, %.0f/s with two; every instance receives every one, so\n", eph1, eph2)
		fmt.Fprintf(w, "their cost grows with instances × traffic, and LISTEN/NOTIFY's single queue is what stops first\n")
		fmt.Fprintf(w, "(an instance that hears no other sends its streamed text to no one: one alone pays nothing).\n\n")
	}
	fmt.Fprintln(w, "**What replaces it.** Before the deployment nears that ceiling, the bus's `Broker` interface")
	fmt.Fprintln(w, "(assistant/bus.go: Publish, Listen) gets an existing broker — NATS core subjects or Redis")
	fmt.Fprintln(w, "pub/sub — with a subject per conversation shard, so an instance receives only what its")
	fmt.Fprintln(w, "streams need. Durable events stay in PostgreSQL and keep their per-conversation sequence;")
	fmt.Fprintln(w, "they are already announced after their commit, so nothing else changes: a stream fills any")
	fmt.Fprintln(w, "gap in the sequence from the database, and a notice the broker loses costs a read, never an event.")
}

// cpuModel is the CPU's model name from /proc/cpuinfo.
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}
