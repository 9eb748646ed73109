-- Bids: credits held in an escrow account per bid and charged to the host's owner as time passes.
-- The rate is what remains over the time that remains, so moving the window's end changes the rate
-- without moving money; each charge and the bid's charged_until move together in one transaction.
CREATE TABLE market_bid (
  id             VARCHAR(64)  NOT NULL,
  bidder_dn      VARCHAR(512) NOT NULL,
  host           VARCHAR(255) NOT NULL,
  host_owner_dn  VARCHAR(512) NOT NULL,
  workspace_id   VARCHAR(36)  NULL,
  escrowed       BIGINT       NOT NULL,
  charged        BIGINT       NOT NULL,
  window_start   DATETIME(6)  NOT NULL,
  window_end     DATETIME(6)  NOT NULL,
  charged_until  DATETIME(6)  NOT NULL,
  state          VARCHAR(8)   NOT NULL,
  version        BIGINT       NOT NULL,
  PRIMARY KEY (id),
  INDEX bid_host_state (host, state),
  INDEX bid_bidder (bidder_dn, state)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
