-- View, download, transmit (VDT area): the patient-visible activity log, and the audit log's
-- protection against change.

-- Each view, download and transmit of a record, as the patient and their proxies see it (VDT-06).
CREATE TABLE IF NOT EXISTS record_activity (
    id           INTEGER PRIMARY KEY,
    public_id    TEXT NOT NULL UNIQUE,
    patient_id   INTEGER NOT NULL REFERENCES patients (id),
    occurred_at  TEXT NOT NULL,
    action       TEXT NOT NULL,            -- viewed | downloaded | transmitted
    actor        TEXT NOT NULL,            -- account:<public id>
    actor_name   TEXT NOT NULL,            -- the person who acted, by name
    actor_kind   TEXT NOT NULL,            -- the relationship: self | parent | adult-proxy | guardian | partner
    channel      TEXT NOT NULL DEFAULT '', -- human | ccda | email | direct
    addressee    TEXT NOT NULL DEFAULT '', -- transmits only
    date_from    TEXT,                     -- the date range asked for, if any
    date_to      TEXT
);
CREATE INDEX IF NOT EXISTS record_activity_patient ON record_activity (patient_id, occurred_at);

-- The audit log is append-only (AUD-01): nothing, not even a faulty route, may change or remove
-- an entry. The category column itself is in 00_core.sql.
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE INDEX IF NOT EXISTS audit_log_patient ON audit_log (patient_id, occurred_at);
