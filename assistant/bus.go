package assistant

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Broker carries notices between instances: every payload one instance publishes reaches
// every instance that listens, in the order it was published. PostgreSQL LISTEN/NOTIFY is the
// one built in (PGBroker); a message broker such as NATS or Redis pub/sub can take its place
// for the ephemeral traffic (docs/architecture.md says what else moves with it).
type Broker interface {
	// Publish sends payloads, in order.
	Publish(ctx context.Context, payloads []string) error
	// Listen calls deliver with every payload published on any instance (this one included)
	// until ctx ends or the connection is lost, which it returns as an error. ready is called
	// once it listens.
	Listen(ctx context.Context, ready func(), deliver func(payload string) error) error
}

// PGBroker is the Broker on PostgreSQL's LISTEN/NOTIFY, channel ratewise_events: the channel
// the database itself announces durable events on as they commit.
type PGBroker struct{ pool *pgxpool.Pool }

// NewPGBroker returns a broker on pool.
func NewPGBroker(pool *pgxpool.Pool) *PGBroker { return &PGBroker{pool: pool} }

// Publish implements Broker in one statement. It commits without waiting for the WAL flush:
// it writes nothing that must survive a crash, and a NOTIFY-only transaction would otherwise
// wait for an fsync like any other.
func (p *PGBroker) Publish(ctx context.Context, payloads []string) error {
	_, err := p.pool.Exec(ctx, `SELECT set_config('synchronous_commit', 'off', true), pg_notify($1, u.p)
		FROM unnest($2::text[]) WITH ORDINALITY AS u(p, n) ORDER BY u.n`, notifyChannel, payloads)
	return err
}

// Listen implements Broker on a connection taken out of the pool for good: a connection in
// LISTEN state must not serve anyone else.
func (p *PGBroker) Listen(ctx context.Context, ready func(), deliver func(string) error) error {
	conn, err := p.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	pc := conn.Hijack()
	defer pc.Close(context.WithoutCancel(ctx))
	if _, err := pc.Exec(ctx, "LISTEN "+notifyChannel); err != nil {
		return err
	}
	ready()
	for {
		n, err := pc.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		if err := deliver(n.Payload); err != nil {
			return err
		}
	}
}

// Bus limits.
const (
	// SubscriberBuffer is how many events a subscriber may fall behind before it is dropped.
	SubscriberBuffer = 256
	// publishQueue is how many ephemeral notices may wait for the broker; past it they reach
	// only this instance's subscribers (streams elsewhere get the answer when it is stored).
	publishQueue = 8192
	// maxNoticeBytes keeps a notice under NOTIFY's 8000-byte payload limit.
	maxNoticeBytes = 7800
	// maxAnswers bounds how many answers in flight a bus keeps the text of, and
	// maxAnswerBytes how much of each: past that a reconnecting stream gets no snapshot, only
	// what follows and then the stored answer.
	maxAnswers     = 10000
	maxAnswerBytes = 64 << 10
	// answerTTL forgets an answer nobody has added to for this long (its turn died with its
	// process; a new attempt starts a new one).
	answerTTL = 5 * time.Minute
	// maxProgress is how many tool events of an answer in flight a snapshot repeats.
	maxProgress = 32
	// peerBeat is how often an instance tells the others it listens, and peerTTL how long
	// after the last notice heard from another instance this one still sends its ephemeral
	// events through the broker. An instance alone keeps them in process: streamed text costs
	// no NOTIFY until a second instance says hello.
	peerBeat = 2 * time.Second
	peerTTL  = 5 * peerBeat
)

// Why a subscription was closed by the bus.
var (
	ErrSlowSubscriber = errors.New("subscriber fell behind")
	ErrSessionEnded   = errors.New("the session ended")
	ErrBusReconnected = errors.New("the bus reconnected and may have missed events")
)

// Bus fans conversation events out to subscribers in this process. Durable events arrive from
// the database through the broker as they commit, so an event stored by any instance reaches
// every instance's subscribers the same way. Ephemeral events published here go to local
// subscribers at once and to other instances through the broker. A subscriber that does not
// keep up is dropped (its channel is closed) rather than blocking anyone; it resumes from the
// database.
//
// The bus also keeps the text of every answer in flight that it hears about (bounded, dropped
// when the answer is stored), so a stream that (re)connects mid-answer starts from a snapshot;
// ends the streams of a session that ended, on every instance; and wakes the turn workers
// when another instance asks.
type Bus struct {
	broker   Broker
	pool     *pgxpool.Pool
	log      *slog.Logger
	instance string
	// ownPrefix is how this bus's notices begin (notice's JSON, Src first).
	ownPrefix string
	n         atomic.Uint64
	out       chan string // notices for the broker, in order
	started   atomic.Bool
	// heard is when this bus last heard a notice of another instance (unix nanoseconds),
	// 0 if never: while it is older than peerTTL the bus is alone (see alone).
	heard atomic.Int64

	mu       sync.Mutex
	subs     map[int64]map[*Subscription]struct{}
	sessions map[string]map[*Subscription]struct{}
	answers  map[int64]*answerInFlight
	onWake   func()
	// owners are the watchers of conversations' ownership changes, by conversation; watching
	// says there are any, so that without them no notice is decoded.
	owners   map[int64]map[*ownerWatch]struct{}
	anyOwner func(ConversationUpdate) // OnOwnerChange's
	watching atomic.Int64
}

// ownerWatch is one WatchOwner call.
type ownerWatch struct{ f func(ConversationUpdate) }

// answerInFlight is what a bus has heard of the answer a conversation's turn is streaming.
type answerInFlight struct {
	replyTo  int64
	text     []byte
	complete bool // text is the answer from its start
	progress []*Event
	typing   *Event
	touched  time.Time
}

// Subscription receives the events of one conversation. C is closed when the subscription is
// dropped or closed; Err then says why the bus dropped it (nil when closed by its owner).
type Subscription struct {
	C <-chan *Event
	// Snapshot is the answer in flight when the subscription began, as events to send before
	// any from C: its tool progress, then one message.delta with "reset": true holding its
	// text so far. C carries only what follows.
	Snapshot []*Event

	c              chan *Event
	conversationID int64
	session        string
	bus            *Bus
	closed         bool  // guarded by bus.mu
	err            error // guarded by bus.mu
}

// NewBus returns a bus on pool with PostgreSQL's LISTEN/NOTIFY as its broker. Start it with
// Start; until then it reaches local subscribers only.
func NewBus(pool *pgxpool.Pool, log *slog.Logger) *Bus {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	instance := hex.EncodeToString(b)
	return &Bus{broker: NewPGBroker(pool), pool: pool, log: log, instance: instance, ownPrefix: `{"src":"` + instance + `"`,
		out: make(chan string, publishQueue), subs: map[int64]map[*Subscription]struct{}{},
		sessions: map[string]map[*Subscription]struct{}{}, answers: map[int64]*answerInFlight{},
		owners: map[int64]map[*ownerWatch]struct{}{}}
}

// WatchOwner calls f with every conversation.updated notice about conversationID that this
// bus hears, from any instance, until the returned func is called. It serves the turns: each
// running turn watches its own conversation, and a notice is decoded once for all of them,
// where a subscription to the console topic per turn had every turn decode every notice. f
// runs on the bus's delivery path: it must return at once and not call the bus.
func (b *Bus) WatchOwner(conversationID int64, f func(ConversationUpdate)) (stop func()) {
	w := &ownerWatch{f: f}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.owners[conversationID] == nil {
		b.owners[conversationID] = map[*ownerWatch]struct{}{}
	}
	b.owners[conversationID][w] = struct{}{}
	b.watching.Add(1)
	var once sync.Once
	return func() {
		once.Do(func() {
			b.mu.Lock()
			defer b.mu.Unlock()
			set := b.owners[conversationID]
			delete(set, w)
			if len(set) == 0 {
				delete(b.owners, conversationID)
			}
			b.watching.Add(-1)
		})
	}
}

// Subscribe returns a subscription to conversationID's events. session, if not empty, names
// the sign-in the subscriber streams for: EndSession closes it.
func (b *Bus) Subscribe(conversationID int64, session string) *Subscription {
	c := make(chan *Event, SubscriberBuffer)
	s := &Subscription{C: c, c: c, conversationID: conversationID, session: session, bus: b}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.subs[conversationID] == nil {
		b.subs[conversationID] = map[*Subscription]struct{}{}
	}
	b.subs[conversationID][s] = struct{}{}
	if session != "" {
		if b.sessions[session] == nil {
			b.sessions[session] = map[*Subscription]struct{}{}
		}
		b.sessions[session][s] = struct{}{}
	}
	s.Snapshot = b.snapshotLocked(conversationID)
	return s
}

// Close ends the subscription. It is safe to call more than once.
func (s *Subscription) Close() {
	s.bus.mu.Lock()
	defer s.bus.mu.Unlock()
	s.bus.dropLocked(s, nil)
}

// Err says why the bus closed the subscription: ErrSlowSubscriber, ErrSessionEnded or
// ErrBusReconnected; nil while it is open or when its owner closed it.
func (s *Subscription) Err() error {
	s.bus.mu.Lock()
	defer s.bus.mu.Unlock()
	return s.err
}

func (b *Bus) dropLocked(s *Subscription, why error) {
	if s.closed {
		return
	}
	s.closed, s.err = true, why
	close(s.c)
	set := b.subs[s.conversationID]
	delete(set, s)
	if len(set) == 0 {
		delete(b.subs, s.conversationID)
	}
	if s.session != "" {
		set := b.sessions[s.session]
		delete(set, s)
		if len(set) == 0 {
			delete(b.sessions, s.session)
		}
	}
}

// OnWake sets what runs when another instance asks this one to look for pending turns.
// OnOwnerChange has f called with every conversation.updated notice this bus hears, about any
// conversation, from any instance, as a WatchOwner watcher of each would be (the same rules for
// f). One f at a time: another replaces it.
func (b *Bus) OnOwnerChange(f func(ConversationUpdate)) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case b.anyOwner == nil && f != nil:
		b.watching.Add(1)
	case b.anyOwner != nil && f == nil:
		b.watching.Add(-1)
	}
	b.anyOwner = f
}

func (b *Bus) OnWake(f func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.onWake = f
}

// notice is the JSON of one broker payload. Durable events come from the database (publishSQL)
// with id and seq, and without their type and data when too big for a payload.
type notice struct {
	Src  string `json:"src,omitempty"`
	N    uint64 `json:"n,omitempty"` // NOTIFY folds identical payloads of one transaction
	Wake bool   `json:"wake,omitempty"`
	// Beat says the sender listens; Hello, that it has just started to and asks the others
	// to answer with a beat of their own.
	Beat           bool            `json:"beat,omitempty"`
	Hello          bool            `json:"hello,omitempty"`
	Session        string          `json:"session,omitempty"`
	ID             int64           `json:"id,omitempty"`
	Seq            int64           `json:"seq,omitempty"`
	ConversationID int64           `json:"conversation_id,omitempty"`
	Type           string          `json:"type,omitempty"`
	Data           json.RawMessage `json:"data,omitempty"`
	CreatedAt      time.Time       `json:"created_at,omitzero"`
	Off            int             `json:"off,omitempty"`
}

// Publish sends an ephemeral event: at once to this instance's subscribers, and through the
// broker to the others, if any listens (see alone). It never waits for the database.
func (b *Bus) Publish(ev Event) {
	ev.ID, ev.Seq = 0, 0
	if ev.CreatedAt.IsZero() {
		ev.CreatedAt = time.Now()
	}
	p := &ev
	b.dispatch(p)
	if b.alone() {
		return
	}
	b.send(notice{ConversationID: ev.ConversationID, Type: ev.Type, Data: ev.Data, CreatedAt: ev.CreatedAt, Off: ev.offset})
}

// alone reports whether no other instance has been heard from within peerTTL. Every
// instance says hello when it starts listening, and the others answer at once, so an
// instance that starts is known to the others within a round trip of the broker; what it
// misses before that is ephemeral (a stream there gets the stored answer). Stored events,
// wake-ups and session ends are sent whatever this says: they must reach an instance that
// has just started.
func (b *Bus) alone() bool {
	last := b.heard.Load()
	return last == 0 || time.Since(time.Unix(0, last)) > peerTTL
}

// EndSession closes the subscriptions of session on every instance: a stream must not outlive
// the sign-in it was opened with.
func (b *Bus) EndSession(session string) {
	b.endSession(session)
	b.send(notice{Session: session})
}

// Wake asks the other instances to look for pending turns.
func (b *Bus) Wake() { b.send(notice{Wake: true}) }

// announce hands events just committed to this instance's subscribers and queues them for
// the other instances, in order, behind everything published before them.
func (b *Bus) announce(evs []Event) {
	for i := range evs {
		ev := evs[i]
		b.dispatch(&ev)
		b.send(notice{ID: ev.ID, Seq: ev.Seq, ConversationID: ev.ConversationID, Type: ev.Type, Data: ev.Data, CreatedAt: ev.CreatedAt})
	}
}

// durableQueueWait is how long a stored event waits for room in a full broker queue; an
// instance that still misses it learns of it at the conversation's next event (streams fill
// gaps in the sequence from the database).
const durableQueueWait = time.Second

// send queues a notice for the broker, without waiting unless it announces a stored event
// and the queue is full.
func (b *Bus) send(n notice) {
	if !b.started.Load() {
		return
	}
	n.Src, n.N = b.instance, b.n.Add(1)
	raw, err := json.Marshal(n)
	if err == nil && len(raw) > maxNoticeBytes && n.ID != 0 {
		// A stored event too big for a notice goes by its id: listeners read the row.
		n.Type, n.Data = "", nil
		raw, err = json.Marshal(n)
	}
	if err != nil || len(raw) > maxNoticeBytes {
		b.log.Warn("notice not sent to other instances", "type", n.Type, "bytes", len(raw), "err", err)
		return
	}
	q := string(raw)
	select {
	case b.out <- q:
		return
	default:
	}
	if n.ID != 0 {
		t := time.NewTimer(durableQueueWait)
		defer t.Stop()
		select {
		case b.out <- q:
			return
		case <-t.C:
		}
	}
	b.log.Warn("broker queue full; notice reaches this instance only", "type", n.Type)
}

func (b *Bus) endSession(session string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for s := range b.sessions[session] {
		b.dropLocked(s, ErrSessionEnded)
	}
}

// dispatch hands ev to every local subscriber of its conversation without ever waiting.
func (b *Bus) dispatch(ev *Event) {
	d := parseEventData(ev)
	var owner *ConversationUpdate
	if ev.ConversationID == ConsoleTopic && ev.Type == EventConversationUpdated && b.watching.Load() > 0 {
		var u ConversationUpdate
		if json.Unmarshal(ev.Data, &u) == nil {
			owner = &u
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if owner != nil {
		if b.anyOwner != nil {
			b.anyOwner(*owner)
		}
		for w := range b.owners[owner.ConversationID] {
			w.f(*owner)
		}
	}
	b.trackLocked(ev, d)
	for s := range b.subs[ev.ConversationID] {
		select {
		case s.c <- ev:
		default:
			b.log.Warn("dropping slow event subscriber", "conversation_id", ev.ConversationID)
			b.dropLocked(s, ErrSlowSubscriber)
		}
	}
}

// eventData holds the fields of an event's data the bus follows answers by.
type eventData struct {
	ReplyTo int64  `json:"reply_to"`
	Delta   string `json:"delta"`
	Reset   bool   `json:"reset"`
	Role    string `json:"role"`
	Active  bool   `json:"active"`
}

func parseEventData(ev *Event) eventData {
	var d eventData
	switch ev.Type {
	case EventMessageDelta, EventToolStarted, EventToolCompleted, EventTyping, EventError:
		if json.Unmarshal(ev.Data, &d) == nil {
			ev.replyTo, ev.replyKnown = d.ReplyTo, true
		}
	}
	return d
}

// trackLocked follows the answers in flight: their text (deltas), their progress (tool
// events, typing) and their end (the stored answer, an error, typing stopped).
func (b *Bus) trackLocked(ev *Event, d eventData) {
	conv := ev.ConversationID
	a := b.answers[conv]
	switch ev.Type {
	case EventMessageDelta:
		switch {
		case d.Reset:
			a = b.answerLocked(conv, d.ReplyTo)
			a.text, a.complete = append(a.text[:0], d.Delta...), true
		case a != nil && a.replyTo == d.ReplyTo && a.complete && ev.offset == len(a.text):
			a.text = append(a.text, d.Delta...)
		default:
			a = b.answerLocked(conv, d.ReplyTo)
			a.text, a.complete = nil, false
		}
		if len(a.text) > maxAnswerBytes {
			a.text, a.complete = nil, false
		}
		a.touched = time.Now()
	case EventToolStarted, EventToolCompleted:
		a = b.answerLocked(conv, d.ReplyTo)
		if len(a.progress) == maxProgress {
			a.progress = append(a.progress[:0], a.progress[1:]...)
		}
		a.progress = append(a.progress, ev)
		a.touched = time.Now()
	case EventTyping:
		if d.Role != RoleAssistant || d.ReplyTo == 0 {
			return
		}
		if d.Active {
			a = b.answerLocked(conv, d.ReplyTo)
			a.typing, a.touched = ev, time.Now()
		} else if a != nil && a.replyTo == d.ReplyTo {
			delete(b.answers, conv)
		}
	case EventMessageCompleted:
		// One turn runs at a time in a conversation: a stored answer ends the one in flight.
		delete(b.answers, conv)
	case EventError:
		if a != nil && (d.ReplyTo == 0 || a.replyTo == d.ReplyTo) {
			delete(b.answers, conv)
		}
	}
}

// answerLocked returns the answer in flight for conv replying to replyTo, starting one (and
// forgetting an older one) if needed.
func (b *Bus) answerLocked(conv, replyTo int64) *answerInFlight {
	if a := b.answers[conv]; a != nil && a.replyTo == replyTo {
		return a
	}
	if len(b.answers) >= maxAnswers {
		b.evictLocked()
	}
	a := &answerInFlight{replyTo: replyTo, touched: time.Now()}
	b.answers[conv] = a
	return a
}

// evictLocked forgets answers nobody has added to within answerTTL and, if that frees
// nothing, one more.
func (b *Bus) evictLocked() {
	old := time.Now().Add(-answerTTL)
	n := len(b.answers)
	for conv, a := range b.answers {
		if a.touched.Before(old) {
			delete(b.answers, conv)
		}
	}
	if len(b.answers) < n {
		return
	}
	for conv := range b.answers {
		delete(b.answers, conv)
		return
	}
}

// snapshotLocked is the answer in flight in conv as events to send first.
func (b *Bus) snapshotLocked(conv int64) []*Event {
	a := b.answers[conv]
	if a == nil {
		return nil
	}
	evs := append([]*Event(nil), a.progress...)
	if a.typing != nil {
		evs = append(evs, a.typing)
	}
	if a.complete && len(a.text) > 0 {
		data, _ := json.Marshal(deltaData{ReplyTo: a.replyTo, Delta: string(a.text), Reset: true})
		evs = append(evs, &Event{ConversationID: conv, Type: EventMessageDelta, Data: data, CreatedAt: a.touched})
	}
	return evs
}

// deltaData is the JSON of message.delta.
type deltaData struct {
	ReplyTo int64  `json:"reply_to"`
	Delta   string `json:"delta"`
	Reset   bool   `json:"reset,omitempty"`
}

// dropAll closes every subscription and forgets every answer in flight: after the listener
// reconnects, events may have been missed, and subscribers must resume from the database.
func (b *Bus) dropAll() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, set := range b.subs {
		for s := range set {
			b.dropLocked(s, ErrBusReconnected)
		}
	}
	clear(b.answers)
}

// deliver handles one payload from the broker.
func (b *Bus) deliver(ctx context.Context, payload string) error {
	// Every instance hears its own notices back; they were dispatched here already. send
	// writes the source first, so they are known without decoding them (with one instance,
	// that is every notice).
	if strings.HasPrefix(payload, b.ownPrefix) {
		return nil
	}
	var n notice
	if err := json.Unmarshal([]byte(payload), &n); err != nil {
		b.log.Warn("bad event notification", "err", err)
		return nil
	}
	if n.Src == b.instance {
		return nil // published here, and dispatched here already
	}
	if n.Src != "" {
		// Another instance's bus (the console's notices, sent by the database, have none).
		b.heard.Store(time.Now().UnixNano())
	}
	switch {
	case n.Beat:
		if n.Hello {
			b.send(notice{Beat: true})
		}
		return nil
	case n.Wake:
		b.mu.Lock()
		wake := b.onWake
		b.mu.Unlock()
		if wake != nil {
			wake()
		}
		return nil
	case n.Session != "":
		b.endSession(n.Session)
		return nil
	case n.ConversationID == 0:
		return nil
	}
	ev := &Event{ID: n.ID, Seq: n.Seq, ConversationID: n.ConversationID, Type: n.Type, Data: n.Data, CreatedAt: n.CreatedAt, offset: n.Off}
	if ev.Type == "" && ev.ID != 0 {
		// Too big for the payload: read the row.
		if err := b.pool.QueryRow(ctx, `SELECT type, data, created_at FROM conversation_events WHERE id = $1`, ev.ID).
			Scan(&ev.Type, &ev.Data, &ev.CreatedAt); err != nil {
			return err
		}
	}
	b.dispatch(ev)
	return nil
}

// Run listens until ctx ends, reconnecting with backoff, and sends queued notices. ready, if
// not nil, is closed once the first LISTEN is in place.
func (b *Bus) Run(ctx context.Context, ready chan<- struct{}) error {
	b.started.Store(true)
	go b.publishLoop(ctx)
	go b.beat(ctx)
	backoff := 100 * time.Millisecond
	for {
		err := b.broker.Listen(ctx, func() {
			// Listening from now on, this instance asks the others to send it their
			// ephemeral events too (a reconnect asks again: the others may have stopped).
			b.send(notice{Beat: true, Hello: true})
			if ready != nil {
				close(ready)
				ready = nil
			}
			backoff = 100 * time.Millisecond
		}, func(p string) error { return b.deliver(ctx, p) })
		if ctx.Err() != nil {
			return nil
		}
		b.log.Warn("event listener lost its connection; reconnecting", "err", err, "in", backoff)
		b.dropAll()
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

// beat tells the other instances every peerBeat that this one listens, so they keep sending
// it their ephemeral events. An instance alone does not beat: nobody hears it, and one that
// starts says hello, which is answered at once.
func (b *Bus) beat(ctx context.Context) {
	t := time.NewTicker(peerBeat)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if !b.alone() {
				b.send(notice{Beat: true})
			}
		}
	}
}

// publishLoop sends queued notices, as many as are waiting in one call, in order.
func (b *Bus) publishLoop(ctx context.Context) {
	batch := make([]string, 0, 256)
	for {
		select {
		case <-ctx.Done():
			return
		case q := <-b.out:
			batch = append(batch[:0], q)
		}
	more:
		for len(batch) < cap(batch) {
			select {
			case q := <-b.out:
				batch = append(batch, q)
			default:
				break more
			}
		}
		pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		if err := b.broker.Publish(pctx, batch); err != nil && ctx.Err() == nil {
			b.log.Warn("notices not sent to other instances", "count", len(batch), "err", err)
		}
		cancel()
	}
}

// Start runs the bus in the background and returns once it listens.
func (b *Bus) Start(ctx context.Context) error {
	ready := make(chan struct{})
	errc := make(chan error, 1)
	go func() { errc <- b.Run(ctx, ready) }()
	select {
	case <-ready:
		return nil
	case err := <-errc:
		return err
	case <-time.After(30 * time.Second):
		return fmt.Errorf("event bus: LISTEN did not start within 30s")
	}
}
