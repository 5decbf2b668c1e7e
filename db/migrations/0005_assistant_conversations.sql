-- Conversations, messages, their event log, the handoff queue and CSAT (owner: assistant).
--
-- state moves bot → queued → assigned → (bot | closed); every change is a compare-and-set
-- UPDATE … WHERE state = <expected>, so the assistant and an agent never both own a
-- conversation.
CREATE TABLE conversations (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    state        text NOT NULL DEFAULT 'bot'
                 CHECK (state IN ('bot', 'queued', 'assigned', 'closed')),
    agent_id     bigint REFERENCES users (id) ON DELETE SET NULL,
    -- turns in a row that did not help (clarifying fallback or failure); two trigger a handoff
    unhelpful_turns integer NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversations_user_idx ON conversations (user_id, id DESC);

-- Messages. role 'tool' rows hold one tool call of a turn (name, arguments, result) and are
-- never shown to consumers. The transcript keeps what the user wrote; redaction applies only
-- to what leaves the process.
CREATE TABLE messages (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    role            text NOT NULL CHECK (role IN ('user', 'assistant', 'agent', 'system', 'tool')),
    text            text NOT NULL DEFAULT '',
    client_id       text,
    author_id       bigint REFERENCES users (id) ON DELETE SET NULL,
    reply_to        bigint REFERENCES messages (id) ON DELETE SET NULL,
    tool_call_id    text,
    tool_name       text,
    tool_args       jsonb,
    cards           jsonb,
    citations       jsonb,
    flags           text[] NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (client_id IS NULL OR length(client_id) BETWEEN 1 AND 200)
);
CREATE INDEX messages_conversation_idx ON messages (conversation_id, id);
CREATE UNIQUE INDEX messages_client_id_key ON messages (conversation_id, client_id) WHERE client_id IS NOT NULL;
CREATE INDEX messages_flagged_idx ON messages (id) WHERE flags <> '{}';

-- Every event a client may see, in order; SSE replays from here by Last-Event-ID and the
-- NOTIFY on channel ratewise_events carries the same rows across instances.
CREATE TABLE conversation_events (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    type            text NOT NULL,
    data            jsonb NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversation_events_conversation_idx ON conversation_events (conversation_id, id);

-- The handoff queue. The console claims rows with
--   SELECT … FROM handoffs WHERE state = 'waiting' ORDER BY priority DESC, id
--   FOR UPDATE SKIP LOCKED LIMIT 1
-- and then moves the conversation queued → assigned with a compare-and-set.
CREATE TABLE handoffs (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    state           text NOT NULL DEFAULT 'waiting'
                    CHECK (state IN ('waiting', 'claimed', 'done', 'cancelled')),
    reason_category text NOT NULL
                    CHECK (reason_category IN ('requested', 'tool', 'frustration', 'hardship',
                        'bereavement', 'fraud', 'complaint', 'vulnerability', 'legal', 'model_failure')),
    reason          text NOT NULL DEFAULT '',
    summary         text NOT NULL DEFAULT '',
    priority        integer NOT NULL DEFAULT 0,
    language        text NOT NULL DEFAULT 'en',
    claimed_by      bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    claimed_at      timestamptz,
    closed_at       timestamptz
);
CREATE INDEX handoffs_waiting_idx ON handoffs (priority DESC, id) WHERE state = 'waiting';
CREATE UNIQUE INDEX handoffs_open_key ON handoffs (conversation_id) WHERE state IN ('waiting', 'claimed');

CREATE TABLE conversation_ratings (
    conversation_id bigint PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
    score           integer NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment         text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now()
);
