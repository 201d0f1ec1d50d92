"""One blueprint per area. Test-only endpoints are registered only in test mode."""

from __future__ import annotations

from flask import Flask

from reference_portal.blueprints import (
    account,  # auth area
    admin_api,
    admin_auth_api,  # auth area
    admin_messaging_api,  # messaging area
    admin_proxy_api,  # proxy area
    admin_results_api,  # results area
    auth,
    enrollment,
    home,
    messaging,
    proxy,  # proxy area
    public,
    results,
    staff,  # messaging area
    test_api,
    vdt,
)
from reference_portal.config import PortalConfig


def register_blueprints(app: Flask, config: PortalConfig) -> None:
    for blueprint in (public.bp, enrollment.bp, auth.bp, home.bp, messaging.bp, results.bp, vdt.bp, admin_api.bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(admin_results_api.bp)  # results area
    app.register_blueprint(staff.bp)  # messaging area
    app.register_blueprint(admin_messaging_api.bp)  # messaging area
    app.register_blueprint(proxy.bp)  # proxy area
    app.register_blueprint(admin_proxy_api.bp)  # proxy area
    app.register_blueprint(account.bp)  # auth area
    app.register_blueprint(admin_auth_api.bp)  # auth area
    if config.test_mode:
        app.register_blueprint(test_api.bp)
