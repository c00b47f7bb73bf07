"""Library calls behind the commands: load → validate → check, each returning values."""

from __future__ import annotations

import contextlib
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proposal_kit.assessment import totals
from proposal_kit.codes import finding
from proposal_kit.exceptions import DocumentTooLarge, LoadError, os_problem
from proposal_kit.figures import score_profile
from proposal_kit.findings import Finding, dotted
from proposal_kit.guideline import DEFAULT_EDITION, Guideline
from proposal_kit.guideline import load as load_guideline
from proposal_kit.load import WORD_SUFFIXES, Source, load
from proposal_kit.model import Proposal
from proposal_kit.places import place_of
from proposal_kit.printed import abstract_words
from proposal_kit.results import Built, Draft
from proposal_kit.salvage import BrokenValue, salvage
from proposal_kit.selection import EVERYTHING, Selection
from proposal_kit.validate import validate

if TYPE_CHECKING:
    from proposal_kit.convert import Converter


def check(path: Path | str, selection: Selection = EVERYTHING, fonts: bool = False) -> Draft:
    """Load, validate and run every rule on one proposal; problems become findings, never exceptions. With
    `fonts`, also report the characters no font of the PDF conversion can draw."""
    draft = Draft(Path(path))
    try:
        source = read(Path(path))
    except LoadError as e:
        draft.findings = selection.apply([finding(e.code, e.message, "", e.file, e.line, e.column)])
        return draft  # unreadable: the report says 无法读取
    try:
        findings = _check_source(draft, source, fonts)
    except Exception as e:  # a defect of the tool costs this draft its check, never the batch its report
        problem = f"检查这份草稿时程序出错（{type(e).__name__}：{e}），请把草稿发给开发者；其余草稿照常检查"
        findings = [finding("E001", problem, file=str(source.path))]
    draft.findings = selection.apply(findings)
    draft.filtered = bool(selection.select or selection.ignore)
    return draft


def read(path: Path) -> Source:
    """The Source of a proposal folder, its proposal.yaml, or a Word draft."""
    suffix = path.suffix.lower()
    if suffix not in WORD_SUFFIXES or not path.is_file():
        return load(path)
    from proposal_kit.docx_in import read_document, read_pdf

    if suffix == ".pdf":
        return read_pdf(path)
    if suffix == ".doc":
        from proposal_kit.convert import ConversionError, word97_to_docx

        try:
            return read_document(path, word97_to_docx(path))
        except ConversionError as e:
            raise LoadError("L014", f"无法读取「{path.name}」：{e.message}", path) from e
    return read_document(path)


def _check_source(draft: Draft, source: Source, fonts: bool) -> list[Finding]:
    draft.proposal, schema_findings = validate(source)
    findings = source.problems + [_unrecognised(f, source) for f in schema_findings]
    checked = draft.proposal or salvage(source.data)
    draft.valid = True  # read, if not wholly valid: the rules run on every value the schema accepts
    guideline = load_guideline(checked.guideline if isinstance(checked.guideline, str) else DEFAULT_EDITION)
    findings += run_rules(checked, source, guideline, salvaged=draft.proposal is None)
    if fonts:
        findings += glyph_problems(checked, source)
    _describe(draft, checked, source.data, guideline)
    return [replace(f, place=f.place or place_of(f.field, guideline.outline, checked)) for f in findings]


def _unrecognised(found: Finding, source: Source) -> Finding:
    """A required value missing from a Word draft was not recognised there, rather than left out: R001."""
    if found.code != "S001" or source.path.suffix == ".yaml" or source.path.is_dir():
        return found
    message = f"未能从草稿中识别「{found.message.split('「')[1].split('」')[0]}」，与之相关的检查没有进行"
    return finding("R001", message, found.field, found.file, found.line, found.column)


def _describe(draft: Draft, proposal: Proposal, data: dict[str, Any], guideline: Guideline) -> None:
    """What the reports show of a draft beside its findings; names as written, figures where they can be had."""
    _describe_raw(draft, data)
    draft.guideline = guideline.edition
    with contextlib.suppress(BrokenValue):
        draft.abstract_length = abstract_words(proposal)
    with contextlib.suppress(BrokenValue):
        draft.self_assessment_total = totals(proposal.self_assessment, guideline.indicators).total
    with contextlib.suppress(BrokenValue):
        rows = score_profile(proposal, guideline)
        draft.score_profile = [(name, float(score), float(weight)) for name, score, weight in rows]
    with contextlib.suppress(BrokenValue):
        claimed = proposal.self_assessment.total
        draft.self_assessment_claimed = claimed if isinstance(claimed, Decimal) else None  # not a Broken stand-in


def _describe_raw(draft: Draft, data: dict[str, Any]) -> None:
    """What an invalid draft says of itself, read from the data as written."""
    center = data.get("center") if isinstance(data.get("center"), dict) else {}
    draft.center, draft.lead_unit, draft.competent_unit = (
        str(center.get(key) or "") for key in ("name", "lead_unit", "competent_unit")
    )


def build(
    paths: list[Path],
    output_dir: Path,
    *,
    pdf: bool = True,
    force: bool = False,
    template: Path | None = None,
    timeout: float | None = None,
    selection: Selection = EVERYTHING,
    converter: Converter | None = None,
) -> list[Built]:
    """Check each proposal, write its .docx atomically, then convert all of them to PDF (unless not `pdf`). The
    PDFs are made by `converter` where the caller started one (ideally before this, as the CLI does), else by
    one started here, which starts LibreOffice while the .docx files are rendered."""
    if pdf and converter is None:
        from proposal_kit.convert import DEFAULT_TIMEOUT, Converter

        with Converter(timeout or DEFAULT_TIMEOUT, len(paths)) as started:
            return _build(paths, output_dir, force, template, selection, started)
    return _build(paths, output_dir, force, template, selection, converter if pdf else None)


def _build(
    paths: list[Path],
    output_dir: Path,
    force: bool,
    template: Path | None,
    selection: Selection,
    converter: Converter | None,
) -> list[Built]:
    from proposal_kit.convert import Job, pdf_pages

    pdf = converter is not None
    taken: set[str] = set()
    builds = [_build_docx(Path(path), output_dir, force, template, selection, pdf, taken) for path in paths]
    jobs = {b.outputs[0]: b for b in builds if b.outputs}
    if converter is not None and jobs:
        started = time.perf_counter()
        outcomes = converter.convert([Job(docx, docx.with_suffix(".pdf")) for docx in jobs])
        share = (time.perf_counter() - started) / len(jobs)
        for outcome in outcomes:
            built = jobs[outcome.job.source]
            target = outcome.job.target
            if outcome.error:
                built.problems.append(finding(outcome.error.code, outcome.error.message, file=str(target)))
                if target.exists():
                    stale = f"「{target.name}」是此前生成的，与本次的 Word 文档不一致，请勿使用；转换成功后会被替换"
                    built.problems.append(finding("P006", stale, file=str(target)))
            else:
                built.outputs.append(target)
                _fill_contents(built, outcome.job.source, outcome.contents)
                built.pages = pdf_pages(target)
            built.docx = b""
            built.seconds += share
    for built in builds:
        _write_report(built)
    return builds


def _write_report(built: Built) -> None:
    """The check report beside the outputs, with the build's own problems (a PDF not made, a file not
    written) and what was made: 字数, 自评总分, the files, the PDF's pages, the time."""
    from proposal_kit.report import Format, render_report
    from proposal_kit.writefile import write_atomic

    if not built.report:
        return
    text = render_report(Format.TEXT, [replace(built.draft, findings=built.findings)]).decode("utf-8")
    with contextlib.suppress(OSError):  # the report that is there already says the rest
        write_atomic(built.report, (text + _made(built)).encode("utf-8"))


def _made(built: Built) -> str:
    from proposal_kit.report import abstract_limit, totals_text

    draft = built.draft
    lines = ["", "生成情况："]
    if draft.abstract_length is not None:
        lines.append(f"  摘要 {draft.abstract_length:,} 字（上限 {abstract_limit(draft):,} 字，按 Word 字数统计）")
    if totals_text(draft):
        lines.append(f"  自评总分 {totals_text(draft)}")
    for output in built.outputs:
        pages = f"，共 {built.pages} 页" if output.suffix == ".pdf" and built.pages else ""
        lines.append(f"  {'PDF' if output.suffix == '.pdf' else 'Word'}：{output.name}{pages}")
    if built.refused:
        lines.append(f"  未生成文档：{built.refused}")
    lines.append(f"  用时 {built.seconds:.1f} 秒" + ("（含 PDF 转换）" if built.pages else ""))
    return "\n".join(lines) + "\n"


def _fill_contents(built: Built, docx: Path, contents: str) -> None:
    """Give the delivered .docx the table of contents, page numbers included, that the PDF has. The .docx is
    filled from the bytes this build rendered: another build may have replaced the file meanwhile."""
    from proposal_kit.render.contents import fill_contents
    from proposal_kit.writefile import write_atomic

    if not contents or not built.docx:
        return
    try:
        write_atomic(docx, fill_contents(built.docx, contents))
    except OSError as e:
        message = f"无法写入「{docx}」：{os_problem(e)}；Word 文档中的目录未填入页码"
        built.problems.append(finding("W001", message, file=str(docx)))


REPORT_SUFFIX, DOCX_SUFFIX = "组建方案检查报告.txt", "组建方案.docx"


def _build_docx(
    path: Path, output_dir: Path, force: bool, template: Path | None, selection: Selection, pdf: bool, taken: set[str]
) -> Built:
    from proposal_kit.figures import figures_for
    from proposal_kit.render.document import render_document
    from proposal_kit.report import Format, render_report
    from proposal_kit.writefile import write_atomic

    started = time.perf_counter()
    draft = check(path, selection, fonts=pdf)
    built = Built(draft)
    stem = _file_stem(built, draft.center or path.resolve().name, taken)
    report = output_dir / f"{stem}{REPORT_SUFFIX}"
    try:
        write_atomic(report, render_report(Format.TEXT, [draft]))
        built.report = report
        if draft.proposal is None:
            built.refused = "组建方案无法读取或不符合格式，未生成文档"
        elif draft.errors and not force:
            built.refused = f"组建方案有 {draft.errors} 个错误，未生成文档（使用 --force 可强制生成）"
        else:
            target = output_dir / f"{stem}{DOCX_SUFFIX}"
            figures, problems = figures_for(draft.proposal, _folder_of(path))
            built.problems += problems
            rendered = render_document(draft.proposal, template, load_guideline(draft.proposal.guideline), figures)
            write_atomic(target, rendered)
            built.outputs.append(target)
            built.docx = rendered if pdf else b""
    except DocumentTooLarge as e:
        built.problems.append(finding(e.code, e.message, file=str(path)))
        built.refused = f"文档过大，未生成（{e.code}）"
    except OSError as e:
        message = f"无法写入输出文件夹「{output_dir}」：{os_problem(e)}；原有文件保持不变"
        built.problems.append(finding("W001", message, file=str(output_dir)))
    built.seconds = time.perf_counter() - started
    return built


def _folder_of(path: Path) -> Path:
    """The proposal's folder, where its own images are: the folder given, or the one holding proposal.yaml."""
    return path if path.is_dir() else path.parent


def _file_stem(built: Built, name: str, taken: set[str]) -> str:
    """The start of the output files' names (the centre's name), made a safe file name short enough for the
    longest of them, and numbered where another draft of this build has it (W003, W002 say so)."""
    from proposal_kit.writefile import safe_filename, unique_filename

    whole, shortened, number = unique_filename(name, REPORT_SUFFIX, taken)
    stem = whole.removesuffix(REPORT_SUFFIX)
    if shortened:
        built.problems.append(
            finding("W003", f"名称过长，输出文件名已截短为「{safe_filename(name, REPORT_SUFFIX)[0]}」")
        )
    if number > 1:
        built.problems.append(finding("W002", f"另一份草稿的名称相同，这一份的文件名加了序号：「{stem}」"))
    return stem


def glyph_problems(proposal: Proposal, source: Source) -> list[Finding]:
    """P005 for each character of the proposal that no font the PDF conversion uses can draw."""
    from proposal_kit.coverage import installed_coverage, uncovered
    from proposal_kit.model.walk import texts

    coverage = installed_coverage()
    if coverage is None:
        return []
    findings = []
    for path, text in texts(proposal):
        for line, char in uncovered(text, coverage):
            where = source.locate_line(path, line)
            message = (
                f"字符「{char}」（U+{ord(char):04X}）在本机所有字体中都没有字形，PDF 中将印为空白或方框；"
                "请改用常用字，或安装包含该字的字体后重新生成"
            )
            findings.append(finding("P005", message, dotted(path), where.file, where.line, where.column))
    return findings


def run_rules(proposal: Proposal, source: Source, guideline: Guideline, salvaged: bool = False) -> list[Finding]:
    """Every rule of the catalogue applied to a proposal, each hit placed at its file and line. On a `salvaged`
    proposal, a rule that reads a value the schema rejected is left out: the schema's finding says what is
    wrong there (Python's own functions, such as re.match, refuse the stand-in with a TypeError)."""
    from proposal_kit.rules import all_rules

    findings = []
    for rule in all_rules():
        try:
            hits = list(rule.function(proposal, guideline))
        except (BrokenValue, TypeError):
            if not salvaged:
                raise
            continue
        for path, message, *line in hits:
            where = source.locate_line(path, line[0]) if line else source.locate(path)
            place = source.place(path, line[0] if line else None)
            field = dotted(path)
            findings.append(
                Finding(
                    rule.code, rule.severity, message, field, where.file, where.line, where.column, rule.clause, place
                )
            )
    return findings
