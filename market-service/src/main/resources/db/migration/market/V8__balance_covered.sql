-- Only the mint may go below zero (AccountKind): now the database refuses any other negative
-- balance itself. A transfer sent as one statement batch debits without reading the balance first;
-- this constraint is what stops it, failing the statement and so the whole batch, before its commit.
ALTER TABLE bank_account ADD CONSTRAINT balance_covered CHECK (kind = 'MINT' OR balance >= 0);
