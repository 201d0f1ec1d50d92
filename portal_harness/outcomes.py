"""Tell what kind of failure an exception is: the product's, the infrastructure's or the test's."""

from __future__ import annotations

import urllib.error

from portal_harness.summary import ErrorKind

_INFRASTRUCTURE_HINTS = (
    "Target page, context or browser has been closed",
    "Browser has been closed",
    "browser has disconnected",
    "net::ERR_CONNECTION_REFUSED",
    "net::ERR_CONNECTION_RESET",
    "Connection closed",
)
_TEST_DEFECT_TYPES = (NameError, TypeError, AttributeError, KeyError, ImportError, SyntaxError, LookupError)


def classify(error: BaseException) -> ErrorKind:
    """`assertion` for a failed check, else the most likely owner of the error."""
    from playwright.sync_api import Error as PlaywrightError
    from pytest_bdd.exceptions import StepDefinitionNotFoundError

    from portal_harness.portal_api import PortalApiError

    if isinstance(error, AssertionError):
        return "assertion"
    if isinstance(error, StepDefinitionNotFoundError):
        return "test-defect"
    if isinstance(error, PortalApiError):
        return "product"
    if isinstance(error, PlaywrightError):
        message = str(error)
        return "infrastructure" if any(hint in message for hint in _INFRASTRUCTURE_HINTS) else "product"
    if isinstance(error, ConnectionError | urllib.error.URLError | TimeoutError):
        return "infrastructure"
    if isinstance(error, _TEST_DEFECT_TYPES):
        return "test-defect"
    return "test-defect" if type(error).__module__.startswith(("steps", "pages", "data")) else "product"


def first_line(text: str, limit: int = 500) -> str:
    """The message a person reads first: the first non-empty line, shortened."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:limit]
    return ""
