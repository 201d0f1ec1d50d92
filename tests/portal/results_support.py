"""Helpers for the results area's tests: filing results, viewing a record with hand-made
Permissions (so these tests never depend on the proxy area's rules), and an MLLP sender."""

from __future__ import annotations

import re
import socket
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from flask import Flask, g

from reference_portal.access import current_viewer
from reference_portal.interfaces.mllp import END_BLOCK, frame
from reference_portal.portal import EXTENSION_KEY, Portal, current_portal
from reference_portal.services.permissions import Function, Permissions, Relationship, SensitiveCategory

DAY = 86400

# A parent of a 15-year-old who was given full access: every function, no sensitive category.
PARENT_FULL = Permissions(Relationship.PARENT, frozenset(Function), frozenset(), access_level="full")
# A parent of a 12-17-year-old with limited access (DOMAIN.md).
PARENT_LIMITED = Permissions(
    Relationship.PARENT,
    frozenset({Function.MESSAGING, Function.SCHEDULING, Function.IMMUNIZATIONS, Function.ALLERGIES}),
    frozenset(),
    access_level="limited",
)
ADULT_PROXY_WITH_PART2 = Permissions(
    Relationship.ADULT_PROXY, frozenset(Function), frozenset({SensitiveCategory.SUBSTANCE_USE})
)


def portal_of(app: Flask) -> Portal:
    portal = app.extensions[EXTENSION_KEY]
    assert isinstance(portal, Portal)
    return portal


def install_view_override(app: Flask) -> Callable[[str, str, Permissions], None]:
    """Register (before the app's first request) a hook that shows a given account another
    patient's record with given permissions: `view_as(username, patient_id, permissions)`."""
    overrides: dict[str, tuple[str, Permissions]] = {}

    @app.before_request
    def _override_viewer() -> None:
        viewer = current_viewer()
        if viewer is not None and viewer.account.username in overrides:
            patient_id, permissions = overrides[viewer.account.username]
            g.viewer = replace(viewer, subject=current_portal().patients.get(patient_id), permissions=permissions)

    def view_as(username: str, patient_id: str, permissions: Permissions) -> None:
        overrides[username] = (patient_id, permissions)

    return view_as


def file_result(portal: Any, patient: dict[str, Any], expect: int = 201, **fields: Any) -> dict[str, Any]:
    """Staff (or the lab) file a result; `fields` are the admin API's (status is the result's status)."""
    body = {"test_name": "Glucose", "loinc_code": "2345-7", "value": "105", "units": "mg/dL", **fields}
    return dict(portal.admin("POST", f"/patients/{patient['id']}/results", body, status=expect))


def table_rows(html: str) -> list[dict[str, str]]:
    """The results table read by its column headers, as a page object would."""
    table = re.search(r"<table[^>]*results-table.*?</table>", html, re.S)
    if table is None:
        return []
    headers = [_text(cell) for cell in re.findall(r'<th scope="col">(.*?)</th>', table.group(0), re.S)]
    rows = []
    for row in re.findall(r"<tbody>(.*?)</tbody>", table.group(0), re.S)[0].split("</tr>")[:-1]:
        cells = [_text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        rows.append(dict(zip(headers, cells, strict=True)))
    return rows


def definition(html: str, term: str) -> str | None:
    """The text of a <dd> after the <dt> with this term."""
    match = re.search(rf"<dt>{re.escape(term)}</dt>\s*<dd[^>]*>(.*?)</dd>", html, re.S)
    return _text(match.group(1)) if match else None


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


def page_text(html: str) -> str:
    main = re.search(r"<main.*?</main>", html, re.S)
    return _text(main.group(0) if main else html)


# --- HL7 -------------------------------------------------------------------------------------
def msh(kind: str, control_id: str, version: str = "2.5.1", sender: str = "LAB|NORTHLAB") -> str:
    return f"MSH|^~\\&|{sender}|PORTAL|RIVERBEND|20260301140500||{kind}|{control_id}|P|{version}"


# OBR-2 placer, OBR-3 filler, OBR-4 the test, OBR-7 collected, OBR-16 ordering provider, OBR-22 reported,
# OBR-25 status: times are the sender's local time (no offset).
_ORDER_START = "OBR|1|PL-1|FL-1|CBC^Complete blood count^L|||20260301080000"
ORDER = f"{_ORDER_START}|||||||||1234^Reyes^Ana^^^Dr||||||20260301120000|||F"


def oru(
    control_id: str,
    mrn: str,
    observations: list[str],
    *,
    obr: str = ORDER,
    version: str = "2.5.1",
    scope: str | None = None,
) -> str:
    segments = [
        msh("ORU^R01^ORU_R01", control_id, version),
        f"PID|1||{mrn}^^^RIVERBEND^MR||Lopez^Maria||19850412|F",
        obr,
    ]
    segments += observations
    if scope:
        segments.append(f"ZCK|{scope}")
    return "\r".join(segments)


def obx(
    number: int,
    code: str,
    name: str,
    value: str,
    *,
    units: str = "",
    reference: str = "",
    flag: str = "",
    status: str = "F",
    value_type: str = "NM",
    lab: str = "Riverbend Reference Lab",
) -> str:
    fields = [
        "OBX",
        str(number),
        value_type,
        f"{code}^{name}^LN",
        "",
        value,
        units,
        reference,
        flag,
        "",
        "",
        status,
        "",
        "",
        "20260301080000",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        lab,
    ]
    return "|".join(fields)


class MllpSender:
    """One persistent MLLP connection, as an interface engine keeps it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.socket = socket.create_connection(("127.0.0.1", port), timeout=5)

    def send(self, message: str | bytes) -> dict[str, str]:
        self.socket.sendall(frame(message) if isinstance(message, str) else message)
        return self.read_ack()

    def read_ack(self) -> dict[str, str]:
        reply = b""
        while not reply.endswith(END_BLOCK):
            chunk = self.socket.recv(65536)
            assert chunk, "the listener closed the connection"
            reply += chunk
        return parse_ack(reply)

    def close(self) -> None:
        self.socket.close()


def parse_ack(reply: bytes) -> dict[str, str]:
    segments = reply.strip(b"\x0b\x1c\r").decode().split("\r")
    assert len(segments) == 2, segments
    header, msa = (segment.split("|") for segment in segments)
    return {
        "type": header[8],
        "code": msa[1],
        "control_id": msa[2],
        "text": msa[3] if len(msa) > 3 else "",
        "version": header[11],
        "receiver": f"{header[4]}|{header[5]}",
    }
