-- The service location service: hosts register and heartbeat; an entry whose heartbeat stops is no
-- longer listed once it expires. Prices come from the active bids on each host.
CREATE TABLE market_host (
  host            VARCHAR(255) NOT NULL,
  site            VARCHAR(128) NOT NULL,
  hypervisor      VARCHAR(8)   NOT NULL,
  arch            VARCHAR(16)  NOT NULL,
  vcpus           INT          NOT NULL,
  memory_mib      BIGINT       NOT NULL,
  free_memory_mib BIGINT       NOT NULL,
  owner_dn        VARCHAR(512) NOT NULL,
  reserve_rate    BIGINT       NOT NULL,
  node_url        VARCHAR(1024) NOT NULL,
  heartbeat_at    DATETIME(6)  NOT NULL,
  expires_at      DATETIME(6)  NOT NULL,
  PRIMARY KEY (host),
  INDEX host_expiry (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
