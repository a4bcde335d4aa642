-- Regain's first schema: built-in directory, contact data, policy, reset flows, codes, throttles, outbox, audit, keys.
-- Times come from the service's injected clock, never from now(), so tests can move time.

CREATE TABLE users (
  id uuid PRIMARY KEY,
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  given_name text,
  family_name text,
  email text,
  privileged boolean NOT NULL DEFAULT false,
  disabled boolean NOT NULL DEFAULT false,
  locked boolean NOT NULL DEFAULT false,
  password_hash text,
  password_changed_at timestamptz,
  created_at timestamptz NOT NULL
);

CREATE TABLE groups (
  id uuid PRIMARY KEY,
  name text NOT NULL UNIQUE
);

CREATE TABLE group_members (
  group_id uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, user_id)
);

CREATE TABLE group_nesting (
  parent_id uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  child_id uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  PRIMARY KEY (parent_id, child_id)
);

CREATE TABLE password_history (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  hash text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX password_history_user ON password_history (user_id, created_at DESC);

-- One row per method and source; the effective value follows the precedence user > admin > directory.
CREATE TABLE contact_methods (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  method text NOT NULL CHECK (method IN ('alternateEmail', 'mobilePhone', 'officePhone')),
  source text NOT NULL CHECK (source IN ('user', 'admin', 'directory')),
  value text NOT NULL,
  verified_at timestamptz,
  usable_for_reset_at timestamptz,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, method, source)
);

CREATE TABLE security_answers (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  question_id text NOT NULL,
  answer_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, question_id)
);

CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE flows (
  id uuid PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  kind text NOT NULL,
  user_id uuid REFERENCES users (id) ON DELETE CASCADE,
  subject text NOT NULL,
  decoy boolean NOT NULL,
  state text NOT NULL CHECK (state IN ('started', 'gates_passed', 'writing', 'done', 'cancelled', 'closed')),
  gates_required integer NOT NULL,
  gates_needed integer NOT NULL,
  passed_methods jsonb NOT NULL DEFAULT '[]',
  methods jsonb NOT NULL,
  questions jsonb,
  locale text NOT NULL,
  ip text,
  user_agent text,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  finished_at timestamptz
);
CREATE INDEX flows_user ON flows (user_id) WHERE state IN ('started', 'gates_passed');

CREATE TABLE codes (
  id uuid PRIMARY KEY,
  flow_id uuid NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
  method text NOT NULL,
  channel text NOT NULL,
  gate integer NOT NULL,
  code_hmac text NOT NULL,
  kid text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  superseded_at timestamptz
);
CREATE INDEX codes_flow ON codes (flow_id, method);

-- Fixed-window counters with an optional block; keys name the rule and the subject (immutable id or HMAC).
CREATE TABLE throttles (
  key text PRIMARY KEY,
  count integer NOT NULL,
  window_start timestamptz NOT NULL,
  blocked_until timestamptz,
  subject text
);
CREATE INDEX throttles_subject ON throttles (subject);

CREATE TABLE captcha_claims (
  id text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);

-- Message bodies are sealed (AES-GCM) so no code sits in the database in clear.
CREATE TABLE outbox (
  id uuid PRIMARY KEY,
  kind text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'voice')),
  destination text NOT NULL,
  sealed text NOT NULL,
  kid text NOT NULL,
  locale text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'expired')),
  attempts integer NOT NULL DEFAULT 0,
  available_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  last_error text
);
CREATE INDEX outbox_pending ON outbox (available_at) WHERE status = 'pending';

CREATE TABLE audit (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  kind text NOT NULL,
  actor text,
  user_id uuid,
  subject_hmac text,
  ip text,
  user_agent text,
  method text,
  result text NOT NULL CHECK (result IN ('succeeded', 'failed', 'blocked', 'abandoned', 'cancelled', 'contactedAdmin')),
  detail text NOT NULL,
  data jsonb
);
CREATE INDEX audit_at ON audit (at DESC);
CREATE INDEX audit_user ON audit (user_id, at DESC);

CREATE TABLE api_keys (
  id uuid PRIMARY KEY,
  prefix text NOT NULL UNIQUE,
  secret_hash text NOT NULL,
  scope text NOT NULL CHECK (scope IN ('admin', 'tickets')),
  name text NOT NULL,
  cidrs jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz
);

-- The security questions drawn for a subject, asked again until answered or the block ends (no question shopping).
CREATE TABLE question_draws (
  subject text PRIMARY KEY,
  question_ids jsonb NOT NULL,
  drawn_at timestamptz NOT NULL
);
