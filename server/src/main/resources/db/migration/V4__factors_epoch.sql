-- A per-user generation of the factor set: random when the row is created, moved forward in the
-- transaction of every change that ends factors or codes (reset, disable, remove, regenerate, a new
-- factor). A replica that remembers an answer remembers the generation it was given under, and
-- answers from memory only while it is unchanged; a deleted and recreated user starts at a new
-- random value, so an old answer never matches again.
ALTER TABLE accounts ADD COLUMN factors_epoch BIGINT NOT NULL DEFAULT 0;

-- When a used recovery code was last presented again. A replay is answered without charge, so its
-- VERIFY_REPLAYED event is written at most once an hour per code (decided by one conditional
-- update of this column), and a holder of a spent code cannot grow the trail without bound.
ALTER TABLE recovery_codes ADD COLUMN replayed_at TIMESTAMP WITH TIME ZONE;
