-- A bid's rate (what remains over the time that remains) is constant between its changes: kept on
-- the row at each change, the SLS sums it instead of computing it per bid at every query.
ALTER TABLE market_bid ADD COLUMN rate DOUBLE NOT NULL DEFAULT 0;
UPDATE market_bid SET rate = (escrowed - charged) * 1000000 / GREATEST(1, TIMESTAMPDIFF(MICROSECOND, charged_until, window_end))
  WHERE state = 'ACTIVE';
CREATE INDEX bid_active_rate ON market_bid (state, host, window_end, rate);
