-- When a flow entered `writing`: a flow left there past a grace period was interrupted (a crash between the
-- directory write and the flow's close), and recovery finishes it (server/flows/recovery.ts).
ALTER TABLE flows ADD COLUMN writing_at timestamptz;
CREATE INDEX flows_writing ON flows (writing_at) WHERE state = 'writing';
