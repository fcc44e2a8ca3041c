-- One row per user that has ever had second-factor state. It carries the security counters that
-- must hold across replicas: consecutive failures and the lockout deadline.
CREATE TABLE accounts (
  user_id             VARCHAR(128)             NOT NULL PRIMARY KEY,
  failed_attempts     INTEGER                  NOT NULL DEFAULT 0,
  locked_until        TIMESTAMP WITH TIME ZONE,
  preferred_factor_id UUID,
  must_enroll         BOOLEAN                  NOT NULL DEFAULT FALSE,
  created_at          TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Every active factor, whatever its type; type-specific data lives in a table of its own.
CREATE TABLE factors (
  id           UUID                     NOT NULL PRIMARY KEY,
  user_id      VARCHAR(128)             NOT NULL,
  type         VARCHAR(32)              NOT NULL,
  label        VARCHAR(64)              NOT NULL,
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  last_used_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX factors_user_id ON factors (user_id);

-- An authenticator-app secret waiting for its first code. Its id becomes the factor id on
-- confirmation, so the sealed secret (bound to that id) moves over unchanged.
CREATE TABLE totp_enrollments (
  id             UUID                     NOT NULL PRIMARY KEY,
  user_id        VARCHAR(128)             NOT NULL,
  label          VARCHAR(64)              NOT NULL,
  sealed_secret  BYTEA                    NOT NULL,
  key_id         VARCHAR(64)              NOT NULL,
  algorithm      VARCHAR(16)              NOT NULL,
  digits         INTEGER                  NOT NULL,
  period_seconds INTEGER                  NOT NULL,
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  confirmed_at   TIMESTAMP WITH TIME ZONE
);
CREATE INDEX totp_enrollments_user_id ON totp_enrollments (user_id);
CREATE INDEX totp_enrollments_expires_at ON totp_enrollments (expires_at);

-- The TOTP part of a factor. last_step is the newest accepted RFC 6238 time step: a code is
-- accepted only by the conditional update that moves it forward, which is what makes replay
-- refusal hold across replicas.
CREATE TABLE totp_factors (
  factor_id      UUID        NOT NULL PRIMARY KEY REFERENCES factors (id) ON DELETE CASCADE,
  sealed_secret  BYTEA       NOT NULL,
  key_id         VARCHAR(64) NOT NULL,
  algorithm      VARCHAR(16) NOT NULL,
  digits         INTEGER     NOT NULL,
  period_seconds INTEGER     NOT NULL,
  last_step      BIGINT      NOT NULL,
  drift_steps    INTEGER     NOT NULL DEFAULT 0
);
