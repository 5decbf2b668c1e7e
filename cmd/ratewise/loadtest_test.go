package main

import (
	"bytes"
	"context"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"

	"ratewise/db/dbtest"
)

// The load tool end to end at a tiny size: both servers answer every turn with the model's
// text, the idle streams open, the fan-out cases deliver, and the report has every table. It
// checks that the tool measures, not what it measures: speed belongs in the benchmark.
func TestLoadtestRunsBothServersAndReports(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds and runs the binary: skipped with -short")
	}
	c := loadConfig{bin: buildBinary(t), dsn: dbtest.DSN(), consumers: 2, turns: 2, firstToken: 10 * time.Millisecond,
		tokens: 5, tokenGap: time.Millisecond, idleStreams: 10, fanout: 200 * time.Millisecond, turnTimeout: 60 * time.Second, log: io.Discard}
	res, err := runLoad(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.phases) != 2 {
		t.Fatalf("%d servers measured, want the relay and Ratewise", len(res.phases))
	}
	for _, p := range res.phases {
		if p.errors != 0 || p.turns != 4 || len(p.overheads) != 4 || p.rss == 0 {
			t.Errorf("%s: %d turns, %d errors (%s), %d timings, RSS %d", p.server, p.turns, p.errors, p.firstErr, len(p.overheads), p.rss)
		}
		if len(p.first) != 2 || len(p.later) != 2 {
			t.Errorf("%s: %d first turns and %d later ones timed, want 2 and 2 (two consumers, two turns each)", p.server, len(p.first), len(p.later))
		}
	}
	// The database runs here in the tests (make test starts it): its processes' CPU is read.
	if rly, ok := res.phase("relay"); ok && rly.dbCPU != -1 {
		t.Errorf("the relay, which has no database, used %s of the database's CPU", rly.dbCPU)
	}
	if u, err := url.Parse(dbtest.DSN()); err == nil && (u.Hostname() == "127.0.0.1" || u.Hostname() == "localhost") {
		if rw, ok := res.phase("ratewise"); !ok || rw.dbCPU < 0 {
			t.Errorf("the database's CPU during Ratewise's turns is not known (%s)", rw.dbCPU)
		}
	}
	for _, i := range res.idle {
		if i.errors != 0 || i.rss == 0 {
			t.Errorf("%s: %d of %d idle streams failed, RSS %d", i.server, i.errors, i.streams, i.rss)
		}
	}
	if len(res.idle) != 2 || len(res.fanout) != 4 {
		t.Fatalf("%d idle measurements, %d fan-out cases", len(res.idle), len(res.fanout))
	}
	for _, f := range res.fanout {
		if f.published == 0 || f.perSecond == 0 {
			t.Errorf("fan-out %s × %d: %d published, %.0f/s delivered", f.path, f.instances, f.published, f.perSecond)
		}
	}
	var out bytes.Buffer
	res.writeReport(&out)
	for _, want := range []string{"| relay |", "| ratewise |", "| target |", "idle event streams", "| durable (INSERT and commit, then batched NOTIFY) | 2 |", "## Scaling plan",
		"| server | first turn p50 | first turn p99 | later turns p50 |"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, out.String())
		}
	}
}

// A new report keeps the findings written by hand below the measured sections.
func TestReportKeepsTheFindings(t *testing.T) {
	old := []byte("# Benchmarks\n\nold tables\n\n## Findings (added by hand)\n\n### 2026-11-29\n\n- a finding\n")
	if got, want := string(keptFindings(old)), "\n## Findings (added by hand)\n\n### 2026-11-29\n\n- a finding\n"; got != want {
		t.Errorf("keptFindings = %q, want %q", got, want)
	}
	if got := keptFindings([]byte("# Benchmarks\n\nno findings yet\n")); got != nil {
		t.Errorf("a report without findings keeps %q", got)
	}
}
