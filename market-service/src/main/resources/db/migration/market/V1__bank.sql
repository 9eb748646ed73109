-- The bank's double-entry ledger. A transfer is applied once (its id is the client's), and writes
-- two entries summing to zero; balances are kept on the account rows for locking and reading, and
-- can always be recomputed from the entries.
CREATE TABLE bank_account (
  id         VARCHAR(160) NOT NULL,
  kind       VARCHAR(8)   NOT NULL,
  owner_dn   VARCHAR(512) NULL,
  balance    BIGINT       NOT NULL,
  created_at DATETIME(6)  NOT NULL,
  PRIMARY KEY (id),
  INDEX account_owner (owner_dn)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE bank_transfer (
  id           VARCHAR(128)  NOT NULL,
  from_account VARCHAR(160)  NOT NULL,
  to_account   VARCHAR(160)  NOT NULL,
  amount       BIGINT        NOT NULL,
  memo         VARCHAR(512)  NULL,
  requested_by VARCHAR(512)  NOT NULL,
  applied_at   DATETIME(6)   NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT transfer_from FOREIGN KEY (from_account) REFERENCES bank_account (id),
  CONSTRAINT transfer_to FOREIGN KEY (to_account) REFERENCES bank_account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE bank_entry (
  id            BIGINT       NOT NULL AUTO_INCREMENT,
  transfer_id   VARCHAR(128) NOT NULL,
  account_id    VARCHAR(160) NOT NULL,
  amount        BIGINT       NOT NULL,
  balance_after BIGINT       NOT NULL,
  applied_at    DATETIME(6)  NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT entry_transfer FOREIGN KEY (transfer_id) REFERENCES bank_transfer (id),
  CONSTRAINT entry_account FOREIGN KEY (account_id) REFERENCES bank_account (id),
  INDEX entry_by_account (account_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
