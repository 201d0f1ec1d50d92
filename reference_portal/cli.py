"""`python -m reference_portal`: serve the reference portal."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from reference_portal.faults import UnknownFaultError, list_faults, parse_fault_list
from reference_portal.migrations import DatabaseReleaseError
from reference_portal.releases import LATEST_RELEASE, RELEASES
from reference_portal.server import LOOPBACK, ServeOptions, StartupError, serve


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m reference_portal",
        description="Serve the Riverbend reference patient portal (HTTP, SMTP sink, HL7 MLLP listener).",
    )
    parser.add_argument("--host", default=LOOPBACK, help="bind address for HTTP and MLLP (default %(default)s)")
    parser.add_argument("--port", type=int, default=8000, help="HTTP port; 0 picks a free one (default %(default)s)")
    parser.add_argument("--mllp-port", type=int, default=2575, help="HL7 MLLP port; 0 picks a free one")
    parser.add_argument("--smtp-port", type=int, default=8025, help="capturing SMTP sink port (loopback); 0 = free")
    parser.add_argument("--release", choices=RELEASES, default=LATEST_RELEASE, help="release to behave as")
    parser.add_argument("--faults", default="", help="comma-separated upgrade faults to enable (see --list-faults)")
    parser.add_argument("--list-faults", action="store_true", help="list the known faults and exit")
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="SQLite database file (default: a fresh temporary one); a file from an older release is upgraded",
    )
    parser.add_argument("--test-mode", action="store_true", help="enable the /__test__/ endpoints")
    parser.add_argument(
        "--admin-token",
        default=os.environ.get("PORTAL_ADMIN_TOKEN"),
        help="bearer token for /api/admin (default $PORTAL_ADMIN_TOKEN; 'test-admin-token' in test mode)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.list_faults:
        for fault in list_faults():
            print(f"{fault.name}\t{fault.area}\t{', '.join(fault.caught_by)}\t{fault.description}")
        return 0
    options = ServeOptions(
        host=args.host,
        port=args.port,
        mllp_port=args.mllp_port,
        smtp_port=args.smtp_port,
        release=args.release,
        faults=parse_fault_list(args.faults),
        db_path=args.db,
        test_mode=args.test_mode,
        admin_token=args.admin_token,
    )
    try:
        return serve(options)
    except (UnknownFaultError, StartupError, DatabaseReleaseError) as error:
        print(f"reference_portal: {error}", file=sys.stderr)
        return 2
