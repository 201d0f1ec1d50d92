"""Wiring only: the harness plugin (target, browser, data seed, Allure hooks) and the step modules."""

pytest_plugins = [
    "portal_harness.plugin",
    "steps.people_steps",
    "steps.enrollment_steps",
    "steps.sign_in_steps",
    "steps.session_steps",
    "steps.support_steps",
    "steps.results_steps",
    "steps.interface_steps",
    "steps.proxy_steps",
    "steps.partner_steps",
    "steps.messaging_steps",
    "steps.clinic_steps",
    "steps.record_steps",
    "steps.demographics_steps",
    "steps.report_steps",
    "steps.audit_steps",
    "steps.accessibility_steps",
    "steps.public_steps",
    "steps.continuity_steps",
    "steps.screen_tour_steps",
]
