-- Registration: sessions (password or ticket), tickets, one-time codes for step-up and new contact data, status.

CREATE TABLE registration_sessions (
  id uuid PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  via text NOT NULL CHECK (via IN ('password', 'ticket')),
  had_methods boolean NOT NULL,
  stepped_up_at timestamptz,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX registration_sessions_user ON registration_sessions (user_id);

CREATE TABLE tickets (
  id uuid PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX tickets_user ON tickets (user_id);

-- Codes sent during a registration session: to a method on file (step_up) or to a new address (verify).
CREATE TABLE registration_codes (
  id uuid PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES registration_sessions (id) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('step_up', 'verify')),
  method text NOT NULL,
  channel text NOT NULL,
  value text NOT NULL,
  code_hmac text NOT NULL,
  kid text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  superseded_at timestamptz
);
CREATE INDEX registration_codes_session ON registration_codes (session_id, purpose);

-- Per-user registration state; `version` is the ETag and moves on every write.
CREATE TABLE registration_state (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  version bigint NOT NULL DEFAULT 0,
  confirmed_at timestamptz,
  snoozes_used integer NOT NULL DEFAULT 0,
  snoozed_until timestamptz
);
