"""Which findings count: codes selected and ignored by prefix, and warnings made errors with --strict.

A project can keep its choice in ``proposal-kit.toml`` (looked for in the current folder and its parents)::

    [check]
    select = ["C", "U", "A"]   # only these code prefixes
    ignore = ["C003"]          # never these
    strict = false             # warnings count as errors
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from proposal_kit.exceptions import ProposalKitError
from proposal_kit.findings import Finding, Severity

SETTINGS_FILE = "proposal-kit.toml"


class SettingsError(ProposalKitError):
    """Raised when proposal-kit.toml cannot be read or holds the wrong kind of value."""

    code = "K001"


@dataclass(frozen=True)
class Selection:
    """The codes to report (by prefix), the codes to leave out, and whether warnings are errors."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    strict: bool = False

    def keeps(self, code: str) -> bool:
        selected = not self.select or code.startswith(self.select)
        return selected and not (self.ignore and code.startswith(self.ignore))

    def apply(self, findings: list[Finding]) -> list[Finding]:
        kept = [f for f in findings if self.keeps(f.code)]
        if self.strict:
            kept = [replace(f, severity=Severity.ERROR) if f.severity is Severity.WARNING else f for f in kept]
        return kept

    def merged(self, select: tuple[str, ...], ignore: tuple[str, ...], strict: bool) -> Selection:
        """This selection with command-line options on top: a --select replaces, --ignore adds."""
        return Selection(tuple(select) or self.select, self.ignore + tuple(ignore), self.strict or strict)


EVERYTHING = Selection()


def find_settings(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        candidate = folder / SETTINGS_FILE
        if candidate.is_file():
            return candidate
    return None


def load_settings(start: Path) -> Selection:
    """The selection proposal-kit.toml sets, or the default one where there is no such file."""
    path = find_settings(start.resolve())
    if path is None:
        return Selection()
    try:
        section = tomllib.loads(path.read_text("utf-8")).get("check", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise SettingsError(f"无法读取设置文件「{path}」：{e}", path) from e
    select, ignore, strict = section.get("select", []), section.get("ignore", []), section.get("strict", False)
    if not (_strings(select) and _strings(ignore) and isinstance(strict, bool)):
        raise SettingsError(
            f"设置文件「{path}」的 [check] 中 select、ignore 应为文本列表，strict 应为 true/false", path
        )
    return Selection(tuple(select), tuple(ignore), strict)


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)
