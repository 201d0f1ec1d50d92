"""One blueprint per area. Test-only endpoints are registered only in test mode."""

from __future__ import annotations

from flask import Flask

from reference_portal.blueprints import (
    account,  # auth area
    admin_api,
    admin_auth_api,  # auth area
    admin_demographics_api,  # demographics area
    admin_messaging_api,  # messaging area
    admin_partner_api,  # partners area
    admin_proxy_api,  # proxy area
    admin_reports_api,  # reports area
    admin_results_api,  # results area
    admin_run_records_api,  # shared portals: a test run's records
    admin_vdt_api,  # VDT/AUD area
    auth,
    enrollment,
    home,
    messaging,
    partner,  # partners area
    profile,  # demographics area
    proxy,  # proxy area
    public,
    record_download,  # VDT area
    results,
    staff,  # messaging area
    staff_admin,  # reports area (clinic administration)
    staff_audit,  # VDT/AUD area
    staff_demographics,  # demographics area
    staff_partners,  # partners area
    staff_reports,  # reports area
    staff_support,  # partners area (SUP-01)
    test_api,
    vdt,
)
from reference_portal.config import PortalConfig


def register_blueprints(app: Flask, config: PortalConfig) -> None:
    for blueprint in (public.bp, enrollment.bp, auth.bp, home.bp, messaging.bp, results.bp, vdt.bp, admin_api.bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(admin_results_api.bp)  # results area
    app.register_blueprint(admin_run_records_api.bp)  # shared portals: cleanup of a test run's records
    app.register_blueprint(staff.bp)  # messaging area
    app.register_blueprint(admin_messaging_api.bp)  # messaging area
    app.register_blueprint(proxy.bp)  # proxy area
    app.register_blueprint(admin_proxy_api.bp)  # proxy area
    app.register_blueprint(account.bp)  # auth area
    app.register_blueprint(admin_auth_api.bp)  # auth area
    app.register_blueprint(profile.bp)  # demographics area
    app.register_blueprint(staff_demographics.bp)  # demographics area
    app.register_blueprint(admin_demographics_api.bp)  # demographics area
    app.register_blueprint(staff_reports.bp)  # reports area
    app.register_blueprint(staff_admin.bp)  # reports area
    app.register_blueprint(admin_reports_api.bp)  # reports area
    app.register_blueprint(partner.bp)  # partners area
    app.register_blueprint(admin_partner_api.bp)  # partners area
    app.register_blueprint(staff_support.bp)  # partners area (SUP-01)
    app.register_blueprint(staff_partners.bp)  # partners area
    app.register_blueprint(record_download.bp)  # VDT area
    app.register_blueprint(staff_audit.bp)  # VDT/AUD area
    app.register_blueprint(admin_vdt_api.bp)  # VDT/AUD area
    if config.test_mode:
        app.register_blueprint(test_api.bp)
