-- A notification's subscribers were looked up with a query after every state change, including
-- the many changes of workspaces nobody subscribed to. The row now counts changes to its
-- subscriptions; the transition already reads the row under lock, so a replica can tell whether
-- its remembered list is current without asking.
ALTER TABLE workspace
  ADD COLUMN subscription_revision BIGINT NOT NULL DEFAULT 0;
