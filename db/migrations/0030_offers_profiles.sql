-- The saved comparison profile (owner: offers) leaves users (owner: web) for a table of its
-- own, so one package owns every statement on it. Every field stays optional; a user without
-- a row has saved nothing.
CREATE TABLE profiles (
    user_id               bigint PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    credit_score          integer CHECK (credit_score BETWEEN 300 AND 850),
    annual_income         numeric(14, 2) CHECK (annual_income >= 0),
    region                text,
    monthly_debt_payments numeric(14, 2) CHECK (monthly_debt_payments >= 0),
    updated_at            timestamptz NOT NULL DEFAULT now()
);

INSERT INTO profiles (user_id, credit_score, annual_income, region, monthly_debt_payments, updated_at)
SELECT id, credit_score, annual_income, region, monthly_debt_payments, updated_at
FROM users
WHERE credit_score IS NOT NULL OR annual_income IS NOT NULL OR region IS NOT NULL OR monthly_debt_payments IS NOT NULL;

ALTER TABLE users
    DROP COLUMN credit_score,
    DROP COLUMN annual_income,
    DROP COLUMN region,
    DROP COLUMN monthly_debt_payments;
