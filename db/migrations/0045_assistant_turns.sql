-- Durable turns and a per-conversation event sequence (owner: assistant).
--
-- Every stored event gets the next number of its conversation's sequence, taken by a trigger
-- that increments conversations.last_event_seq: the row stays locked until the inserting
-- transaction ends, so a conversation's events commit in sequence order and a stream that has
-- sent number n knows every number below n is already committed (or was never taken: a rolled
-- back transaction gives its number back). The trigger numbers every writer's events, however
-- it inserts them.
ALTER TABLE conversations ADD COLUMN last_event_seq bigint NOT NULL DEFAULT 0;
ALTER TABLE conversation_events ADD COLUMN seq bigint;

-- Events stored before this migration keep their row id as their number, so an event id a
-- client already holds (Last-Event-ID) still means the same event; later events continue
-- from the conversation's highest number.
UPDATE conversation_events SET seq = id;
UPDATE conversations c SET last_event_seq = e.last
FROM (SELECT conversation_id, max(seq) AS last FROM conversation_events GROUP BY conversation_id) e
WHERE c.id = e.conversation_id;

ALTER TABLE conversation_events ALTER COLUMN seq SET NOT NULL;
CREATE UNIQUE INDEX conversation_events_seq_key ON conversation_events (conversation_id, seq);
DROP INDEX conversation_events_conversation_idx;

CREATE FUNCTION conversation_events_number() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE conversations SET last_event_seq = last_event_seq + 1
    WHERE id = NEW.conversation_id
    RETURNING last_event_seq INTO NEW.seq;
    RETURN NEW;
END
$$;

CREATE TRIGGER conversation_events_number BEFORE INSERT ON conversation_events
    FOR EACH ROW EXECUTE FUNCTION conversation_events_number();

-- One row per user message the assistant must answer. Accepting the message inserts it
-- (pending) in the same transaction; a worker takes it with FOR UPDATE SKIP LOCKED and a lease
-- it renews while the turn runs (running); the transaction that stores the answer moves it to
-- done only while its worker still holds the lease. A lease that runs out (the process died)
-- lets any instance take the turn again; after too many attempts it is failed, with a message
-- the user sees. A conversation's turns run one at a time, oldest first.
CREATE TABLE turns (
    message_id       bigint PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
    conversation_id  bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    state            text NOT NULL DEFAULT 'pending'
                     CHECK (state IN ('pending', 'running', 'done', 'failed')),
    attempts         integer NOT NULL DEFAULT 0,
    lease_owner      text,
    lease_expires_at timestamptz,
    -- a failed attempt is retried no earlier than this
    not_before       timestamptz NOT NULL DEFAULT now(),
    -- the request that posted the message, so the turn's log lines name it on any instance
    request_id       text NOT NULL DEFAULT '',
    last_error       text NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK ((state = 'running') = (lease_owner IS NOT NULL))
);
CREATE INDEX turns_open_idx ON turns (conversation_id, message_id) WHERE state IN ('pending', 'running');
CREATE UNIQUE INDEX turns_one_running_key ON turns (conversation_id) WHERE state = 'running';
