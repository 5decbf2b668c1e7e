package assistant

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"
)

// stalledModel streams the start of an answer, then waits for the test before streaming the
// rest and returning it, as a slow model mid-answer does.
type stalledModel struct {
	once    sync.Once
	started chan struct{}
	release chan struct{}
	// With streamed set, the rest is many pieces (enough to be sent before the model is done),
	// then streamed is closed, and the model returns only once finish is.
	streamed, finish chan struct{}
}

const (
	stalledHead = "Here is what I found for you: "
	stalledTail = "I'll lock in the cheaper plan for you today."
	stalledWord = "meanwhile"
)

func (m *stalledModel) Name() string { return "stalled" }

func (m *stalledModel) Complete(ctx context.Context, req ModelRequest, onDelta func(string)) (ModelReply, error) {
	if onDelta != nil {
		onDelta(stalledHead)
	}
	m.once.Do(func() { close(m.started) })
	select {
	case <-m.release:
	case <-ctx.Done():
		return ModelReply{}, ctx.Err()
	}
	if m.streamed != nil {
		var text strings.Builder
		for range 3 * deltaTokens {
			if onDelta != nil {
				onDelta(" " + stalledWord)
			}
			text.WriteString(" " + stalledWord)
		}
		close(m.streamed)
		<-m.finish
		return ModelReply{Text: stalledHead + text.String()}, nil
	}
	if onDelta != nil {
		onDelta(stalledTail)
	}
	return ModelReply{Text: stalledHead + stalledTail}, nil
}

// An agent who takes the conversation while the assistant is still answering wins: the
// answer the model finishes afterwards is dropped — not stored, not announced, its remaining
// pieces never streamed — and the turn ends done, leaving the conversation with the agent and
// the assistant's counters untouched.
func TestTakeoverMidTurnDropsTheAssistantsAnswer(t *testing.T) {
	t.Parallel()
	model := &stalledModel{started: make(chan struct{}), release: make(chan struct{})}
	f := newFixture(t, model)
	ctx := context.Background()
	con := NewConsole(f.eng, ConsoleSettings{})
	agent := newUser(t, f.pool, "agent@ratewise.test")
	f.eng.Start()

	res, _, err := f.eng.Send(ctx, f.userID, f.conv.ID, "is there a cheaper plan for my phone bill?", "m1", false)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-model.started:
	case <-time.After(20 * time.Second):
		t.Fatal("the model was never asked")
	}
	// The consumer asks for a person and an agent claims the conversation while the model is
	// still writing; the agent replies.
	notices := f.eng.Bus.Subscribe(ConsoleTopic, "")
	defer notices.Close()
	if _, err := f.eng.RequestHandoff(ctx, f.userID, f.conv.ID, ""); err != nil {
		t.Fatal(err)
	}
	a := Actor{ID: agent, Name: "Ann Agent"}
	if err := con.Claim(ctx, a, f.conv.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := con.Reply(ctx, a, f.conv.ID, "Hi, I'm Ann. I'm reading your messages now.", "r1"); err != nil {
		t.Fatal(err)
	}
	// Every instance has heard of the claim before the model carries on.
	for heard := false; !heard; {
		select {
		case ev := <-notices.C:
			var u ConversationUpdate
			heard = ev.Type == EventConversationUpdated && json.Unmarshal(ev.Data, &u) == nil && u.Phase == PhaseAssigned
		case <-time.After(20 * time.Second):
			t.Fatal("no conversation.updated for the claim")
		}
	}
	close(model.release)

	// The turn ends — done, not failed, nothing to retry.
	deadline := time.Now().Add(20 * time.Second)
	var state string
	for time.Now().Before(deadline) {
		if err := f.pool.QueryRow(ctx, `SELECT state FROM turns WHERE message_id = $1`, res.Message.ID).Scan(&state); err != nil {
			t.Fatal(err)
		}
		if state == "done" || state == "failed" {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if state != "done" {
		t.Fatalf("the turn is %s, want done", state)
	}
	// The answer's end of stream (typing off) comes after everything the turn sent.
	f.rec.until(t, "the turn's typing off", func(evs []*Event) bool {
		for _, ev := range evs {
			var d typingData
			if ev.Type == EventTyping && json.Unmarshal(ev.Data, &d) == nil && d.Role == RoleAssistant && !d.Active && d.ReplyTo == res.Message.ID {
				return true
			}
		}
		return false
	})

	// The only assistant message is the queue's notice to the consumer; none answers the turn.
	answers := func(m *Message) bool {
		return m.Role == RoleAssistant && (strings.Contains(m.Text, stalledHead) || (m.ReplyTo != nil && *m.ReplyTo == res.Message.ID))
	}
	var roles []string
	for _, m := range f.messages(t, true) {
		roles = append(roles, m.Role)
		if answers(m) || strings.Contains(m.Text, stalledTail) {
			t.Errorf("the dropped answer was stored: %s %q", m.Role, m.Text)
		}
	}
	if strings.Join(roles, " ") != "user assistant agent" {
		t.Errorf("messages are %v, want the consumer's, the queue notice and the agent's", roles)
	}
	f.rec.mu.Lock()
	for _, ev := range f.rec.evs {
		if strings.Contains(string(ev.Data), stalledTail) {
			t.Errorf("the dropped answer reached the consumer's stream in %s: %s", ev.Type, ev.Data)
		}
		var m Message
		if ev.Type == EventMessageCompleted && json.Unmarshal(ev.Data, &m) == nil && answers(&m) {
			t.Errorf("the dropped answer was announced: %s", ev.Data)
		}
	}
	f.rec.mu.Unlock()
	var phase string
	var unhelpful int
	if err := f.pool.QueryRow(ctx, `SELECT phase, unhelpful_turns FROM conversations WHERE id = $1`, f.conv.ID).Scan(&phase, &unhelpful); err != nil {
		t.Fatal(err)
	}
	if phase != PhaseAssigned || unhelpful != 0 {
		t.Errorf("after the dropped answer the conversation is %s with %d unhelpful turns, want assigned and 0", phase, unhelpful)
	}
}

// An agent's claim silences the answer as soon as the instance hears of it: what the model
// streams afterwards, while it is still answering, does not go out.
func TestTakeoverSilencesTheStreamAtOnce(t *testing.T) {
	t.Parallel()
	model := &stalledModel{started: make(chan struct{}), release: make(chan struct{}), streamed: make(chan struct{}), finish: make(chan struct{})}
	f := newFixture(t, model)
	ctx := context.Background()
	con := NewConsole(f.eng, ConsoleSettings{})
	agent := newUser(t, f.pool, "agent@ratewise.test")
	f.eng.Start()
	if _, _, err := f.eng.Send(ctx, f.userID, f.conv.ID, "is there a cheaper plan for my phone bill?", "m1", false); err != nil {
		t.Fatal(err)
	}
	select {
	case <-model.started:
	case <-time.After(20 * time.Second):
		t.Fatal("the model was never asked")
	}
	notices := f.eng.Bus.Subscribe(ConsoleTopic, "")
	defer notices.Close()
	if _, err := f.eng.RequestHandoff(ctx, f.userID, f.conv.ID, ""); err != nil {
		t.Fatal(err)
	}
	if err := con.Claim(ctx, Actor{ID: agent, Name: "Ann Agent"}, f.conv.ID); err != nil {
		t.Fatal(err)
	}
	for heard := false; !heard; {
		select {
		case ev := <-notices.C:
			var u ConversationUpdate
			heard = ev.Type == EventConversationUpdated && json.Unmarshal(ev.Data, &u) == nil && u.Phase == PhaseAssigned
		case <-time.After(20 * time.Second):
			t.Fatal("no conversation.updated for the claim")
		}
	}
	close(model.release)
	<-model.streamed
	// A marker after the model's pieces: once the stream has it, it has everything before.
	f.eng.Bus.Publish(Event{ConversationID: f.conv.ID, Type: "test.marker", Data: json.RawMessage(`{}`)})
	evs := f.rec.until(t, "the marker", func(evs []*Event) bool {
		return len(evs) > 0 && evs[len(evs)-1].Type == "test.marker"
	})
	close(model.finish)
	for _, ev := range evs {
		if strings.Contains(string(ev.Data), stalledWord) {
			t.Errorf("the answer went on after the claim: %s %s", ev.Type, ev.Data)
		}
	}
}
