"""Errors meant for people: one sentence that names the setting and the fix."""


class HarnessError(Exception):
    """A usage or environment problem. The CLI prints the message alone and exits 2."""
