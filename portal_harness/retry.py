"""Tell flaky from broken by evidence: a failed scenario row is run once more, and both attempts are kept.

A row that failed and then passed is `flaky`: never a regression, never silently "passed"; its
message and evidence are the failure's. A row that failed twice stays `failed` with the latest
failure's message and evidence (as Playwright Test reports the last retry), the first attempt's
kept in `attempts`. Retries are diagnostic, not a cure.
"""

from __future__ import annotations

from dataclasses import replace

from portal_harness.summary import ScenarioResult, Summary

# More failures than this is not flakiness: the portal or the browser is broken, and a second
# pass would only double the time to say so.
MAX_RETRIED_IDS = 25


def ids_to_retry(summary: Summary) -> list[str]:
    """The ids with a failed row, in the order they ran."""
    ids: list[str] = []
    for result in summary.results:
        if result.status == "failed" and result.id not in ids:
            ids.append(result.id)
    return ids


def merge_retry(first: Summary, retry: Summary) -> Summary:
    """The run's summary after the retry pass: each failed row meets its second attempt.

    Rows that passed the first time keep their result even when the retry ran them again (the
    retry selects by id, so an Outline's other rows come along).
    """
    second = {result.row_key: result for result in retry.results}
    merged: list[ScenarioResult] = []
    for result in first.results:
        again = second.get(result.row_key)
        if result.status != "failed" or again is None or again.status == "skipped":
            merged.append(result)
            continue
        attempts = [result.as_attempt(), again.as_attempt()]
        if again.status == "passed":
            merged.append(replace(result, status="flaky", attempts=attempts))
        else:  # failed twice: the latest failure speaks for the row, the first stays in `attempts`
            evidence = again.evidence or result.evidence
            merged.append(replace(again, status="failed", attempts=attempts, evidence=evidence))
    return replace(first, results=merged)
