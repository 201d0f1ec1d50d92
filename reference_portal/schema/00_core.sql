-- Riverbend Patient Portal schema. Created at start-up; every statement is idempotent.
-- Rows are addressed from outside by public_id (opaque, random), never by the integer key.
-- Timestamps are UTC ISO-8601 text with whole seconds (2026-03-01T14:05:00Z).

CREATE TABLE IF NOT EXISTS clinics (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,            -- not unique: parallel scenarios reuse names
    code        TEXT NOT NULL UNIQUE,     -- short site code, also used by HL7 feeds
    timezone    TEXT NOT NULL,            -- IANA name
    created_at  TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS patients (
    id             INTEGER PRIMARY KEY,
    public_id      TEXT NOT NULL UNIQUE,
    clinic_id      INTEGER NOT NULL REFERENCES clinics (id),
    mrn            TEXT NOT NULL UNIQUE,
    first_name     TEXT NOT NULL,
    last_name      TEXT NOT NULL,
    date_of_birth  TEXT NOT NULL,         -- YYYY-MM-DD
    sex            TEXT NOT NULL,         -- HL7 table 0001: F, M, O, U
    email          TEXT,
    phone          TEXT,
    address_line1  TEXT,
    address_line2  TEXT,
    city           TEXT,
    state          TEXT,
    postal_code    TEXT,
    source         TEXT NOT NULL,         -- admin | hl7
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS activation_codes (
    id             INTEGER PRIMARY KEY,
    public_id      TEXT NOT NULL UNIQUE,
    code_hash      TEXT NOT NULL UNIQUE,  -- sha256 of the normalised code; the code itself is not kept
    patient_id     INTEGER NOT NULL REFERENCES patients (id),
    clinic_id      INTEGER NOT NULL REFERENCES clinics (id),  -- the site that issued it
    issued_at      TEXT NOT NULL,
    expires_at     TEXT NOT NULL,         -- the last instant the code still works
    wrong_answers  INTEGER NOT NULL DEFAULT 0,
    used_at        TEXT,
    voided_at      TEXT,
    void_reason    TEXT                   -- too-many-wrong-answers | superseded
);
CREATE INDEX IF NOT EXISTS activation_codes_patient ON activation_codes (patient_id);

CREATE TABLE IF NOT EXISTS accounts (
    id                  INTEGER PRIMARY KEY,
    public_id           TEXT NOT NULL UNIQUE,
    patient_id          INTEGER REFERENCES patients (id),
    activation_code_id  INTEGER REFERENCES activation_codes (id),
    username            TEXT NOT NULL,
    username_key        TEXT NOT NULL UNIQUE,  -- case-folded: usernames are case-insensitive
    email               TEXT NOT NULL,
    password_hash       TEXT NOT NULL,
    failed_sign_ins     INTEGER NOT NULL DEFAULT 0,
    locked_at           TEXT,
    created_at          TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS accounts_patient ON accounts (patient_id);

CREATE TABLE IF NOT EXISTS sign_in_challenges (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT NOT NULL UNIQUE,
    account_id  INTEGER NOT NULL REFERENCES accounts (id),
    code_hash   TEXT NOT NULL,
    issued_at   TEXT NOT NULL,
    expires_at  TEXT NOT NULL,            -- the last instant the code still works
    attempts    INTEGER NOT NULL DEFAULT 0,
    used_at     TEXT,
    voided_at   TEXT
);

CREATE TABLE IF NOT EXISTS sessions (
    id            INTEGER PRIMARY KEY,
    token_hash    TEXT NOT NULL UNIQUE,   -- sha256 of the cookie value
    account_id    INTEGER NOT NULL REFERENCES accounts (id),
    created_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL,
    ended_at      TEXT,
    end_reason    TEXT                    -- signed-out | idle-timeout | absolute-timeout
);

CREATE TABLE IF NOT EXISTS clock_offsets (
    scope           TEXT PRIMARY KEY,
    offset_seconds  REAL NOT NULL,
    frozen_at       TEXT,
    updated_at      TEXT NOT NULL
);

-- Append-only. Feeds the audit views and the weekly registration report later.
CREATE TABLE IF NOT EXISTS audit_log (
    id           INTEGER PRIMARY KEY,
    occurred_at  TEXT NOT NULL,
    actor        TEXT NOT NULL,           -- patient:<public id> | admin-api | hl7 | system
    action       TEXT NOT NULL,
    patient_id   INTEGER REFERENCES patients (id),
    clinic_id    INTEGER REFERENCES clinics (id),
    detail       TEXT NOT NULL DEFAULT '',
    category     TEXT NOT NULL DEFAULT 'other'  -- VDT/AUD area: what kind of data or event (audit.py)
);
CREATE INDEX IF NOT EXISTS audit_log_action ON audit_log (action, occurred_at);

CREATE TABLE IF NOT EXISTS hl7_messages (
    id             INTEGER PRIMARY KEY,
    received_at    TEXT NOT NULL,
    message_type   TEXT NOT NULL,
    control_id     TEXT NOT NULL,
    ack_code       TEXT NOT NULL,
    ack_text       TEXT NOT NULL,
    raw            TEXT NOT NULL
);
