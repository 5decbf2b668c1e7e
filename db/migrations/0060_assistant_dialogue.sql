-- What the assistant remembers of a conversation between turns (owner: assistant): the
-- language it is held in, the offers the last comparison showed (in order, with their ids)
-- and the question it is waiting on. It is written with each answer, in the same transaction,
-- so it never describes an answer that was not stored.
ALTER TABLE conversations ADD COLUMN dialogue jsonb NOT NULL DEFAULT '{}'::jsonb;

-- Two more handoff reasons: any sign of self-harm (served before everything else) and a
-- person the assistant offered and the consumer accepted.
ALTER TABLE handoffs DROP CONSTRAINT handoffs_reason_category_check;
ALTER TABLE handoffs ADD CONSTRAINT handoffs_reason_category_check
    CHECK (reason_category IN ('requested', 'tool', 'frustration', 'hardship', 'bereavement', 'fraud',
        'complaint', 'vulnerability', 'legal', 'model_failure', 'self_harm', 'offered'));
