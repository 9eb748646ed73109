-- The SLS ranks hosts by a bid-rate total kept on the host row instead of summing the bids at every
-- query. Each active bid's contribution is an exact integer (its rate in nano-credits per second,
-- i.e. micro-credits per 1,000 s, rounded), so adding and removing contributions as bids change
-- never drifts: a host's total always equals the sum over its active bids, which a double would not.
ALTER TABLE market_bid ADD COLUMN priced_rate BIGINT NOT NULL DEFAULT 0;
UPDATE market_bid SET priced_rate = ROUND(rate * 1000) WHERE state = 'ACTIVE';

ALTER TABLE market_host ADD COLUMN bid_rate_total BIGINT NOT NULL DEFAULT 0;
UPDATE market_host h SET bid_rate_total = (SELECT COALESCE(SUM(b.priced_rate), 0) FROM market_bid b
  WHERE b.host = h.host AND b.state = 'ACTIVE');
-- The price (bid rates per vCPU, or the reserve if higher) is derived from the row alone, so it is
-- stored and indexed: the ranked query reads hosts in price order and stops at its limit.
ALTER TABLE market_host ADD COLUMN price DOUBLE AS (GREATEST(bid_rate_total / (1000e0 * vcpus), reserve_rate)) STORED;
CREATE INDEX host_price ON market_host (price, host);

-- The SLS no longer sums bids by host; what it still needs is the active bids whose window has
-- passed but which no charging pass has ended yet (their rate is already zero): found by window end.
DROP INDEX bid_active_rates ON market_bid;
DROP INDEX bid_active_rate ON market_bid;
CREATE INDEX bid_active_until ON market_bid (state, window_end, host, priced_rate);
