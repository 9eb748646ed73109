-- Contextualization: the grid job a workspace runs (shown as a property, named in its usage
-- record) and the NoCloud user-data its node writes into the guest's seed disk. MEDIUMTEXT: the
-- service takes up to 65,536 bytes of user-data, one more than TEXT holds.
ALTER TABLE workspace
  ADD COLUMN grid_job_id VARCHAR(512) NULL,
  ADD COLUMN user_data   MEDIUMTEXT   NULL;
