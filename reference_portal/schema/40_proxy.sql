-- Proxy access: who may act in whose record (parents, adult proxies, legal guardians).
-- Permissions are never stored: they are computed on every request from the relationship and
-- the patient's age on the scenario clock (services/proxy_policy.py).

CREATE TABLE IF NOT EXISTS proxy_relationships (
    id                         INTEGER PRIMARY KEY,
    public_id                  TEXT NOT NULL UNIQUE,
    patient_id                 INTEGER NOT NULL REFERENCES patients (id),  -- whose record
    proxy_account_id           INTEGER REFERENCES accounts (id),  -- who acts; NULL until the proxy enrolls
    proxy_first_name           TEXT,                  -- the proxy person as staff registered them (pending)
    proxy_last_name            TEXT,
    proxy_email                TEXT,
    relationship               TEXT NOT NULL,         -- parent | adult-proxy | guardian
    granted_by                 TEXT NOT NULL,         -- admin-api | account:<public id> | proxy-code:<public id>
    created_at                 TEXT NOT NULL,
    expires_at                 TEXT,                  -- adult proxies: the last instant access works
    renewed_at                 TEXT,
    revoked_at                 TEXT,
    revoked_by                 TEXT,
    adolescent_full_access_at  TEXT,                  -- a 12-17-year-old gave this parent full access
    part2_consent_at           TEXT,                  -- 42 CFR Part 2 consent: substance-use records
    ended_notice_sent_at       TEXT                   -- the PHI-free "access has ended" email, sent once
);
CREATE INDEX IF NOT EXISTS proxy_relationships_proxy ON proxy_relationships (proxy_account_id);
CREATE INDEX IF NOT EXISTS proxy_relationships_patient ON proxy_relationships (patient_id);

-- The name of a person whose account has no patient record of its own (a proxy-only account).
CREATE TABLE IF NOT EXISTS proxy_people (
    account_id  INTEGER PRIMARY KEY REFERENCES accounts (id),
    first_name  TEXT NOT NULL,
    last_name   TEXT NOT NULL
);

-- Proxy codes: like activation codes (same length, alphabet, lifetime, single use, wrong-answer
-- limit), but they attach a record to a proxy's account instead of opening the patient's own.
CREATE TABLE IF NOT EXISTS proxy_codes (
    id                INTEGER PRIMARY KEY,
    public_id         TEXT NOT NULL UNIQUE,
    code_hash         TEXT NOT NULL UNIQUE,           -- sha256 of the normalised code
    patient_id        INTEGER NOT NULL REFERENCES patients (id),  -- the child (or adult) to be viewed
    clinic_id         INTEGER NOT NULL REFERENCES clinics (id),
    relationship      TEXT NOT NULL,                  -- parent | guardian
    relationship_id   INTEGER REFERENCES proxy_relationships (id),  -- a pending relationship it completes
    issued_at         TEXT NOT NULL,
    expires_at        TEXT NOT NULL,                  -- the last instant the code still works
    wrong_answers     INTEGER NOT NULL DEFAULT 0,
    used_at           TEXT,
    used_by_account_id INTEGER REFERENCES accounts (id),
    voided_at         TEXT,
    void_reason       TEXT                            -- too-many-wrong-answers
);
CREATE INDEX IF NOT EXISTS proxy_codes_patient ON proxy_codes (patient_id);

-- Whose record a signed-in session is looking at: kept server-side, never in a URL or cookie.
CREATE TABLE IF NOT EXISTS proxy_session_subjects (
    session_id  INTEGER PRIMARY KEY REFERENCES sessions (id),
    patient_id  INTEGER NOT NULL REFERENCES patients (id),
    chosen_at   TEXT NOT NULL
);
