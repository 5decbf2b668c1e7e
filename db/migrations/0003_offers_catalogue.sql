-- Catalogue and holdings (owner: offers). Money is numeric(14,2) (amounts are stored exactly
-- as entered, at most cents); rates are percent numeric(7,4). The offers package owns every
-- statement on these tables.
CREATE TABLE partners (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL,
    kind       text NOT NULL CHECK (kind IN ('lender', 'insurer', 'merchant')),
    regions    text[] NOT NULL DEFAULT '{}',
    url        text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX partners_name_key ON partners (lower(name));

CREATE TABLE offers (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partner_id             bigint NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
    external_id            text NOT NULL,
    product_type           text NOT NULL CHECK (product_type IN ('personal_loan', 'auto_loan', 'mortgage',
                           'student_loan', 'credit_card', 'auto_insurance', 'home_insurance',
                           'renters_insurance', 'travel_insurance', 'life_insurance')),
    name                   text NOT NULL,
    currency               text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    regions                text[] NOT NULL,
    active_from            timestamptz,
    active_until           timestamptz,
    representative_apr     numeric(7, 4) NOT NULL DEFAULT 0,
    apr_min                numeric(7, 4) NOT NULL DEFAULT 0,
    apr_max                numeric(7, 4) NOT NULL DEFAULT 0,
    rate_bands             jsonb NOT NULL DEFAULT '[]',
    origination_fee_pct    numeric(7, 4) NOT NULL DEFAULT 0,
    origination_fee_flat   numeric(14, 2) NOT NULL DEFAULT 0,
    origination_fee_min    numeric(14, 2) NOT NULL DEFAULT 0,
    origination_fee_max    numeric(14, 2) NOT NULL DEFAULT 0,
    prepayment_penalty_pct numeric(7, 4) NOT NULL DEFAULT 0,
    amount_min             numeric(14, 2) NOT NULL DEFAULT 0,
    amount_max             numeric(14, 2) NOT NULL DEFAULT 0,
    terms_months           integer[] NOT NULL DEFAULT '{}',
    promo_months           integer NOT NULL DEFAULT 0,
    promo_apr              numeric(7, 4) NOT NULL DEFAULT 0,
    transfer_fee_pct       numeric(7, 4) NOT NULL DEFAULT 0,
    transfer_fee_min       numeric(14, 2) NOT NULL DEFAULT 0,
    point_of_sale          boolean NOT NULL DEFAULT false,
    instalments            integer NOT NULL DEFAULT 0,
    annual_premium         numeric(14, 2) NOT NULL DEFAULT 0,
    premium_bands          jsonb NOT NULL DEFAULT '[]',
    monthly_premium        numeric(14, 2) NOT NULL DEFAULT 0,
    coverage_limit         numeric(14, 2) NOT NULL DEFAULT 0,
    deductible             numeric(14, 2) NOT NULL DEFAULT 0,
    features               text[] NOT NULL DEFAULT '{}',
    exclusions             text[] NOT NULL DEFAULT '{}',
    description            text NOT NULL DEFAULT '',
    terms                  text NOT NULL DEFAULT '',
    url                    text NOT NULL DEFAULT '',
    min_credit_score       integer NOT NULL DEFAULT 0,
    min_income             numeric(14, 2) NOT NULL DEFAULT 0,
    max_dti                numeric(7, 4) NOT NULL DEFAULT 0,
    search                 tsvector GENERATED ALWAYS AS (
                               setweight(to_tsvector('english', name), 'A') ||
                               setweight(to_tsvector('english', description), 'B') ||
                               setweight(to_tsvector('english', terms), 'C')) STORED,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    UNIQUE (partner_id, external_id)
);
CREATE INDEX offers_product_type_idx ON offers (product_type);
CREATE INDEX offers_regions_idx ON offers USING gin (regions);
CREATE INDEX offers_search_idx ON offers USING gin (search);

CREATE TABLE holdings (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id            bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind               text NOT NULL CHECK (kind IN ('loan', 'insurance')),
    product_type       text NOT NULL,
    provider           text NOT NULL DEFAULT '',
    balance            numeric(14, 2) NOT NULL DEFAULT 0,
    apr                numeric(7, 4) NOT NULL DEFAULT 0,
    remaining_months   integer NOT NULL DEFAULT 0,
    monthly_payment    numeric(14, 2),
    prepayment_penalty numeric(14, 2),
    premium            numeric(14, 2),
    premium_frequency  text CHECK (premium_frequency IN ('monthly', 'quarterly', 'annual')),
    coverage_limit     numeric(14, 2),
    deductible         numeric(14, 2),
    renewal_date       date,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX holdings_user_id_idx ON holdings (user_id, id);
