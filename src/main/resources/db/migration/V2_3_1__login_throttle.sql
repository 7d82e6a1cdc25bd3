-- identity: failed sign-ins for login names that match no account. They are counted and locked exactly like an
-- account's app_user.failed_attempts, so the answer "locked" does not reveal whether an account exists.
-- Keyed by a keyed hash (HMAC) of the login name as typed; the name itself is never stored.
CREATE TABLE login_throttle (
  login_hash      BYTEA PRIMARY KEY,
  failed_attempts INT NOT NULL DEFAULT 0,
  locked_until    TIMESTAMPTZ,
  updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The audit page of a town administrator filters by town.
CREATE INDEX audit_event_town_idx ON audit_event(town_id, at DESC);
