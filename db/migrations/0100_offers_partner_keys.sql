-- Merchant partners' keys, allowed origins and the financing disclosures shown for them
-- (owner: offers, which owns partners: a key or an origin is an attribute of one partner and
-- goes with it when the partner is deleted).
--
-- The publishable key is public (it sits in the merchant's page). A secret key is stored only
-- as its SHA-256; rotating one sets expires_at on the old row, which keeps working until then.
CREATE TABLE partner_keys (
    partner_id      bigint PRIMARY KEY REFERENCES partners (id) ON DELETE CASCADE,
    publishable_key text NOT NULL UNIQUE CHECK (publishable_key ~ '^pk_[A-Za-z0-9_-]{8,100}$'),
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE partner_secrets (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partner_id  bigint NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    secret_hash bytea NOT NULL UNIQUE CHECK (length(secret_hash) = 32),
    created_at  timestamptz NOT NULL DEFAULT now(),
    -- NULL for the current secret; set when a newer one replaces it
    expires_at  timestamptz
);
CREATE INDEX partner_secrets_partner_idx ON partner_secrets (partner_id);

-- The origins (scheme://host[:port]) whose pages may embed the widget.
CREATE TABLE partner_origins (
    partner_id bigint NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    origin     text NOT NULL CHECK (origin ~ '^https?://[^/?#]+$'),
    PRIMARY KEY (partner_id, origin)
);

-- Every distinct disclosure text ever shown, by its SHA-256, with the rule it was written to.
CREATE TABLE financing_disclosures (
    text_hash    bytea PRIMARY KEY,
    text         text NOT NULL,
    jurisdiction text NOT NULL,
    rule_version text NOT NULL,
    first_shown  timestamptz NOT NULL DEFAULT now()
);

-- One row per financing message rendered for a partner's page: what was shown (the plans'
-- offers and their disclosures, in order) or why nothing was, and whether the shopper
-- clicked it.
CREATE TABLE financing_impressions (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partner_id        bigint NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    amount            numeric(14, 2) NOT NULL,
    currency          text NOT NULL,
    offer_ids         bigint[] NOT NULL DEFAULT '{}',
    disclosure_hashes bytea[] NOT NULL DEFAULT '{}',
    hidden_reason     text NOT NULL DEFAULT '',
    created_at        timestamptz NOT NULL DEFAULT now(),
    clicked_at        timestamptz
);
CREATE INDEX financing_impressions_partner_idx ON financing_impressions (partner_id, created_at);
