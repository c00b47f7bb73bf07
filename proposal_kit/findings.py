"""Findings: what a check found, as immutable data with a code, a location and a message."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum

FieldPath = tuple[str | int, ...]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


def dotted(path: FieldPath) -> str:
    """A field path as people write it: ``budget.sources[2].amount``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


@dataclass(frozen=True)
class Finding:
    """One problem found in a proposal, or met while working on it: its code, severity, field, place,
    Chinese message and the clause behind it."""

    code: str
    severity: Severity
    message: str
    field: str = ""
    file: str = ""
    line: int = 0
    column: int = 0
    clause: str = ""  # the guideline clause or standard behind the code
    place: str = ""  # where a reader finds it in the document: 「六、4 资金来源 第2项」

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data

    def location(self) -> str:
        """``file:line:col`` as editors and terminals link it; parts that are unknown are left out."""
        parts = [self.file or "-"]
        if self.line:
            parts += [str(self.line), str(self.column or 1)]
        return ":".join(parts)

    def format_line(self, label: str = "") -> str:
        """The finding as a line of a terminal: 「file:line:col  code  错误  〔place〕message」 (the severity's
        `label` where given), control characters escaped."""
        from proposal_kit.formats import printable

        labelled = f"{label}  " if label else ""
        return printable(f"{self.location()}  {self.code}  {labelled}{self.placed_message()}")

    def placed_message(self) -> str:
        """The message after the place it concerns: 「〔六、4 资金来源〕合计……」."""
        return f"〔{self.place}〕{self.message}" if self.place else self.message
