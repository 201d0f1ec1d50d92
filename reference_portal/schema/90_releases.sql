-- Releases and upgrades (releases area): which release built or last upgraded this database,
-- and site-wide switches that live with the data rather than in a release's code.
-- Same conventions as 00_core.sql: UTC ISO-8601 text times.

-- One row per applied schema version: the 2026.1 baseline, then each upgrade (never removed).
CREATE TABLE IF NOT EXISTS schema_versions (
    version      TEXT PRIMARY KEY,        -- a release, e.g. 2026.2
    description  TEXT NOT NULL,
    applied_at   TEXT NOT NULL,
    applied_by   TEXT NOT NULL             -- the release (of the code) that applied it
);

-- Site-wide switches, e.g. audit.enabled = on. Not editable from the UI.
CREATE TABLE IF NOT EXISTS portal_settings (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    changed_at  TEXT NOT NULL,
    changed_by  TEXT NOT NULL
);
