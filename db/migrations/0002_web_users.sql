-- Accounts (owner: web). Consumers and staff are both users; role says which. The profile
-- columns are the saved comparison profile of API.md, all optional.
CREATE TABLE users (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email                 text NOT NULL,
    name                  text NOT NULL DEFAULT '',
    password_hash         text NOT NULL,
    role                  text NOT NULL DEFAULT 'consumer'
                          CHECK (role IN ('consumer', 'agent', 'supervisor', 'admin')),
    credit_score          integer CHECK (credit_score BETWEEN 300 AND 850),
    annual_income         numeric(14, 2) CHECK (annual_income >= 0),
    region                text,
    monthly_debt_payments numeric(14, 2) CHECK (monthly_debt_payments >= 0),
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
