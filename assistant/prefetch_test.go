package assistant

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"ratewise/assistant/openaitest"
)

// waitFor polls cond until it holds or the guard runs out.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for guard := time.Now().Add(20 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(guard) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// holdTurns takes a lock on the turns table that lets a message's first round trip read it but
// keeps its second, which stores the turn, from committing until release is called.
func holdTurns(t *testing.T, f *fixture) (release func()) {
	t.Helper()
	tx, err := f.pool.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(context.Background(), `LOCK TABLE turns IN EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	released := false
	release = func() {
		if !released {
			released = true
			_ = tx.Rollback(context.Background())
		}
	}
	t.Cleanup(release)
	return release
}

// With a worker free, a message's first model call is made as soon as the message is
// accepted, before the transaction that stores it commits, and the turn takes that call: the
// model is asked once, and the answer streams and is stored as the model said it.
func TestTheFirstModelCallIsMadeBeforeTheCommit(t *testing.T) {
	f, srv := scriptedFixture(t, openaitest.Text("Hello", " — how can I help?"))
	f.eng.Start()
	waitFor(t, "an idle worker", func() bool { return f.eng.idle.Load() > 0 })
	release := holdTurns(t, f)
	posted := make(chan error, 1)
	go func() {
		_, err := f.eng.Post(context.Background(), f.userID, f.conv.ID, "hi there", "pf-1")
		posted <- err
	}()
	waitFor(t, "the model request", func() bool { return len(srv.Requests()) == 1 })
	select {
	case err := <-posted:
		t.Fatalf("the message was stored before the model was asked (%v)", err)
	default:
	}
	release()
	if err := <-posted; err != nil {
		t.Fatal(err)
	}
	var answer *Message
	waitFor(t, "the answer", func() bool {
		for _, m := range f.messages(t, false) {
			if m.Role == RoleAssistant {
				answer = m
			}
		}
		return answer != nil
	})
	if answer.Text != "Hello — how can I help?" || len(answer.Flags) != 0 {
		t.Errorf("answer %q (flags %v)", answer.Text, answer.Flags)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("the model was asked %d times, want once", n)
	}
	f.rec.until(t, "the answer's events", func(evs []*Event) bool {
		return slices.ContainsFunc(evs, func(e *Event) bool { return e.Type == EventMessageCompleted })
	})
	if types := f.eventTypes(t); !slices.Contains(types, EventMessageDelta) {
		t.Errorf("events %v: the answer was not streamed", types)
	}
}

// A message whose transaction fails after the model was asked cancels the call: nothing is
// stored and nobody takes it. A message a person must answer asks no model at all.
func TestAPrefetchIsCancelledOrNotMade(t *testing.T) {
	cancelled := make(chan struct{})
	f, srv := scriptedFixture(t, func(w http.ResponseWriter, r *http.Request, req openaitest.Request) {
		select {
		case <-r.Context().Done():
			close(cancelled)
		case <-time.After(20 * time.Second):
		}
	})
	f.eng.Start()
	waitFor(t, "an idle worker", func() bool { return f.eng.idle.Load() > 0 })
	release := holdTurns(t, f)
	ctx, cancel := context.WithCancel(context.Background())
	posted := make(chan error, 1)
	go func() {
		_, err := f.eng.Post(ctx, f.userID, f.conv.ID, "hi there", "pf-2")
		posted <- err
	}()
	waitFor(t, "the model request", func() bool { return len(srv.Requests()) == 1 })
	cancel() // the request that posts the message goes away before its commit
	if err := <-posted; err == nil {
		t.Fatal("the post succeeded with its context cancelled before the commit")
	}
	select {
	case <-cancelled:
	case <-time.After(20 * time.Second):
		t.Fatal("the model call was not cancelled")
	}
	release()
	if ms := f.messages(t, false); len(ms) != 0 {
		t.Errorf("stored %d messages, want none", len(ms))
	}

	g, srv2 := scriptedFixture(t, openaitest.Text("never"))
	g.eng.Start()
	waitFor(t, "an idle worker", func() bool { return g.eng.idle.Load() > 0 })
	onlyReply(t, g.say(t, "I want to talk to a person"))
	if n := len(srv2.Requests()); n != 0 {
		t.Errorf("a request for a person asked the model %d times", n)
	}
}
