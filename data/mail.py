"""Reading what a patient receives: the portal's notification emails, from its capturing mail sink."""

from __future__ import annotations

import re
from typing import Any

ONE_TIME_CODE = re.compile(r"\b(\d{6})\b")
SIGN_IN_CODE_SUBJECT = "sign-in code"


def newest_one_time_code(messages: list[dict[str, Any]]) -> str:
    for message in reversed(messages):
        if SIGN_IN_CODE_SUBJECT in message.get("subject", "").lower():
            found = ONE_TIME_CODE.search(message.get("body", ""))
            if found:
                return found.group(1)
    raise LookupError(f"No sign-in code email among {len(messages)} message(s) in the mailbox.")
