-- Indexes the benchmarks asked for: closing a subject's open flows, and purging expired rows without scans.
CREATE INDEX flows_subject_open ON flows (subject) WHERE state IN ('started', 'gates_passed');
CREATE INDEX flows_expired_open ON flows (expires_at) WHERE state IN ('started', 'gates_passed');
CREATE INDEX captcha_claims_expiry ON captcha_claims (expires_at);
CREATE INDEX throttles_window ON throttles (window_start);
