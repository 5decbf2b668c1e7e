-- Shoppers of partner merchants (owner: web). Each is an account of role 'shopper' that
-- nobody can sign in to: it owns the conversations a merchant's widget opens, and nothing
-- links it to a consumer's own account, so a merchant's widget never reaches a consumer's
-- holdings, profile or conversations. subject is the merchant's own user id from a verified
-- identity token; NULL for an anonymous shopper, who gets a new account with each new
-- conversation.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('consumer', 'agent', 'supervisor', 'admin', 'shopper'));

CREATE TABLE shoppers (
    user_id    bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    partner_id bigint NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    subject    text CHECK (subject IS NULL OR length(subject) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX shoppers_subject_key ON shoppers (partner_id, subject) WHERE subject IS NOT NULL;
