-- The richer request model (platform, NICs, CPU weight, shutdown mechanism), groups of
-- workspaces created together, and WS-BaseNotification subscriptions.
ALTER TABLE workspace
  ADD COLUMN hypervisor         VARCHAR(8)    NULL,
  ADD COLUMN arch               VARCHAR(16)   NULL,
  ADD COLUMN kernel             VARCHAR(1024) NULL,
  ADD COLUMN initrd             VARCHAR(1024) NULL,
  ADD COLUMN kernel_args        VARCHAR(1024) NULL,
  -- network,mac,ip;network,mac,ip (empty fields for the site's choice): read with the row, no join.
  ADD COLUMN nics               VARCHAR(1024) NULL,
  ADD COLUMN cpu_weight         INT           NOT NULL DEFAULT 256,
  ADD COLUMN shutdown_mechanism VARCHAR(8)    NOT NULL DEFAULT 'NORMAL',
  ADD COLUMN group_id           VARCHAR(36)   NULL,
  ADD INDEX workspace_group (group_id);

CREATE TABLE workspace_group (
  id         VARCHAR(36)  NOT NULL,
  owner_dn   VARCHAR(512) NOT NULL,
  size       INT          NOT NULL,
  created_at DATETIME(6)  NOT NULL,
  PRIMARY KEY (id),
  INDEX group_owner (owner_dn)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- A subscription outlives nothing: it ends at its termination time, on Unsubscribe, or once the
-- termination of its workspace has been notified.
CREATE TABLE subscription (
  id                 VARCHAR(36)   NOT NULL,
  workspace_id       VARCHAR(36)   NOT NULL,
  subscriber_dn      VARCHAR(512)  NOT NULL,
  consumer_address   VARCHAR(2048) NOT NULL,
  consumer_reference TEXT          NOT NULL,
  topic              VARCHAR(32)   NOT NULL,
  created_at         DATETIME(6)   NOT NULL,
  termination_time   DATETIME(6)   NOT NULL,
  PRIMARY KEY (id),
  INDEX subscription_workspace (workspace_id, termination_time),
  CONSTRAINT subscription_of_workspace FOREIGN KEY (workspace_id) REFERENCES workspace (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
