"""Which findings count: codes selected and ignored by prefix, and warnings made errors with --strict.

A project can keep its choice in ``proposal-kit.toml``, looked for in the current folder and its parents up to
the user's home folder, and never inside the drafts being checked (a received folder cannot silence its own
findings)::

    [check]
    select = ["C", "U", "A"]   # only these code prefixes
    ignore = ["C003"]          # never these
    strict = false             # warnings count as errors
"""

from __future__ import annotations

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
    source: str = ""  # the settings file it was read from, if any

    def keeps(self, code: str) -> bool:
        """Whether a finding of `code` is reported; a draft that cannot be read, or a command that could not
        do its work, is always reported."""
        if code.startswith(_ALWAYS_REPORTED):
            return True
        selected = not self.select or code.startswith(self.select)
        return selected and not (self.ignore and code.startswith(self.ignore))

    def apply(self, findings: list[Finding]) -> list[Finding]:
        kept = [f for f in findings if self.keeps(f.code)]
        if self.strict:
            kept = [replace(f, severity=Severity.ERROR) if f.severity is Severity.WARNING else f for f in kept]
        return kept

    def merged(self, select: tuple[str, ...], ignore: tuple[str, ...], strict: bool) -> Selection:
        """This selection with command-line options on top: a --select replaces, --ignore adds; an empty prefix
        (which would match every code) is no prefix."""
        select, ignore = _prefixes(select), _prefixes(ignore)
        return Selection(select or self.select, self.ignore + ignore, self.strict or strict, self.source)


EVERYTHING = Selection()
_ALWAYS_REPORTED = ("L", "E", "K", "M")  # reading a draft, the tool's own errors, settings, the template


def _prefixes(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(v.strip() for v in values if v.strip())


def find_settings(start: Path, checked: tuple[Path, ...] = ()) -> Path | None:
    """The proposal-kit.toml of `start` or the nearest parent, up to the user's home folder where `start` lies
    below it; none inside the `checked` paths."""
    home = Path.home().resolve()
    folders = [start, *start.parents]
    if start.is_relative_to(home):
        folders = folders[: folders.index(home) + 1]
    inside = [c.resolve() for c in checked]
    for folder in folders:
        candidate = folder / SETTINGS_FILE
        if candidate.is_file() and not any(candidate.resolve().is_relative_to(c) for c in inside):
            return candidate
    return None


def load_settings(start: Path, checked: tuple[Path, ...] = ()) -> Selection:
    """The selection proposal-kit.toml sets, or the default one where there is no such file."""
    path = find_settings(start.resolve(), checked)
    if path is None:
        return Selection()
    import tomllib

    try:
        section = tomllib.loads(path.read_text("utf-8")).get("check", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise SettingsError(f"无法读取设置文件「{path}」：{e}", path) from e
    select, ignore, strict = section.get("select", []), section.get("ignore", []), section.get("strict", False)
    if not (_strings(select) and _strings(ignore) and isinstance(strict, bool)):
        raise SettingsError(
            f"设置文件「{path}」的 [check] 中 select、ignore 应为文本列表，strict 应为 true/false", path
        )
    return Selection(_prefixes(select), _prefixes(ignore), strict, str(path))


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)
