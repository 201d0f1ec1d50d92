"""The app factory."""

from __future__ import annotations

import atexit
import logging
import os
import tempfile
from dataclasses import replace
from pathlib import Path

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader

from reference_portal import web
from reference_portal.blueprints import register_blueprints
from reference_portal.config import PortalConfig
from reference_portal.database import Database
from reference_portal.faults import resolve_faults
from reference_portal.interfaces.mailbox import Mailbox
from reference_portal.migrations import refuse_newer_database
from reference_portal.portal import EXTENSION_KEY, Portal
from reference_portal.template_edits import EditedTemplates

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).parent
MAX_REQUEST_BYTES = 16 * 1024 * 1024


def create_app(config: PortalConfig | None = None, *, mailbox: Mailbox | None = None) -> Flask:
    """Build a portal app. `mailbox` is shared with an SMTP sink when one runs beside it."""
    config = config or PortalConfig()
    faults = resolve_faults(config.faults)  # refuse unknown names before doing anything
    config = replace(config, faults=tuple(fault.name for fault in faults))
    if config.db_path is None:
        config = replace(config, db_path=_temporary_database())
    assert config.db_path is not None

    app = Flask(__name__)
    app.jinja_options = {**app.jinja_options, "trim_blocks": True, "lstrip_blocks": True}
    app.config.update(
        SECRET_KEY=config.secret_key,
        SESSION_COOKIE_NAME="portal_flow",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep API fields in a readable order
    # A release's own templates (templates/releases/<release>/) win over the shared ones.
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(PACKAGE_DIR / "templates" / "releases" / config.settings.release),
            FileSystemLoader(PACKAGE_DIR / "templates"),
        ]
    )

    database = Database(config.db_path)
    refuse_newer_database(database, config.settings.release)  # before touching a newer release's file
    database.create_schema()
    portal = Portal.build(config, database, mailbox)
    for fault in faults:
        fault.apply(portal)
        log.warning("Fault %s is active: %s", fault.name, fault.description)
    if portal.template_edits and app.jinja_loader is not None:
        edited = EditedTemplates(app.jinja_loader, portal.template_edits)
        app.jinja_loader = edited
        edited.check(app.jinja_env)
    # After the faults: an upgrade runs with the candidate release's faults switched on.
    for release in portal.migrations.upgrade():
        log.info("Upgraded the database %s to release %s", config.db_path, release)
    app.extensions[EXTENSION_KEY] = portal

    web.install(app)
    register_blueprints(app, config)
    return app


def _temporary_database() -> Path:
    """A fresh database file, removed when the process exits."""
    handle, name = tempfile.mkstemp(prefix="riverbend-portal-", suffix=".sqlite3")
    os.close(handle)
    path = Path(name)

    def remove() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

    atexit.register(remove)
    return path
