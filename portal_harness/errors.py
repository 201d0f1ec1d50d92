"""Errors meant for people: one sentence that names the setting and the fix."""


class HarnessError(Exception):
    """A usage or environment problem. The CLI prints the message alone and exits 2."""


# The exit codes every command shares: 0 all good, 1 a scenario failed or regressed, 2 usage or environment.
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
