-- Accounting wants who the creator was in VO terms (the verified FQANs of its proxy) and how much
-- CPU the guest used, which the node can only tell while the domain exists: kept when it ends.
ALTER TABLE workspace
  ADD COLUMN owner_fqans VARCHAR(2048) NULL,
  ADD COLUMN cpu_seconds DOUBLE        NULL;
