-- Secure messaging area: clinic hours and holidays, staff users and their sessions, pools,
-- routing rules, conversations and messages, attachments, canned responses.
-- Same conventions as 00_core.sql: public_id outside, UTC ISO-8601 timestamps.

-- Opening hours per weekday (0 = Monday), in the clinic's own time zone; several spans a day allowed.
-- A clinic with no rows at all keeps Settings.default_business_hours.
CREATE TABLE IF NOT EXISTS clinic_hours (
    id          INTEGER PRIMARY KEY,
    clinic_id   INTEGER NOT NULL REFERENCES clinics (id),
    weekday     INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    opens_at    TEXT NOT NULL,            -- HH:MM, local
    closes_at   TEXT NOT NULL             -- HH:MM, local, after opens_at
);
CREATE INDEX IF NOT EXISTS clinic_hours_clinic ON clinic_hours (clinic_id);

-- Contact details, and when the hours were last set (set even to "closed all week": then the
-- default hours stop applying).
CREATE TABLE IF NOT EXISTS clinic_details (
    clinic_id      INTEGER PRIMARY KEY REFERENCES clinics (id),
    phone          TEXT,
    hours_set_at   TEXT
);

CREATE TABLE IF NOT EXISTS clinic_holidays (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT NOT NULL UNIQUE,
    clinic_id   INTEGER NOT NULL REFERENCES clinics (id),
    day         TEXT NOT NULL,            -- YYYY-MM-DD, the clinic's local date
    name        TEXT NOT NULL,
    UNIQUE (clinic_id, day)
);

CREATE TABLE IF NOT EXISTS staff (
    id                  INTEGER PRIMARY KEY,
    public_id           TEXT NOT NULL UNIQUE,
    clinic_id           INTEGER NOT NULL REFERENCES clinics (id),
    first_name          TEXT NOT NULL,
    last_name           TEXT NOT NULL,
    role                TEXT NOT NULL,    -- front-desk | support | nurse | billing | pharmacy | supervisor | administrator | provider
    username            TEXT NOT NULL,
    username_key        TEXT NOT NULL UNIQUE,
    password_hash       TEXT NOT NULL,
    failed_sign_ins     INTEGER NOT NULL DEFAULT 0,
    locked_at           TEXT,
    away_from           TEXT,             -- out of office: first instant away
    away_until          TEXT,             -- out of office: first instant back
    covering_pool_id    INTEGER REFERENCES pools (id),
    created_at          TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS staff_sessions (
    id            INTEGER PRIMARY KEY,
    token_hash    TEXT NOT NULL UNIQUE,
    staff_id      INTEGER NOT NULL REFERENCES staff (id),
    created_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL,
    ended_at      TEXT,
    end_reason    TEXT
);

CREATE TABLE IF NOT EXISTS pools (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT NOT NULL UNIQUE,
    clinic_id   INTEGER NOT NULL REFERENCES clinics (id),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,            -- front-desk | nurse | billing | pharmacy | supervisor | other
    created_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS pools_clinic ON pools (clinic_id);

CREATE TABLE IF NOT EXISTS pool_members (
    pool_id   INTEGER NOT NULL REFERENCES pools (id),
    staff_id  INTEGER NOT NULL REFERENCES staff (id),
    PRIMARY KEY (pool_id, staff_id)
);

-- History is kept: a replaced rule gets replaced_at, and messages keep the rule that routed them.
CREATE TABLE IF NOT EXISTS routing_rules (
    id           INTEGER PRIMARY KEY,
    public_id    TEXT NOT NULL UNIQUE,
    clinic_id    INTEGER NOT NULL REFERENCES clinics (id),
    topic        TEXT,                    -- a topic key; NULL is the clinic's default rule
    pool_id      INTEGER NOT NULL REFERENCES pools (id),
    created_at   TEXT NOT NULL,
    replaced_at  TEXT
);
CREATE INDEX IF NOT EXISTS routing_rules_clinic ON routing_rules (clinic_id, topic);

-- A patient's own provider (primary care), who can be addressed directly.
CREATE TABLE IF NOT EXISTS patient_providers (
    patient_id  INTEGER PRIMARY KEY REFERENCES patients (id),
    staff_id    INTEGER NOT NULL REFERENCES staff (id),
    assigned_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS conversations (
    id                 INTEGER PRIMARY KEY,
    public_id          TEXT NOT NULL UNIQUE,
    patient_id         INTEGER NOT NULL REFERENCES patients (id),
    clinic_id          INTEGER NOT NULL REFERENCES clinics (id),
    topic              TEXT NOT NULL,     -- a topic key
    subject            TEXT NOT NULL,
    pool_id            INTEGER REFERENCES pools (id),   -- NULL when addressed to a provider who is in
    provider_id        INTEGER REFERENCES staff (id),   -- set when the patient wrote to their provider
    routed_at          TEXT NOT NULL,
    routed_by          TEXT NOT NULL,     -- rule | topic-team | clinic-default | front-desk | provider | covering-pool
    routing_rule_id    INTEGER REFERENCES routing_rules (id),
    urgent             INTEGER NOT NULL DEFAULT 0,
    awaiting_since     TEXT,              -- first unanswered patient message; NULL once staff replied
    last_activity_at   TEXT NOT NULL,
    created_at         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS conversations_patient ON conversations (patient_id, last_activity_at);
CREATE INDEX IF NOT EXISTS conversations_pool ON conversations (pool_id);
CREATE INDEX IF NOT EXISTS conversations_clinic ON conversations (clinic_id, awaiting_since);

CREATE TABLE IF NOT EXISTS messages (
    id                 INTEGER PRIMARY KEY,
    public_id          TEXT NOT NULL UNIQUE,
    conversation_id    INTEGER NOT NULL REFERENCES conversations (id),
    patient_id         INTEGER NOT NULL REFERENCES patients (id),  -- whose conversation it is
    author             TEXT NOT NULL,     -- patient | staff | system
    sender_account_id  INTEGER REFERENCES accounts (id),  -- the acting account (a proxy's own account)
    sender_name        TEXT,              -- the acting person's name when sent (a proxy's own name)
    sender_staff_id    INTEGER REFERENCES staff (id),
    auto_reply         TEXT,              -- after-hours | holiday | out-of-office (system messages)
    body               TEXT NOT NULL,
    urgent             INTEGER NOT NULL DEFAULT 0,
    canned_response_id INTEGER REFERENCES canned_responses (id),
    sent_at            TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_conversation ON messages (conversation_id, id);

CREATE TABLE IF NOT EXISTS attachments (
    id            INTEGER PRIMARY KEY,
    public_id     TEXT NOT NULL UNIQUE,
    message_id    INTEGER NOT NULL REFERENCES messages (id),
    filename      TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size_bytes    INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    content       BLOB NOT NULL,
    uploaded_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attachments_message ON attachments (message_id);

CREATE TABLE IF NOT EXISTS canned_responses (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT NOT NULL UNIQUE,
    pool_id     INTEGER NOT NULL REFERENCES pools (id),
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS canned_response_uses (
    id                  INTEGER PRIMARY KEY,
    canned_response_id  INTEGER NOT NULL REFERENCES canned_responses (id),
    pool_id             INTEGER NOT NULL REFERENCES pools (id),
    staff_id            INTEGER REFERENCES staff (id),
    message_id          INTEGER REFERENCES messages (id),
    used_at             TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS canned_response_uses_pool ON canned_response_uses (pool_id, used_at);
