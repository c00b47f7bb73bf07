"""What checking and building give back: a draft as checked, and what a build made of it. Reports read these;
the pipeline makes them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from proposal_kit.findings import Finding, Severity
from proposal_kit.model import Proposal


@dataclass
class Draft:
    """One proposal as checked: where it is, what it is, every finding, and the model if it validated."""

    path: Path
    findings: list[Finding] = field(default_factory=list)
    valid: bool = False  # it could be read; the values the schema rejects are findings, the rest is checked
    center: str = ""
    lead_unit: str = ""
    competent_unit: str = ""
    abstract_length: int | None = None
    self_assessment_total: Decimal | None = None  # as counted: the sum of the scores, the bonus capped
    self_assessment_claimed: Decimal | None = None  # as the applicant typed it
    score_profile: list[tuple[str, float, float]] = field(default_factory=list)  # (二级指标, 自评分, 权重)
    filtered: bool = False  # only some codes were reported (--select, --ignore): a pass is a pass of those
    guideline: str = ""  # the edition of the guideline it was checked against
    proposal: Proposal | None = field(default=None, repr=False, compare=False)

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity is Severity.WARNING for f in self.findings)

    @property
    def status(self) -> str:
        if not self.valid:
            return "invalid"
        return "fail" if self.errors else "pass"

    def without_model(self) -> Draft:
        """The same draft without the model, cheap to send between processes."""
        return replace(self, proposal=None)


@dataclass
class Built:
    """What `build` made of one proposal: the draft as checked, the files written, and what stopped it."""

    draft: Draft
    outputs: list[Path] = field(default_factory=list)
    refused: str = ""
    problems: list[Finding] = field(default_factory=list)  # what stopped the build: P and W codes
    report: Path | None = None
    pages: int | None = None  # of the PDF, where one was made
    seconds: float = 0.0  # the time this proposal took, its share of the PDF batch included
    docx: bytes = field(default=b"", repr=False)  # the .docx as rendered, its table of contents not yet filled

    @property
    def findings(self) -> list[Finding]:
        """The draft's findings and the build's own problems."""
        return [*self.draft.findings, *self.problems]
