-- Conversations opened from a partner merchant's widget (owner: assistant): the partner, for
-- its statistics and so its conversations are never anyone else's, and the cart the shopper
-- had when the chat opened (amount, currency, plan).
ALTER TABLE conversations ADD COLUMN partner_id bigint REFERENCES partners (id) ON DELETE SET NULL;
ALTER TABLE conversations ADD COLUMN context jsonb;
CREATE INDEX conversations_partner_idx ON conversations (partner_id) WHERE partner_id IS NOT NULL;
