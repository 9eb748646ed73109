-- Which service replica looks after each node: reconciles it, handles its orphan domains and follows
-- its liveness reports. A replica takes the row when it is absent or its lease has run out, and
-- renews it while it holds it; a replica that dies stops renewing, and another one takes the node
-- over once expires_at has passed. Taking and renewing are one write to the node's row, so on a
-- Galera cluster two replicas taking the same node at once conflict at certification and one of
-- them is aborted: a node never has two holders.
CREATE TABLE node_lease (
  node       VARCHAR(255) NOT NULL,
  holder     VARCHAR(255) NOT NULL,
  expires_at DATETIME(3)  NOT NULL,
  PRIMARY KEY (node)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
