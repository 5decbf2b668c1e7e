package assistant

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"ratewise"
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

// waitClosed waits until ch is closed (for what), failing t after the guard.
func waitClosed(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(20 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
}

// stillPosting fails t if the post whose result posted carries has returned: it should wait
// until after what happened.
func stillPosting(t *testing.T, posted <-chan error, what string) {
	t.Helper()
	select {
	case err := <-posted:
		t.Fatalf("the message was stored before %s (%v)", what, err)
	default:
	}
}

// holdTurns takes a lock on the turns table that lets a message's first round trip read it but
// keeps its second, which stores the turn, from committing until release is called.
func holdTurns(t *testing.T, f *fixture) (release func()) {
	t.Helper()
	return holdLock(t, f, `LOCK TABLE turns IN EXCLUSIVE MODE`)
}

// holdLock runs stmt (args) in a transaction it keeps open, holding what stmt locks, until
// release is called (or the test ends).
func holdLock(t *testing.T, f *fixture, stmt string, args ...any) (release func()) {
	t.Helper()
	tx, err := f.pool.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(context.Background(), stmt, args...); err != nil {
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
	stillPosting(t, posted, "the model was asked")
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
	waitClosed(t, cancelled, "the model call to be cancelled")
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

// holdConversation locks conversation id's row, as a transaction that changes it would, so a
// message's first round trip waits until release is called.
func holdConversation(t *testing.T, f *fixture, id int64) (release func()) {
	t.Helper()
	return holdLock(t, f, `SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE`, id)
}

// earlyFixture is a scripted fixture whose engine keeps conversations' next turn input, with a
// conversation created through the engine, and its workers started.
func earlyFixture(t *testing.T, steps ...openaitest.Step) (*fixture, *openaitest.Server) {
	t.Helper()
	f, srv := scriptedFixture(t, steps...)
	f.eng.EarlyConversations = 10
	conv, err := f.eng.CreateConversation(context.Background(), f.userID)
	if err != nil {
		t.Fatal(err)
	}
	f.conv = conv
	f.eng.Start()
	return f, srv
}

// postHeld posts text while the conversation's row is locked, waits until the model has had
// want requests in all — made before the message could be checked or stored — and then lets
// the post go on and returns its result.
func postHeld(t *testing.T, f *fixture, srv *openaitest.Server, text, clientID string, want int) PostResult {
	t.Helper()
	waitFor(t, "an idle worker", func() bool { return f.eng.idle.Load() > 0 })
	waitKept(t, f)
	release := holdConversation(t, f, f.conv.ID)
	type posted struct {
		res PostResult
		err error
	}
	done := make(chan posted, 1)
	go func() {
		res, err := f.eng.Post(context.Background(), f.userID, f.conv.ID, text, clientID)
		done <- posted{res, err}
	}()
	waitFor(t, "the model request", func() bool { return len(srv.Requests()) == want })
	select {
	case p := <-done:
		t.Fatalf("the post of %q returned before the model was asked (%v)", text, p.err)
	default:
	}
	release()
	p := <-done
	if p.err != nil {
		t.Fatalf("post %q: %v", text, p.err)
	}
	return p.res
}

// waitKept waits until the engine keeps the conversation's next turn input: a turn keeps it
// just after its answer is announced.
func waitKept(t *testing.T, f *fixture) {
	t.Helper()
	waitFor(t, "the conversation's input kept", func() bool { return f.eng.early.len() == 1 })
}

// answerTo waits for the turn answering msg and returns its one reply's text.
func answerTo(t *testing.T, f *fixture, msg *Message) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	replies, done, err := f.eng.AwaitTurn(ctx, f.conv.ID, msg.ID)
	if err != nil || !done || len(replies) != 1 {
		t.Fatalf("the turn answering %q: %d replies, done %v, %v", msg.Text, len(replies), done, err)
	}
	return replies[0].Text
}

// cancelledStep answers no request: it waits for the client to give up and says so.
func cancelledStep(cancelled chan<- struct{}) openaitest.Step {
	return func(w http.ResponseWriter, r *http.Request, req openaitest.Request) {
		select {
		case <-r.Context().Done():
			close(cancelled)
		case <-time.After(20 * time.Second):
		}
	}
}

func lastContents(req openaitest.Request) []string {
	var out []string
	for _, m := range req.Messages {
		if m.Role != "system" {
			out = append(out, m.Role+": "+m.Content)
		}
	}
	return out
}

// In a conversation whose last turn this instance ran (or that it created), the model is asked
// before the new message's first round trip — while another transaction holds the
// conversation's row — and the turn takes that call: the model is asked once a turn, and the
// second turn's call began from the first one's answer.
func TestAKnownConversationsModelCallIsMadeBeforeTheMessageIsChecked(t *testing.T) {
	f, srv := earlyFixture(t, openaitest.Text("Hello", " there."), openaitest.Text("Car loans", " are listed below."))
	res := postHeld(t, f, srv, "hi there", "early-1", 1)
	if got := answerTo(t, f, res.Message); got != "Hello there." {
		t.Errorf("first answer %q", got)
	}
	res = postHeld(t, f, srv, "what about car loans", "early-2", 2)
	if got := answerTo(t, f, res.Message); got != "Car loans are listed below." {
		t.Errorf("second answer %q", got)
	}
	reqs := srv.Requests()
	if len(reqs) != 2 {
		t.Fatalf("the model was asked %d times, want twice", len(reqs))
	}
	want := []string{"user: hi there", "assistant: Hello there.", "user: what about car loans"}
	if got := lastContents(reqs[1]); !slices.Equal(got, want) {
		t.Errorf("the second call began from %q, want %q", got, want)
	}
}

// A call made that early from what is no longer the conversation (something was stored
// meanwhile) is cancelled once the first round trip reads it, and the turn's call is made
// again from what was read.
func TestAnEarlyCallFromAStaleConversationIsMadeAgain(t *testing.T) {
	cancelled := make(chan struct{})
	f, srv := earlyFixture(t, openaitest.Text("Hello."), cancelledStep(cancelled), openaitest.Text("Fresh."))
	res := postHeld(t, f, srv, "hi there", "stale-1", 1)
	answerTo(t, f, res.Message)
	if _, err := f.pool.Exec(context.Background(), `INSERT INTO messages (conversation_id, role, text) VALUES ($1, 'assistant', 'A note stored elsewhere.')`, f.conv.ID); err != nil {
		t.Fatal(err)
	}
	// The call is made again as soon as the first round trip has read the conversation: while
	// the second cannot commit.
	waitKept(t, f)
	releaseTurns := holdTurns(t, f)
	releaseConv := holdConversation(t, f, f.conv.ID)
	posted := make(chan error, 1)
	go func() {
		var err error
		res, err = f.eng.Post(context.Background(), f.userID, f.conv.ID, "and now?", "stale-2")
		posted <- err
	}()
	waitFor(t, "the early call", func() bool { return len(srv.Requests()) == 2 })
	releaseConv()
	waitClosed(t, cancelled, "the call made from the stale conversation to be cancelled")
	waitFor(t, "the call made again", func() bool { return len(srv.Requests()) == 3 })
	stillPosting(t, posted, "the call was made again")
	releaseTurns()
	if err := <-posted; err != nil {
		t.Fatal(err)
	}
	if got := answerTo(t, f, res.Message); got != "Fresh." {
		t.Errorf("answer %q", got)
	}
	reqs := srv.Requests()
	if len(reqs) != 3 {
		t.Fatalf("the model was asked %d times, want 3", len(reqs))
	}
	if got := lastContents(reqs[1]); slices.Contains(got, "assistant: A note stored elsewhere.") {
		t.Errorf("the early call %q saw the note", got)
	}
	if got := lastContents(reqs[2]); !slices.Contains(got, "assistant: A note stored elsewhere.") {
		t.Errorf("the call made again %q did not see the note", got)
	}
}

// A message refused after its early call (here over a rate limit) cancels the call and uses up
// the conversation's input: the next messages make no early call until a turn is answered
// again, so messages that are refused cost one cancelled call, not one each. A retry of a
// stored message (its client_id among the kept messages') makes none at all.
func TestARefusedMessageCancelsItsEarlyCallAndTheNextMakeNone(t *testing.T) {
	cancelled := make(chan struct{})
	f, srv := earlyFixture(t, openaitest.Text("Hello."), cancelledStep(cancelled), openaitest.Text("Second."))
	first := postHeld(t, f, srv, "hi there", "refused-1", 1)
	answerTo(t, f, first.Message)
	waitKept(t, f)
	retry, err := f.eng.Post(context.Background(), f.userID, f.conv.ID, "hi there", "refused-1")
	if err != nil || retry.Created || retry.Message.ID != first.Message.ID {
		t.Fatalf("the retry: %+v, %v", retry, err)
	}
	if n, k := len(srv.Requests()), f.eng.early.len(); n != 1 || k != 1 {
		t.Fatalf("a retry asked the model (%d requests) or took the kept input (%d kept)", n, k)
	}

	// Over the rate limit: refused in the first round trip, after the call was made.
	overLimit := func(*pgx.Batch) func() error {
		return func() error { return ratewise.Errorf(ratewise.ERATELIMITED, "Too many messages.") }
	}
	release := holdConversation(t, f, f.conv.ID)
	refused := make(chan error, 1)
	go func() {
		_, err := f.eng.PostAdmitted(context.Background(), f.userID, f.conv.ID, "one more", "refused-2", nil, overLimit)
		refused <- err
	}()
	waitFor(t, "the early call", func() bool { return len(srv.Requests()) == 2 })
	release()
	if err := <-refused; ratewise.ErrorCode(err) != ratewise.ERATELIMITED {
		t.Fatalf("the message over the limit: %v", err)
	}
	waitClosed(t, cancelled, "the refused message's call to be cancelled")
	if n := f.eng.early.len(); n != 0 {
		t.Fatalf("%d conversations kept after a refused message, want none", n)
	}
	// Another user's message to it would not be taken for the owner's, and takes nothing.
	f.eng.keepEarly(f.conv, nil, Dialogue{})
	if _, ok := f.eng.early.take(f.conv.ID, f.userID+1, "x"); ok {
		t.Error("another user took the conversation's input")
	}
	if n := f.eng.early.len(); n != 1 {
		t.Errorf("another user's attempt dropped the conversation's input (%d kept)", n)
	}
	_, _ = f.eng.early.take(f.conv.ID, f.userID, "x")
	res, err := f.eng.Post(context.Background(), f.userID, f.conv.ID, "something else", "refused-3")
	if err != nil {
		t.Fatal(err)
	}
	if got := answerTo(t, f, res.Message); got != "Second." {
		t.Errorf("answer %q", got)
	}
	if n := len(srv.Requests()); n != 3 {
		t.Errorf("the model was asked %d times, want 3", n)
	}
	waitKept(t, f) // and an answer keeps it again
}

// An instance keeps at most EarlyConversations conversations' inputs, none when it is 0.
func TestEarlyInputsAreBounded(t *testing.T) {
	var c earlyInputs
	for id := range int64(5) {
		c.put(3, id, earlyInput{userID: 7})
	}
	if n := c.len(); n != 3 {
		t.Errorf("%d kept, want 3", n)
	}
	c.put(3, 4, earlyInput{userID: 7}) // one already kept replaces itself
	if n := c.len(); n != 3 {
		t.Errorf("%d kept after a replacement, want 3", n)
	}
	if _, ok := c.take(4, 7, ""); !ok {
		t.Error("the last conversation kept was dropped")
	}
	var none earlyInputs
	none.put(0, 1, earlyInput{userID: 7})
	if n := none.len(); n != 0 {
		t.Errorf("%d kept with a bound of 0", n)
	}
}

// A conversation that leaves the assistant — a person asked for with the button here, or moved
// by another instance (the move's notice) — is not begun early again: what the person writes
// next, for a person, goes to no model.
func TestAMessageToAPersonMakesNoEarlyCall(t *testing.T) {
	f, srv := earlyFixture(t, openaitest.Text("Hello."), openaitest.Text("Hello again."))
	res := postHeld(t, f, srv, "hi there", "person-1", 1)
	answerTo(t, f, res.Message)
	waitKept(t, f)
	if _, err := f.eng.RequestHandoff(context.Background(), f.userID, f.conv.ID, ""); err != nil {
		t.Fatal(err)
	}
	if n := f.eng.early.len(); n != 0 {
		t.Fatalf("%d conversations kept after the button asked for a person, want none", n)
	}
	if _, err := f.eng.Post(context.Background(), f.userID, f.conv.ID, "my account number is 12345678", "person-2"); err != nil {
		t.Fatal(err)
	}

	// Another instance moves a conversation this one keeps: its notice reaches this bus.
	g, srv2 := earlyFixture(t, openaitest.Text("Hello."))
	res = postHeld(t, g, srv2, "hi there", "person-3", 1)
	answerTo(t, g, res.Message)
	waitKept(t, g)
	if err := g.eng.Store.inTx(context.Background(), func(tx pgx.Tx) error {
		_, err := move(context.Background(), tx, g.conv.ID, PhaseBot, PhaseQueued, nil, Cause{Kind: CauseSystem}, nil)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the move's notice to forget the conversation", func() bool { return g.eng.early.len() == 0 })
	if _, err := g.eng.Post(context.Background(), g.userID, g.conv.ID, "are you there?", "person-4"); err != nil {
		t.Fatal(err)
	}
	if n, m := len(srv.Requests()), len(srv2.Requests()); n != 1 || m != 1 {
		t.Errorf("the models were asked %d and %d times, want once each (the messages to a person went to them)", n, m)
	}
}
