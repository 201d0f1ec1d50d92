-- Partner institutions under an MOU (PRX-09, PRX-10): ICF homes and home-health agencies whose
-- users see the patients attributed to them, with the functions the MOU permits.

CREATE TABLE IF NOT EXISTS partner_organizations (
    id              INTEGER PRIMARY KEY,
    public_id       TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    clinic_id       INTEGER NOT NULL REFERENCES clinics (id),  -- its clinic: whose time zone dates use
    kind            TEXT NOT NULL,            -- icf-home | home-health | other
    created_at      TEXT NOT NULL,
    deactivated_at  TEXT,
    deactivated_by  TEXT
);

-- A partner user signs in with a portal account (same password rules, lockout and sessions as
-- patients) that has no patient record of its own.
CREATE TABLE IF NOT EXISTS partner_users (
    id               INTEGER PRIMARY KEY,
    public_id        TEXT NOT NULL UNIQUE,
    organization_id  INTEGER NOT NULL REFERENCES partner_organizations (id),
    account_id       INTEGER NOT NULL UNIQUE REFERENCES accounts (id),
    first_name       TEXT NOT NULL,
    last_name        TEXT NOT NULL,
    created_at       TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS partner_mous (
    id                     INTEGER PRIMARY KEY,
    public_id              TEXT NOT NULL UNIQUE,
    organization_id        INTEGER NOT NULL REFERENCES partner_organizations (id),
    starts_on              TEXT NOT NULL,     -- YYYY-MM-DD, first valid day (clinic time zone)
    ends_on                TEXT NOT NULL,     -- YYYY-MM-DD, last valid day (clinic time zone)
    functions              TEXT NOT NULL,     -- comma-separated permissions.Function values
    sensitive_categories   TEXT NOT NULL DEFAULT '',  -- only when the MOU names them
    site_administrator_id  INTEGER REFERENCES partner_users (id),
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS partner_mous_organization ON partner_mous (organization_id);

CREATE TABLE IF NOT EXISTS partner_attributions (
    id             INTEGER PRIMARY KEY,
    mou_id         INTEGER NOT NULL REFERENCES partner_mous (id),
    patient_id     INTEGER NOT NULL REFERENCES patients (id),
    attributed_at  TEXT NOT NULL,
    removed_at     TEXT
);
CREATE INDEX IF NOT EXISTS partner_attributions_mou ON partner_attributions (mou_id, patient_id);
