-- Security answers registered in a stepped-up session wait, like new contact data, before they can gate a reset.
ALTER TABLE security_answers ADD COLUMN usable_for_reset_at timestamptz;
