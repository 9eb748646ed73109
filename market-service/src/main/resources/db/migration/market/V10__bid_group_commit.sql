-- New bids placed at the same moment share one transaction (BidGroupCommit): one commit, one log
-- flush and one round trip for the group. For that, a new bid's rows are a procedure of their own,
-- without transaction control and without the host's total: a group writes each bid's rows, then
-- each host's total once, hosts in name order, as every bid operation takes host rows last (and
-- the group's bidders in account-id order, as the ledger takes accounts). agora_place_bid, for a
-- bid on its own, is the same rows and its host's total in a transaction of its own.
-- Parameters as in V9: only those compared with a column are TYPE OF.

DROP PROCEDURE agora_place_bid;

DELIMITER //

CREATE PROCEDURE agora_bid_rows(p_bid_id VARCHAR(64) CHARACTER SET utf8mb4,
                                p_bidder_dn VARCHAR(512) CHARACTER SET utf8mb4,
                                p_host VARCHAR(255) CHARACTER SET utf8mb4,
                                p_host_owner_dn VARCHAR(512) CHARACTER SET utf8mb4,
                                p_workspace_id VARCHAR(36) CHARACTER SET utf8mb4, p_amount BIGINT, p_at DATETIME(6),
                                p_window_end DATETIME(6), p_rate DOUBLE, p_priced_rate BIGINT,
                                p_bidder_account TYPE OF bank_account.id,
                                p_escrow_account VARCHAR(160) CHARACTER SET utf8mb4,
                                p_transfer_id VARCHAR(128) CHARACTER SET utf8mb4,
                                p_memo VARCHAR(512) CHARACTER SET utf8mb4)
  MODIFIES SQL DATA SQL SECURITY INVOKER
BEGIN
  SET @agora_from_after = NULL;
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
END//

CREATE PROCEDURE agora_place_bid(p_bid_id VARCHAR(64) CHARACTER SET utf8mb4,
                                 p_bidder_dn VARCHAR(512) CHARACTER SET utf8mb4, p_host TYPE OF market_host.host,
                                 p_host_owner_dn VARCHAR(512) CHARACTER SET utf8mb4,
                                 p_workspace_id VARCHAR(36) CHARACTER SET utf8mb4, p_amount BIGINT, p_at DATETIME(6),
                                 p_window_end DATETIME(6), p_rate DOUBLE, p_priced_rate BIGINT,
                                 p_bidder_account VARCHAR(160) CHARACTER SET utf8mb4,
                                 p_escrow_account VARCHAR(160) CHARACTER SET utf8mb4,
                                 p_transfer_id VARCHAR(128) CHARACTER SET utf8mb4, p_memo VARCHAR(512) CHARACTER SET utf8mb4)
  MODIFIES SQL DATA SQL SECURITY INVOKER
BEGIN
  DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; RESIGNAL; END;
  START TRANSACTION;
  CALL agora_bid_rows(p_bid_id, p_bidder_dn, p_host, p_host_owner_dn, p_workspace_id, p_amount, p_at, p_window_end,
                      p_rate, p_priced_rate, p_bidder_account, p_escrow_account, p_transfer_id, p_memo);
  IF p_priced_rate <> 0 THEN
    UPDATE market_host SET bid_rate_total = bid_rate_total + p_priced_rate WHERE host = p_host;
  END IF;
  COMMIT;
END//

DELIMITER ;
