-- The lifetime sweeper asks every few seconds for the live workspaces whose termination time has
-- come; without an index it read every stored row, ended ones included (3 ms at 10,000 rows, and
-- linear in the history). Led by the state, the live states are ranges and the termination time
-- orders each: the query reads only the live rows that are due (docs/performance.md).
CREATE INDEX workspace_expiry ON workspace (state, termination_time);
