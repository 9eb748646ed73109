-- The SLS prices every host from its active bids at each query: an index covering the filter and
-- the grouping lets MariaDB aggregate from the index alone.
CREATE INDEX bid_active_rates ON market_bid (state, host, window_end, escrowed, charged);
