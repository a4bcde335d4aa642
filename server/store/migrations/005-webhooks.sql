-- Outgoing webhooks (password.changed): one row per event and endpoint, sent and retried by the webhook worker.
-- The body holds no secret (a user name, a time, a reason); the signing secret stays in the configuration.

CREATE TABLE webhook_outbox (
  id uuid PRIMARY KEY,
  event_id uuid NOT NULL,
  event text NOT NULL,
  url text NOT NULL,
  payload text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'expired')),
  attempts integer NOT NULL DEFAULT 0,
  available_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  last_error text
);
CREATE INDEX webhook_outbox_pending ON webhook_outbox (available_at) WHERE status = 'pending';
