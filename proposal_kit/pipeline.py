"""Library calls behind the commands: load → validate → check, each returning values."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from proposal_kit.exceptions import LoadError
from proposal_kit.findings import Finding, Severity, dotted
from proposal_kit.load import Source, load, resolve_inside
from proposal_kit.model import Proposal
from proposal_kit.validate import validate


@dataclass
class Draft:
    """One proposal as checked: where it is, the model if it validated, and every finding."""

    path: Path
    proposal: Proposal | None = None
    findings: list[Finding] = field(default_factory=list)
    source: Source | None = None

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def status(self) -> str:
        if self.proposal is None:
            return "invalid"
        return "fail" if self.errors else "pass"


def check(path: Path | str) -> Draft:
    """Load, validate and run every rule on one proposal; problems become findings, never exceptions."""
    draft = Draft(Path(path))
    try:
        draft.source = load(path)
    except LoadError as e:
        draft.findings.append(Finding(e.code, Severity.ERROR, e.message, "", e.file, e.line, e.column))
        return draft
    draft.proposal, schema_findings = validate(draft.source)
    draft.findings += draft.source.problems + schema_findings
    if draft.proposal is not None:
        draft.findings += attachment_file_problems(draft.proposal, draft.source)
        draft.findings += run_rules(draft.proposal, draft.source)
    return draft


@dataclass
class Built:
    """What `build` made of one proposal: the draft as checked, the files written, and what stopped it."""

    draft: Draft
    outputs: list[Path] = field(default_factory=list)
    refused: str = ""
    pdf_error: str = ""


def build(
    paths: list[Path],
    output_dir: Path,
    *,
    pdf: bool = True,
    force: bool = False,
    template: Path | None = None,
    timeout: float | None = None,
) -> list[Built]:
    """Check each proposal, write its .docx atomically, then convert all of them to PDF in batches."""
    from proposal_kit.convert import DEFAULT_TIMEOUT, Job, convert

    builds = [_build_docx(Path(path), output_dir, force, template) for path in paths]
    jobs = {b.outputs[0]: b for b in builds if b.outputs}
    if pdf and jobs:
        outcomes = convert([Job(docx, docx.with_suffix(".pdf")) for docx in jobs], timeout or DEFAULT_TIMEOUT)
        for outcome in outcomes:
            built = jobs[outcome.job.source]
            if outcome.error:
                built.pdf_error = f"{outcome.error.code}  {outcome.error.message}"
            else:
                built.outputs.append(outcome.job.target)
    return builds


def _build_docx(path: Path, output_dir: Path, force: bool, template: Path | None) -> Built:
    from proposal_kit.render.document import document_title, render_document
    from proposal_kit.writefile import write_atomic

    draft = check(path)
    built = Built(draft)
    if draft.proposal is None:
        built.refused = "组建方案无法读取或不符合格式，未生成文档"
    elif draft.errors and not force:
        built.refused = f"组建方案有 {draft.errors} 个错误，未生成文档（使用 --force 可强制生成）"
    else:
        target = output_dir / f"{document_title(draft.proposal)}.docx"
        write_atomic(target, render_document(draft.proposal, template))
        built.outputs.append(target)
    return built


def attachment_file_problems(proposal: Proposal, source: Source) -> list[Finding]:
    """Attachments that name a file must name one that exists inside the proposal's folder."""
    attachments = proposal.attachments
    named = [(("attachments", "charter", "file"), attachments.charter)]
    named += [(("attachments", "others", i, "file"), a) for i, a in enumerate(attachments.others)]
    findings = []
    for path, attachment in named:
        if attachment is None or attachment.file is None:
            continue
        try:
            resolve_inside(source.folder, attachment.file)
        except LoadError as e:
            where = source.locate(path)
            findings.append(
                Finding(e.code, Severity.ERROR, e.message, dotted(path), where.file, where.line, where.column)
            )
    return findings


def run_rules(proposal: Proposal, source: Source) -> list[Finding]:
    """Every rule of the catalogue applied to a proposal, each hit placed at its file and line."""
    from proposal_kit.rules import all_rules

    findings = []
    for rule in all_rules():
        for path, message in rule.function(proposal):
            where = source.locate(tuple(_parse(path)))
            findings.append(Finding(rule.code, rule.severity, message, path, where.file, where.line, where.column))
    return findings


def _parse(dotted_path: str) -> list[str | int]:
    parts: list[str | int] = []
    for name in dotted_path.replace("]", "").split("."):
        key, *indices = name.split("[")
        parts += [key, *(int(i) for i in indices)]
    return parts
