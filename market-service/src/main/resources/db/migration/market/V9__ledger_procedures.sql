-- The two writes the market makes most, a transfer and a new bid, as stored procedures: each is one
-- CALL, parsed once per connection, where the same statements sent as a compound statement were
-- parsed on every call (a fifth of the server's CPU per bid; docs/performance.md, "Eighth change").
-- They do what HibernateLedger's step-by-step path does, without reading first: every reason to
-- refuse is a failing statement (a duplicate key, a foreign key, the V8 CHECK, an out-of-range
-- value), the exit handler rolls everything back and re-raises that statement's own error, and Java
-- then takes the step-by-step path, which finds out why and answers exactly. Ids are made in Java
-- (Bank.escrowOf, the transfer ids) and passed in, so their spelling has one home.
--
-- A balance after a move is captured in the UPDATE that makes it (a user variable assigned in the
-- SET clause): the entries then need no second read of the accounts. The variables are cleared
-- first, so a value left on the pooled connection by an earlier call can never be written: an
-- account the UPDATE did not find leaves NULL, which the entries' NOT NULL refuses (as the transfer
-- row's foreign key already does).
-- A parameter compared with a column is typed after it (TYPE OF): their collations must be equal or
-- the comparison fails, and a column's collation depends on the server's defaults when its table
-- was created. Only those: the server resolves a TYPE OF on every call (all fourteen parameters of a
-- bid anchored cost a tenth of its server CPU). The others are only written, and need only their
-- character set (a database created by an admin may default to another).
-- SQL SECURITY INVOKER: they run with the caller's rights, so dropping the account that ran the
-- migration does not break them.

DELIMITER //

CREATE PROCEDURE agora_transfer(p_transfer_id VARCHAR(128) CHARACTER SET utf8mb4, p_from TYPE OF bank_account.id,
                                p_to TYPE OF bank_account.id, p_amount BIGINT, p_memo VARCHAR(512) CHARACTER SET utf8mb4,
                                p_requested_by VARCHAR(512) CHARACTER SET utf8mb4, p_at DATETIME(6))
  MODIFIES SQL DATA SQL SECURITY INVOKER
BEGIN
  DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; RESIGNAL; END;
  SET @agora_from_after = NULL, @agora_to_after = NULL;
  START TRANSACTION;
  -- Both accounts in one statement, locked in the order of their ids, as every transfer takes them.
  UPDATE bank_account
     SET balance = IF(id = p_from, @agora_from_after := balance - p_amount, @agora_to_after := balance + p_amount)
   WHERE id IN (p_from, p_to) ORDER BY id;
  INSERT INTO bank_transfer (id, from_account, to_account, amount, memo, requested_by, applied_at)
       VALUES (p_transfer_id, p_from, p_to, p_amount, p_memo, p_requested_by, p_at);
  -- The debit first: entry ids keep a transfer's order.
  INSERT INTO bank_entry (transfer_id, account_id, amount, balance_after, applied_at)
       VALUES (p_transfer_id, p_from, -p_amount, @agora_from_after, p_at),
              (p_transfer_id, p_to, p_amount, @agora_to_after, p_at);
  COMMIT;
END//

-- A new bid: its row first (its primary key refuses a bid id already placed), its escrow account
-- opened holding the amount (no other transaction can hold a lock on a row not yet inserted, so only
-- the bidder's row is updated), the transfer and its entries, and the host's bid-rate total last, as
-- every bid operation takes the host row last.
CREATE PROCEDURE agora_place_bid(p_bid_id VARCHAR(64) CHARACTER SET utf8mb4,
                                 p_bidder_dn VARCHAR(512) CHARACTER SET utf8mb4, p_host TYPE OF market_host.host,
                                 p_host_owner_dn VARCHAR(512) CHARACTER SET utf8mb4,
                                 p_workspace_id VARCHAR(36) CHARACTER SET utf8mb4, p_amount BIGINT, p_at DATETIME(6),
                                 p_window_end DATETIME(6), p_rate DOUBLE, p_priced_rate BIGINT,
                                 p_bidder_account TYPE OF bank_account.id,
                                 p_escrow_account VARCHAR(160) CHARACTER SET utf8mb4,
                                 p_transfer_id VARCHAR(128) CHARACTER SET utf8mb4, p_memo VARCHAR(512) CHARACTER SET utf8mb4)
  MODIFIES SQL DATA SQL SECURITY INVOKER
BEGIN
  DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; RESIGNAL; END;
  SET @agora_from_after = NULL;
  START TRANSACTION;
  INSERT INTO market_bid (id, bidder_dn, host, host_owner_dn, workspace_id, escrowed, charged, window_start,
                          window_end, charged_until, state, rate, priced_rate, version)
       VALUES (p_bid_id, p_bidder_dn, p_host, p_host_owner_dn, p_workspace_id, p_amount, 0, p_at,
               p_window_end, p_at, 'ACTIVE', p_rate, p_priced_rate, 0);
  INSERT INTO bank_account (id, kind, owner_dn, balance, created_at)
       VALUES (p_escrow_account, 'ESCROW', p_bidder_dn, p_amount, p_at);
  UPDATE bank_account SET balance = (@agora_from_after := balance - p_amount) WHERE id = p_bidder_account;
  INSERT INTO bank_transfer (id, from_account, to_account, amount, memo, requested_by, applied_at)
       VALUES (p_transfer_id, p_bidder_account, p_escrow_account, p_amount, p_memo, p_bidder_dn, p_at);
  INSERT INTO bank_entry (transfer_id, account_id, amount, balance_after, applied_at)
       VALUES (p_transfer_id, p_bidder_account, -p_amount, @agora_from_after, p_at),
              (p_transfer_id, p_escrow_account, p_amount, p_amount, p_at);
  IF p_priced_rate <> 0 THEN
    UPDATE market_host SET bid_rate_total = bid_rate_total + p_priced_rate WHERE host = p_host;
  END IF;
  COMMIT;
END//

DELIMITER ;
