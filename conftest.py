"""Wiring only: the harness plugin (target, browser, data seed, Allure hooks) and the step modules."""

pytest_plugins = [
    "portal_harness.plugin",
    "steps.people_steps",
    "steps.enrollment_steps",
    "steps.sign_in_steps",
]
