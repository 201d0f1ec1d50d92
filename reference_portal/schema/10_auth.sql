-- Enrollment and authentication (auth area): MFA set-up, self-enrollment with identity
-- verification, password-reset links and requests for a new activation code.
-- Same conventions as 00_core.sql: public_id for the outside world, UTC ISO-8601 text times.

-- One row per account once it has started setting up sign-in codes. MFA is active only when
-- confirmed_at is set: staff confirm the email at the desk, or the patient enters the code sent
-- to it on their first sign-in.
CREATE TABLE IF NOT EXISTS account_mfa (
    account_id            INTEGER PRIMARY KEY REFERENCES accounts (id),
    pending_email         TEXT,             -- the address being confirmed
    pending_challenge_id  INTEGER REFERENCES sign_in_challenges (id),
    confirmed_at          TEXT,
    confirmed_by          TEXT              -- account:<public id> | admin-api
);

-- What a patient who signed up online said about themselves; staff compare it with the EHR
-- record and link the account to the patient (accounts.patient_id) when they are sure.
CREATE TABLE IF NOT EXISTS self_enrollments (
    id             INTEGER PRIMARY KEY,
    public_id      TEXT NOT NULL UNIQUE,
    account_id     INTEGER NOT NULL UNIQUE REFERENCES accounts (id),
    first_name     TEXT NOT NULL,
    last_name      TEXT NOT NULL,
    date_of_birth  TEXT NOT NULL,           -- YYYY-MM-DD, as the patient typed it
    email          TEXT NOT NULL,
    submitted_at   TEXT NOT NULL,
    verified_at    TEXT,
    verified_by    TEXT,
    patient_id     INTEGER REFERENCES patients (id)  -- set on verification
);
CREATE INDEX IF NOT EXISTS self_enrollments_pending ON self_enrollments (verified_at);

CREATE TABLE IF NOT EXISTS password_resets (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT NOT NULL UNIQUE,
    account_id  INTEGER NOT NULL REFERENCES accounts (id),
    token_hash  TEXT NOT NULL UNIQUE,       -- sha256 of the token in the emailed link
    issued_at   TEXT NOT NULL,
    expires_at  TEXT NOT NULL,              -- the last instant the link still works
    used_at     TEXT,
    voided_at   TEXT                        -- a newer link or a password change replaced it
);
CREATE INDEX IF NOT EXISTS password_resets_account ON password_resets (account_id);

-- "Request a new code": recorded for the front desk of the matching patient's clinic.
CREATE TABLE IF NOT EXISTS activation_code_requests (
    id             INTEGER PRIMARY KEY,
    public_id      TEXT NOT NULL UNIQUE,
    first_name     TEXT NOT NULL,
    last_name      TEXT NOT NULL,
    date_of_birth  TEXT NOT NULL,
    email          TEXT NOT NULL,
    requested_at   TEXT NOT NULL,
    patient_id     INTEGER REFERENCES patients (id),  -- the registered patient it matched, if one did
    clinic_id      INTEGER REFERENCES clinics (id),   -- whose front desk sees it
    resolved_at    TEXT,
    resolved_by    TEXT,
    resolution     TEXT                              -- code-resent
);
CREATE INDEX IF NOT EXISTS activation_code_requests_open ON activation_code_requests (resolved_at);
