-- Results area: lab results and their release, the clinical record (health summary), clinical
-- notes, patient-reported readings, and appointments booked over HL7 (SIU^S12).
-- Rows are addressed from outside by public_id; timestamps are UTC ISO-8601 text (00_core.sql).

CREATE TABLE IF NOT EXISTS results (
    id                 INTEGER PRIMARY KEY,
    public_id          TEXT NOT NULL UNIQUE,
    patient_id         INTEGER NOT NULL REFERENCES patients (id),
    order_key          TEXT,                  -- filler (OBR-3) or placer (OBR-2) order number; corrections match on it
    order_code         TEXT,                  -- OBR-4 universal service id (the ordered test or panel)
    order_name         TEXT,
    test_name          TEXT NOT NULL,         -- OBX-3 text
    loinc_code         TEXT,                  -- OBX-3 code when its coding system is LN
    code               TEXT NOT NULL,         -- OBX-3 identifier as sent (LOINC or local)
    value              TEXT NOT NULL,         -- OBX-5
    units              TEXT,                  -- OBX-6
    reference_range    TEXT,                  -- OBX-7
    abnormal_flag      TEXT,                  -- OBX-8, HL7 table 0078 code (H, L, A, HH, LL, ...)
    performing_lab     TEXT,                  -- OBX-23 (or OBX-15)
    ordering_provider  TEXT,                  -- OBR-16
    status             TEXT NOT NULL,         -- final | preliminary | corrected
    category           TEXT,                  -- a sensitive category named by staff; the LOINC table adds its own
    collected_at       TEXT,                  -- OBR-7
    reported_at        TEXT,                  -- OBR-22 (or when it arrived)
    corrected_at       TEXT,                  -- when the last correction was reported
    finalised_at       TEXT,                  -- when the portal first held it as final: release timing starts here
    wait_for_review    INTEGER NOT NULL DEFAULT 0,  -- the patient's choice when it became final
    released_at        TEXT,                  -- clinician release, or the end of the patient's chosen delay
    released_by        TEXT,
    release_kind       TEXT,                  -- clinician | delay
    notified_at        TEXT,                  -- the PHI-free "new results" notice went out
    source             TEXT NOT NULL,         -- hl7 | admin-api
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS results_patient ON results (patient_id, reported_at);
CREATE INDEX IF NOT EXISTS results_order ON results (patient_id, order_key, code);

-- Preventing-Harm holds (45 CFR 171.201): one row per hold, lifted or not.
CREATE TABLE IF NOT EXISTS result_holds (
    id          INTEGER PRIMARY KEY,
    result_id   INTEGER NOT NULL REFERENCES results (id),
    reason      TEXT NOT NULL,
    reviewer    TEXT NOT NULL,
    placed_at   TEXT NOT NULL,
    lifted_at   TEXT,
    lifted_by   TEXT
);
CREATE INDEX IF NOT EXISTS result_holds_result ON result_holds (result_id);

-- Which results an account has opened: the "new results" badge counts the others.
CREATE TABLE IF NOT EXISTS result_views (
    result_id        INTEGER NOT NULL REFERENCES results (id),
    account_id       INTEGER NOT NULL REFERENCES accounts (id),
    first_viewed_at  TEXT NOT NULL,
    PRIMARY KEY (result_id, account_id)
);

CREATE TABLE IF NOT EXISTS result_preferences (
    patient_id         INTEGER PRIMARY KEY REFERENCES patients (id),
    wait_for_review    INTEGER NOT NULL,
    changed_at         TEXT NOT NULL,
    changed_by         TEXT NOT NULL
);

-- The clinical record (problems, medications, allergies, immunizations, vitals, care team).
CREATE TABLE IF NOT EXISTS record_entries (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT NOT NULL UNIQUE,
    patient_id  INTEGER NOT NULL REFERENCES patients (id),
    section     TEXT NOT NULL,            -- problems | medications | allergies | immunizations | vitals | care-team
    fields      TEXT NOT NULL,            -- JSON object, the section's fields
    category    TEXT,                     -- sensitive category, if any
    sort_key    TEXT NOT NULL,            -- the entry's date (or name) for ordering
    created_at  TEXT NOT NULL,
    source      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS record_entries_patient ON record_entries (patient_id, section);

-- Clinical notes. Psychotherapy notes are stored (staff wrote them) but no reader returns them.
CREATE TABLE IF NOT EXISTS clinical_notes (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT NOT NULL UNIQUE,
    patient_id  INTEGER NOT NULL REFERENCES patients (id),
    note_type   TEXT NOT NULL,            -- progress | substance-use | psychotherapy
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    author      TEXT NOT NULL,
    category    TEXT,                     -- a sensitive category staff named (substance-use notes always have one)
    written_at  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    source      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS clinical_notes_patient ON clinical_notes (patient_id, note_type);

-- Home readings a patient (or their proxy) typed in (VDT-07).
CREATE TABLE IF NOT EXISTS patient_reported_readings (
    id           INTEGER PRIMARY KEY,
    public_id    TEXT NOT NULL UNIQUE,
    patient_id   INTEGER NOT NULL REFERENCES patients (id),
    reading_type TEXT NOT NULL,           -- blood-pressure | weight | glucose
    value        TEXT NOT NULL,
    units        TEXT NOT NULL,
    taken_on     TEXT NOT NULL,           -- YYYY-MM-DD, the patient's day
    recorded_at  TEXT NOT NULL,
    account_id   INTEGER NOT NULL REFERENCES accounts (id),
    relationship TEXT NOT NULL            -- self, or the proxy relationship of whoever typed it
);
CREATE INDEX IF NOT EXISTS patient_reported_patient ON patient_reported_readings (patient_id, taken_on);

-- Appointments booked by the scheduling system (HL7 SIU^S12).
CREATE TABLE IF NOT EXISTS appointments (
    id            INTEGER PRIMARY KEY,
    public_id     TEXT NOT NULL UNIQUE,
    patient_id    INTEGER NOT NULL REFERENCES patients (id),
    clinic_id     INTEGER NOT NULL REFERENCES clinics (id),
    external_id   TEXT,                   -- SCH-1 placer / SCH-2 filler appointment id
    starts_at     TEXT NOT NULL,
    minutes       INTEGER,
    provider      TEXT,
    source        TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS appointments_patient ON appointments (patient_id, starts_at);
