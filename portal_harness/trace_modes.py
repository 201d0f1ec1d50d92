"""When scenarios are traced, as in Playwright Test's `trace` option (a light module: the CLI imports it).

`retry` (the default) traces only the retry of failed scenarios, which is where a trace is read:
tracing every passing scenario cost about a seventh of the suite's time (`make bench`). `on`
traces every attempt; `off` never traces. Screens and console/HTTP errors are kept on every
failure whatever the mode.
"""

TRACE_MODES = ("retry", "on", "off")
DEFAULT_TRACE_MODE = "retry"


def tracing_wanted(mode: str, attempt: int) -> bool:
    """Whether this attempt's browser contexts are traced under the run's trace mode."""
    return mode == "on" or (mode == "retry" and attempt > 1)
