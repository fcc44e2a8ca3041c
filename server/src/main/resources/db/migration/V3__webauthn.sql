-- The random WebAuthn user handle of each user (WebAuthn L3 §14.6.1: never the user id itself).
CREATE TABLE webauthn_user_handles (
  user_id     VARCHAR(128) NOT NULL PRIMARY KEY,
  user_handle VARCHAR(100) NOT NULL UNIQUE
);

-- The WebAuthn part of a factor. Binary ids are stored base64url so that both databases can
-- index them. sign_count only moves forward, by a conditional update.
CREATE TABLE webauthn_credentials (
  factor_id                UUID         NOT NULL PRIMARY KEY REFERENCES factors (id) ON DELETE CASCADE,
  credential_id            VARCHAR(1400) NOT NULL UNIQUE,
  user_handle              VARCHAR(100) NOT NULL,
  attested_credential_data BYTEA        NOT NULL,
  sign_count               BIGINT       NOT NULL,
  transports               VARCHAR(200) NOT NULL,
  aaguid                   UUID         NOT NULL,
  attestation_format       VARCHAR(32)  NOT NULL,
  backup_eligible          BOOLEAN      NOT NULL,
  backup_state             BOOLEAN      NOT NULL,
  uv_initialized           BOOLEAN      NOT NULL
);

-- Registration and authentication ceremonies, shared by every replica. A ceremony is finished
-- at most once: the conditional update that sets used_at decides.
CREATE TABLE webauthn_ceremonies (
  id                UUID                     NOT NULL PRIMARY KEY,
  kind              VARCHAR(16)              NOT NULL,
  user_id           VARCHAR(128),
  challenge         BYTEA                    NOT NULL,
  user_verification VARCHAR(16)              NOT NULL,
  attestation       VARCHAR(16)              NOT NULL,
  created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at        TIMESTAMP WITH TIME ZONE NOT NULL,
  used_at           TIMESTAMP WITH TIME ZONE
);
CREATE INDEX webauthn_ceremonies_expires_at ON webauthn_ceremonies (expires_at);
