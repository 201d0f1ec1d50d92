"""Target profiles: `data/targets/<name>.toml` says what a portal is and what it offers.

`--target NAME` picks a profile; `--target path/to/file.toml` one kept elsewhere; a bare URL
gets a profile of its own with environment `unknown` (and the bundled portal's expected
settings, as before profiles existed). The `[target]` table is checked strictly here, because a
typo in it would silently change which scenarios run; the other tables are the organisation's
expected settings, read by `data/expectations.py`.

Credentials live only in environment variables: the profile names them (`*_env` keys), and a
profile that holds a literal secret is refused, so a profile can be committed and shared.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from portal_harness.errors import HarnessError
from portal_harness.paths import project_root

BUNDLED_PROFILE = "demo"
NEEDS = ("admin", "clock", "hl7", "mailbox")
ENVIRONMENTS = ("test", "staging", "production")
UNKNOWN_ENVIRONMENT = "unknown"
PRODUCTS = ("riverbend",)  # page-object sets the suite has
RELEASE_SOURCES = ("version-json", "footer")
CODE_SOURCES = ("sink", "imap", "totp")
CLEANUP_MODES = ("delete", "list")
DEFAULT_ADMIN_TOKEN_ENV = "PORTAL_ADMIN_TOKEN"
# What a target lacking a need lacks, in the words of a skip reason.
MISSING = {
    "admin": "no admin API",
    "clock": "no controllable clock",
    "hl7": "no HL7 endpoint",
    "mailbox": "no mailbox the suite can read one-time codes and emails from",
}
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
_SECRET_KEY = re.compile(r"password|passcode|passphrase|secret|token|api_key|apikey|credential|pin$", re.IGNORECASE)
_HOST_PORT = re.compile(r"^[A-Za-z0-9.\-\[\]:]+:\d{1,5}$")


def targets_dir() -> Path:
    return project_root() / "data" / "targets"


@dataclass(frozen=True)
class ReleaseSource:
    """How the portal's release is read, and the order of release names (oldest first)."""

    source: str = "version-json"
    json_path: str = "release"  # dotted path into the /version document
    footer_pattern: str | None = None  # a regex with one group, matched against the landing page
    order: tuple[str, ...] = ()

    def older(self, release: str, than: str) -> bool:
        """By position in `order` when both are listed; otherwise by the numbers in the names."""
        if release in self.order and than in self.order:
            return self.order.index(release) < self.order.index(than)
        return _numeric_key(release) < _numeric_key(than)


def _numeric_key(release: str) -> tuple[int, ...]:
    """`2026.2` -> (2026, 2); a part that is not a number sorts as 0."""
    return tuple(int(part) if part.isdigit() else 0 for part in re.split(r"[.\-]", release))


@dataclass(frozen=True)
class CodeSource:
    """Where one-time codes and emails come from: environment-variable NAMES only, never values."""

    source: str = "sink"
    imap_host_env: str | None = None
    imap_port_env: str | None = None
    imap_user_env: str | None = None
    imap_password_env: str | None = None
    totp_secret_env: str | None = None


@dataclass(frozen=True)
class Account:
    """A pre-provisioned account: the environment variables holding its username and password."""

    username_env: str
    password_env: str
    totp_secret_env: str | None = None


@dataclass(frozen=True)
class TargetProfile:
    name: str
    path: Path | None  # None for a bare URL
    environment: str
    product: str = "riverbend"
    description: str = ""
    base_url: str | None = None  # None: the harness starts the bundled reference portal
    hl7_endpoint: str | None = None
    offers: frozenset[str] = frozenset(NEEDS)
    cleanup: str = "delete"
    admin_token_env: str = DEFAULT_ADMIN_TOKEN_ENV
    release: ReleaseSource = field(default_factory=ReleaseSource)
    codes: CodeSource = field(default_factory=CodeSource)
    accounts: dict[str, Account] = field(default_factory=dict)
    budgets: dict[str, int] = field(default_factory=dict)  # page (scan_archive.page_key) -> load budget in ms
    visual_mask: tuple[str, ...] = ()  # CSS selectors of dynamic regions masked in visual scans

    @property
    def bundled(self) -> bool:
        return self.base_url is None

    @property
    def expectations_path(self) -> Path:
        """The organisation's expected settings: the profile itself, or the bundled one for a bare URL."""
        return self.path if self.path is not None else targets_dir() / f"{BUNDLED_PROFILE}.toml"

    def lacks(self, needs: list[str]) -> list[str]:
        return [need for need in needs if need not in self.offers]

    def skip_reason(self, lacking: list[str]) -> str:
        """`needs hl7: the target example-external offers no HL7 endpoint`."""
        what = " and ".join(MISSING.get(need, f"no {need}") for need in lacking)
        return f"needs {', '.join(lacking)}: the target {self.name} offers {what}"


def is_url(target: str) -> bool:
    return target.startswith(("http://", "https://"))


def resolve_target(target: str) -> TargetProfile:
    """`demo`, a profile name, a profile file, or a bare URL -> its profile (a HarnessError if bad)."""
    if is_url(target):
        return TargetProfile(name=target, path=None, environment=UNKNOWN_ENVIRONMENT, base_url=target)
    return load_profile(profile_path(target))


def profile_path(target: str) -> Path:
    if target.endswith(".toml"):
        path = Path(target)
        return path if path.is_absolute() else (Path.cwd() / path)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]*", target):
        raise HarnessError(f"--target {target!r} is neither a profile name, a .toml file nor an http(s) URL: fix it.")
    path = targets_dir() / f"{target}.toml"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in targets_dir().glob("*.toml"))) or "none"
        raise HarnessError(
            f"No target profile '{target}' in {targets_dir()} (known: {known}): "
            "give one of those, a URL, or copy data/targets/demo.toml to add it."
        )
    return path


@cache
def read_profile_toml(path: Path) -> dict[str, Any]:
    """A profile file's tables; a missing or malformed file is one sentence naming it and the fix."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise HarnessError(f"No target profile {path}: check the path, or copy data/targets/demo.toml.") from None
    except tomllib.TOMLDecodeError as error:
        raise HarnessError(f"{path} is not valid TOML ({error}): fix that line.") from None


def load_profile(path: Path) -> TargetProfile:
    raw = read_profile_toml(path)
    _refuse_literal_secrets(path, raw, "")
    table = raw.get("target")
    if not isinstance(table, dict):
        raise HarnessError(f"{path} has no [target] table: add one (see data/targets/demo.toml).")
    return _profile(path, _Table(path, "target", table))


def _refuse_literal_secrets(path: Path, table: dict[str, Any], prefix: str) -> None:
    """A key that sounds secret must name an environment variable (`*_env`), never hold the value."""
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            _refuse_literal_secrets(path, value, dotted + ".")
        elif isinstance(value, str) and _SECRET_KEY.search(key) and not key.endswith("_env"):
            raise HarnessError(
                f"{path}: '{dotted}' holds a literal secret: remove it, put the value in an environment "
                f"variable and name that variable with '{key}_env'."
            )


class _Table:
    """One TOML table being read: every key must be used, with the right type."""

    def __init__(self, path: Path, name: str, values: dict[str, Any]) -> None:
        self.path, self.name, self.values = path, name, values
        self.used: set[str] = set()

    def fail(self, key: str, problem: str) -> HarnessError:
        return HarnessError(f"{self.path}: [{self.name}] {key} {problem}.")

    def get(self, key: str, kind: type, default: Any = None) -> Any:
        self.used.add(key)
        if key not in self.values:
            return default
        value = self.values[key]
        if kind is str and not isinstance(value, str):
            raise self.fail(key, f"must be a string, not {value!r}: quote it")
        if kind is list and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise self.fail(key, f'must be a list of strings, like ["a", "b"], not {value!r}')
        if kind is dict and not isinstance(value, dict):
            raise self.fail(key, f"must be a table ([{self.name}.{key}]), not {value!r}")
        return value

    def choice(self, key: str, choices: tuple[str, ...], default: str | None = None) -> str:
        value = self.get(key, str, default)
        if value is None:
            raise self.fail(key, f"is missing: set it to one of {', '.join(choices)}")
        if value not in choices:
            raise self.fail(key, f"is {value!r}: use one of {', '.join(choices)}")
        return str(value)

    def env_name(self, key: str) -> str | None:
        value = self.get(key, str)
        if value is not None and not _ENV_NAME.fullmatch(value):
            raise self.fail(key, f"is {value!r}, not an environment variable name: write one like PORTAL_USER")
        return str(value) if value is not None else None

    def sub(self, key: str) -> _Table:
        return _Table(self.path, f"{self.name}.{key}", self.get(key, dict, {}))

    def done(self) -> None:
        unknown = sorted(set(self.values) - self.used)
        if unknown:
            raise HarnessError(
                f"{self.path}: [{self.name}] has no setting '{unknown[0]}': remove it or fix its spelling "
                "(see data/targets/demo.toml)."
            )


def _profile(path: Path, table: _Table) -> TargetProfile:
    name = table.get("name", str, path.stem)
    environment = table.choice("environment", ENVIRONMENTS)
    product = table.choice("product", PRODUCTS)
    base_url = table.get("base_url", str)
    if base_url is not None and not is_url(base_url):
        raise table.fail("base_url", f"is {base_url!r}: give an http(s) URL, or leave it out for the bundled portal")
    if base_url is None and environment != "test":
        # why: the production guard trusts "test" only for portals the harness starts itself
        raise table.fail(
            "environment", f'is "{environment}" but there is no base_url: the bundled portal is always "test"'
        )
    hl7 = table.get("hl7_endpoint", str)
    if hl7 is not None and not _HOST_PORT.fullmatch(hl7):
        raise table.fail("hl7_endpoint", f"is {hl7!r}: write host:port, like hl7.example.org:2575")
    offers = _offers(table)
    cleanup = table.choice("cleanup", CLEANUP_MODES, "delete" if "admin" in offers else "list")
    if cleanup == "delete" and "admin" not in offers:
        raise table.fail("cleanup", 'is "delete" but the target offers no admin API: use "list"')
    profile = TargetProfile(
        name=name,
        path=path,
        environment=environment,
        product=product,
        description=table.get("description", str, ""),
        base_url=base_url,
        hl7_endpoint=hl7,
        offers=offers,
        cleanup=cleanup,
        admin_token_env=table.env_name("admin_token_env") or DEFAULT_ADMIN_TOKEN_ENV,
        release=_release(table.sub("release")),
        codes=_codes(table.sub("codes")),
        accounts=_accounts(table.sub("accounts")),
        budgets=_budgets(table.sub("budgets")),
        visual_mask=_visual_mask(table.sub("scans")),
    )
    table.done()
    return profile


def _offers(table: _Table) -> frozenset[str]:
    """`offers = ["hl7", "admin"]` or a table `[target.offers] hl7 = true`."""
    raw = table.values.get("offers", list(NEEDS))
    if isinstance(raw, dict):
        sub = table.sub("offers")
        chosen = []
        for need in raw:
            if need not in NEEDS:
                raise sub.fail(need, f"is not something a target offers: use {', '.join(NEEDS)}")
            value = sub.get(need, object)
            if not isinstance(value, bool):
                raise sub.fail(need, "must be true or false")
            if value:
                chosen.append(need)
        return frozenset(chosen)
    listed = table.get("offers", list, list(NEEDS))
    unknown = [need for need in listed if need not in NEEDS]
    if unknown:
        raise table.fail("offers", f"lists {unknown[0]!r}: use only {', '.join(NEEDS)}")
    return frozenset(listed)


def _release(table: _Table) -> ReleaseSource:
    source = table.choice("source", RELEASE_SOURCES, "version-json")
    pattern = table.get("footer_pattern", str)
    if source == "footer":
        if pattern is None:
            raise table.fail("footer_pattern", "is missing: give a regex with one group, like 'Release (\\S+)'")
        try:
            groups = re.compile(pattern).groups
        except re.error as error:
            raise table.fail("footer_pattern", f"is not a regular expression ({error}): fix it") from None
        if groups != 1:
            raise table.fail("footer_pattern", "must have exactly one group: the release name")
    release = ReleaseSource(
        source=source,
        json_path=table.get("json_path", str, "release"),
        footer_pattern=pattern,
        order=tuple(table.get("order", list, [])),
    )
    table.done()
    return release


def _codes(table: _Table) -> CodeSource:
    source = table.choice("source", CODE_SOURCES, "sink")
    codes = CodeSource(
        source=source,
        imap_host_env=table.env_name("imap_host_env"),
        imap_port_env=table.env_name("imap_port_env"),
        imap_user_env=table.env_name("imap_user_env"),
        imap_password_env=table.env_name("imap_password_env"),
        totp_secret_env=table.env_name("totp_secret_env"),
    )
    table.done()
    if source == "imap" and not (codes.imap_host_env and codes.imap_user_env and codes.imap_password_env):
        raise table.fail("source", "is imap: also name imap_host_env, imap_user_env and imap_password_env")
    if source == "totp" and not codes.totp_secret_env:
        raise table.fail("source", "is totp: also name totp_secret_env")
    return codes


def _accounts(table: _Table) -> dict[str, Account]:
    accounts: dict[str, Account] = {}
    for persona in list(table.values):
        entry = table.sub(persona)
        username_env, password_env = entry.env_name("username_env"), entry.env_name("password_env")
        if not (username_env and password_env):
            raise entry.fail("username_env", "and password_env are both needed: name the environment variables")
        accounts[persona] = Account(username_env, password_env, entry.env_name("totp_secret_env"))
        entry.done()
    return accounts


def _budgets(table: _Table) -> dict[str, int]:
    """`"/results" = 500`: a page's load budget in milliseconds (checked when speed is scanned)."""
    budgets: dict[str, int] = {}
    for page in list(table.values):
        value = table.get(page, object)
        if not page.startswith("/"):
            raise table.fail(f'"{page}"', 'is not a page: write its route, like "/results/{id}" = 800')
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise table.fail(f'"{page}"', f"must be a whole number of milliseconds above 0, not {value!r}")
        budgets[page] = value
    table.done()
    return budgets


def _visual_mask(table: _Table) -> tuple[str, ...]:
    """`[target.scans] visual_mask = ["time", ".patient-name"]`: dynamic regions painted over."""
    mask = tuple(table.get("visual_mask", list, []))
    table.done()
    return mask
