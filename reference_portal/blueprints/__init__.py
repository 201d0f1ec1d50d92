"""One blueprint per area. Test-only endpoints are registered only in test mode."""

from __future__ import annotations

from flask import Flask

from reference_portal.blueprints import admin_api, auth, enrollment, home, messaging, public, results, test_api, vdt
from reference_portal.config import PortalConfig


def register_blueprints(app: Flask, config: PortalConfig) -> None:
    for blueprint in (public.bp, enrollment.bp, auth.bp, home.bp, messaging.bp, results.bp, vdt.bp, admin_api.bp):
        app.register_blueprint(blueprint)
    if config.test_mode:
        app.register_blueprint(test_api.bp)
