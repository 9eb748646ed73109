-- Hosts of other sites register over SOAP: each entry remembers the DN that registered it, the only
-- one (besides a site admin) allowed to refresh or remove it. Until now only the server registered,
-- as the owner of its own nodes.
ALTER TABLE market_host ADD COLUMN registered_by VARCHAR(512) NOT NULL DEFAULT '';
UPDATE market_host SET registered_by = owner_dn;
