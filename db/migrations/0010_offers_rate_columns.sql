-- Offers (owner: offers). The three rate columns of 0003 always held nominal interest rates;
-- APRs are computed from them with the fees (offers/disclosure.go). Their names now say so.
ALTER TABLE offers RENAME COLUMN representative_apr TO rate;
ALTER TABLE offers RENAME COLUMN apr_min TO rate_min;
ALTER TABLE offers RENAME COLUMN apr_max TO rate_max;
