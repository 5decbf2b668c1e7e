-- The support console: conversation ownership, dispatch, presence, durable timers, notes,
-- canned replies, reviews and the audit log (owner: assistant).
--
-- phase is the ownership state machine: bot (the assistant), queued (the queue), offered (an
-- agent, through an offer not yet accepted), assigned (an agent), closed (nobody). state, what
-- consumers see, follows it (offered shows as queued). Both change only through the one
-- function that also appends the transition row, in the same transaction.
ALTER TABLE conversations ADD COLUMN phase text NOT NULL DEFAULT 'bot'
    CHECK (phase IN ('bot', 'queued', 'offered', 'assigned', 'closed'));
UPDATE conversations SET phase = state;

-- Every ownership change: who or what caused it and why. Metrics are read from here.
CREATE TABLE conversation_transitions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    from_phase      text NOT NULL,
    to_phase        text NOT NULL,
    -- consumer, trigger, assistant, agent, supervisor, timer, system
    cause           text NOT NULL,
    actor_id        bigint REFERENCES users (id) ON DELETE SET NULL,
    -- the handoff trigger's category (hardship, requested, …) or the timer's kind
    trigger         text NOT NULL DEFAULT '',
    reason          text NOT NULL DEFAULT '',
    offer_id        bigint,
    -- queue position when the conversation entered the queue (the wait estimator's divisor)
    position        integer,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversation_transitions_conversation_idx ON conversation_transitions (conversation_id, id);
CREATE INDEX conversation_transitions_created_idx ON conversation_transitions (created_at);

-- The queue row learns who the consumer is (one waiting conversation per consumer), what it
-- is about, and whether it came back from an agent who disappeared (served first).
ALTER TABLE handoffs ADD COLUMN user_id bigint REFERENCES users (id) ON DELETE CASCADE;
UPDATE handoffs h SET user_id = c.user_id FROM conversations c WHERE c.id = h.conversation_id;
ALTER TABLE handoffs ADD COLUMN product_type text NOT NULL DEFAULT '';
ALTER TABLE handoffs ADD COLUMN requeued boolean NOT NULL DEFAULT false;
ALTER TABLE handoffs ADD COLUMN sensitive boolean NOT NULL DEFAULT false;
ALTER TABLE handoffs ADD COLUMN self_reported boolean NOT NULL DEFAULT false;
ALTER TABLE handoffs ADD COLUMN position_sent integer NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX handoffs_one_waiting_per_user_key ON handoffs (user_id) WHERE state = 'waiting';
DROP INDEX handoffs_waiting_idx;
CREATE INDEX handoffs_waiting_idx ON handoffs (requeued DESC, priority DESC, id) WHERE state = 'waiting';

-- Per-agent settings and presence. A staff account is a users row with a staff role; this is
-- what dispatch needs to know about it.
CREATE TABLE staff (
    user_id          bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    display_name     text NOT NULL DEFAULT '',
    languages        text[] NOT NULL DEFAULT '{en}',
    skills           text[] NOT NULL DEFAULT '{}',
    capacity         integer NOT NULL DEFAULT 3 CHECK (capacity BETWEEN 1 AND 20),
    sensitive        boolean NOT NULL DEFAULT false,
    presence         text NOT NULL DEFAULT 'offline' CHECK (presence IN ('online', 'away', 'offline')),
    last_heartbeat_at timestamptz,
    -- offers in a row that ran out unanswered; three set the agent away
    missed_offers    integer NOT NULL DEFAULT 0,
    -- when the agent last took a conversation or came online: the "longest idle" tie-break
    idle_since       timestamptz NOT NULL DEFAULT now(),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- Presence over time, for "agents online" in the metrics.
CREATE TABLE staff_presence_log (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    presence   text NOT NULL,
    reason     text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX staff_presence_log_idx ON staff_presence_log (created_at, user_id);

-- Offers of a queued conversation to one agent. At most one pending per conversation.
CREATE TABLE dispatch_offers (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    handoff_id      bigint NOT NULL REFERENCES handoffs (id) ON DELETE CASCADE,
    agent_id        bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    state           text NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'accepted', 'declined', 'expired', 'cancelled')),
    reason          text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    decided_at      timestamptz
);
CREATE UNIQUE INDEX dispatch_offers_pending_key ON dispatch_offers (conversation_id) WHERE state = 'pending';
CREATE INDEX dispatch_offers_agent_idx ON dispatch_offers (agent_id, handoff_id);

-- Durable timers: offer expiry, heartbeat loss, the grace before requeueing, SLA warnings.
-- Any instance takes due rows with FOR UPDATE SKIP LOCKED and deletes them in the transaction
-- that acts on them, so a restart or a second instance loses none and runs none twice.
CREATE TABLE console_timers (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind       text NOT NULL CHECK (kind IN ('offer', 'heartbeat', 'grace', 'sla')),
    subject_id bigint NOT NULL,
    due_at     timestamptz NOT NULL,
    UNIQUE (kind, subject_id)
);
CREATE INDEX console_timers_due_idx ON console_timers (due_at);

-- Private notes: staff only, never in the consumer's transcript, events or the model's prompt.
CREATE TABLE conversation_notes (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    author_id       bigint REFERENCES users (id) ON DELETE SET NULL,
    kind            text NOT NULL DEFAULT 'note' CHECK (kind IN ('note', 'release')),
    text            text NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversation_notes_conversation_idx ON conversation_notes (conversation_id, id);

CREATE TABLE canned_replies (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shortcut   text NOT NULL,
    text       text NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
    created_by bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX canned_replies_shortcut_key ON canned_replies (lower(shortcut));

-- Reviews of assistant messages: one per reviewer per message, so reviewers never overwrite
-- each other.
CREATE TABLE message_reviews (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id  bigint NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    reviewer_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    rating      text NOT NULL CHECK (rating IN ('good', 'bad')),
    labels      text[] NOT NULL DEFAULT '{}',
    note        text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (message_id, reviewer_id)
);
CREATE INDEX message_reviews_created_idx ON message_reviews (created_at);

-- Every staff view of a conversation and every reveal of masked data.
CREATE TABLE audit_log (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor_id        bigint REFERENCES users (id) ON DELETE SET NULL,
    action          text NOT NULL CHECK (action IN ('view', 'reveal')),
    conversation_id bigint REFERENCES conversations (id) ON DELETE SET NULL,
    message_id      bigint,
    field           text NOT NULL DEFAULT '',
    reason          text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_created_idx ON audit_log (id DESC);
