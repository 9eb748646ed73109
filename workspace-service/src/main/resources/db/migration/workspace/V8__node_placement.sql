-- One row per node that was ever placed on. Every placement writes its node's row in the transaction
-- that stores the workspace, and then checks the node's sum against its capacity: the write is the
-- placement's claim on the node. On one server, a second placement on the same node waits for the
-- first one's commit and then sums what that one stored; on a Galera cluster, two placements on the
-- same node from different cluster nodes write the same row, so the one certified second is aborted
-- (a deadlock error) and decides again. A SELECT ... FOR UPDATE would not do on Galera: its locks
-- are local to the server that took them.
CREATE TABLE node_placement (
  node       VARCHAR(255) NOT NULL,
  placements BIGINT       NOT NULL DEFAULT 0,
  PRIMARY KEY (node)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
