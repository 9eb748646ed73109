-- Workspaces and the history of their states. Rows are kept after a workspace ends: the history
-- is what usage and accounting are computed from.
CREATE TABLE workspace (
  id               VARCHAR(36)   NOT NULL,
  owner_dn         VARCHAR(512)  NOT NULL,
  name             VARCHAR(255)  NOT NULL,
  image            VARCHAR(1024) NOT NULL,
  image_sha256     VARCHAR(64)   NULL,
  vcpus            INT           NOT NULL,
  memory_mib       INT           NOT NULL,
  disk_mib         INT           NOT NULL,
  initial_state    VARCHAR(16)   NOT NULL,
  state            VARCHAR(16)   NOT NULL,
  state_cause      VARCHAR(1024) NULL,
  node             VARCHAR(255)  NULL,
  created_at       DATETIME(6)   NOT NULL,
  state_changed_at DATETIME(6)   NOT NULL,
  termination_time DATETIME(6)   NOT NULL,
  version          BIGINT        NOT NULL,
  PRIMARY KEY (id),
  INDEX workspace_owner_state (owner_dn, state),
  INDEX workspace_node_state (node, state)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE workspace_state_change (
  id           BIGINT        NOT NULL AUTO_INCREMENT,
  workspace_id VARCHAR(36)   NOT NULL,
  from_state   VARCHAR(16)   NULL,
  to_state     VARCHAR(16)   NOT NULL,
  changed_at   DATETIME(6)   NOT NULL,
  cause        VARCHAR(1024) NULL,
  PRIMARY KEY (id),
  CONSTRAINT state_change_workspace FOREIGN KEY (workspace_id) REFERENCES workspace (id),
  INDEX state_change_by_workspace (workspace_id, changed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
