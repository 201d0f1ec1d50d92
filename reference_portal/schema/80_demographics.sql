-- Demographics area: patient-requested changes verified by staff (DEM-01), possible duplicate
-- enrollments routed to support (DEM-04), and each account's portal language (DEM-03).

CREATE TABLE IF NOT EXISTS demographics_requests (
    id             INTEGER PRIMARY KEY,
    public_id      TEXT NOT NULL UNIQUE,
    patient_id     INTEGER NOT NULL REFERENCES patients (id),
    account_id     INTEGER REFERENCES accounts (id),   -- who asked (the patient's own account)
    before_json    TEXT NOT NULL,                      -- the contact details when asked
    after_json     TEXT NOT NULL,                      -- the contact details asked for
    status         TEXT NOT NULL,                      -- pending | approved | rejected | superseded
    requested_at   TEXT NOT NULL,
    decided_at     TEXT,
    decided_by     TEXT
);
CREATE INDEX IF NOT EXISTS demographics_requests_patient ON demographics_requests (patient_id, status);

CREATE TABLE IF NOT EXISTS duplicate_candidates (
    id                  INTEGER PRIMARY KEY,
    public_id           TEXT NOT NULL UNIQUE,
    source              TEXT NOT NULL,       -- sign-up | activation
    first_name          TEXT NOT NULL,
    last_name           TEXT NOT NULL,
    date_of_birth       TEXT NOT NULL,       -- YYYY-MM-DD
    email               TEXT NOT NULL,
    username            TEXT NOT NULL,
    patient_id          INTEGER REFERENCES patients (id),   -- activation: the record the code was for
    matched_account_id  INTEGER NOT NULL REFERENCES accounts (id),
    reasons             TEXT NOT NULL,       -- name-and-date-of-birth, email (comma separated)
    detected_at         TEXT NOT NULL,
    resolved_at         TEXT,
    resolved_by         TEXT
);

CREATE TABLE IF NOT EXISTS account_languages (
    account_id  INTEGER PRIMARY KEY REFERENCES accounts (id),
    language    TEXT NOT NULL,   -- en | es
    updated_at  TEXT NOT NULL
);
