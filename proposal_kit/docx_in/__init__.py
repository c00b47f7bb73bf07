"""Word drafts read into the same Source a proposal folder gives: the outline found by its headings, each
part's text as Markdown, the cover's names and date, and a place in the document (「六、4 第3段」) for every
field, so that every rule runs on a Word draft and its findings point into the document."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from proposal_kit.codes import finding
from proposal_kit.docx_in.blocks import Block, Paragraph, Table, read_blocks
from proposal_kit.docx_in.content import markdown, split
from proposal_kit.docx_in.cover import read_cover
from proposal_kit.docx_in.form import is_form, read_evidence, read_form
from proposal_kit.docx_in.outline import Found, alike, find_outline, headings
from proposal_kit.docx_in.structured import PARTNER_SPECS, Taken, attachments, take
from proposal_kit.exceptions import LoadError
from proposal_kit.findings import FieldPath
from proposal_kit.guideline import DEFAULT_EDITION, Guideline
from proposal_kit.guideline import load as load_guideline
from proposal_kit.load import Location, Source
from proposal_kit.model.sections import Center, Functions, Mechanisms

MAX_DOCX_BYTES = 50 * 1024 * 1024

#: Where the prose of an outline item goes when the item is more than prose in the model.
PROSE_OF: dict[str, FieldPath] = {
    "units.lead": ("units", "lead", "profile"),
    "units.achievements": ("units", "achievements", "overview"),
    "directions.goals": ("directions", "goals", "overview"),
    "organization.personnel": ("organization", "personnel", "team"),
    "construction.location": ("construction", "location", "description"),
    "construction.schedule": ("construction", "schedule", "overview"),
    "construction.funding": ("construction", "funding", "overview"),
}
_ATTACHMENT_LABEL = re.compile(r"^附件\s*\d+\s*$")


class DocumentSource(Source):
    """A Source read from a Word draft: no lines, but the place in the document of every part it found."""

    def __init__(
        self, path: Path, data: dict[str, Any], places: dict[FieldPath, str], missing: list[str] | None = None
    ) -> None:
        super().__init__(path.parent, path, data, {})
        self.places = places
        self.missing = missing or []  # the parts of the outline (「background.key_problems」) not found

    def locate(self, path: FieldPath) -> Location:
        return Location(str(self.path), 0, 0)

    def locate_line(self, path: FieldPath, line: int) -> Location:
        return Location(str(self.path), 0, 0)

    def place(self, path: FieldPath, line: int | None = None) -> str:
        """「六、4」 for a field of item 六.4, 「六、4 第3段」 for a line of its text."""
        for end in range(len(path), 0, -1):
            found = self.places.get(path[:end])
            if found:
                break
        else:
            return ""
        text = _value_at(self.data, path)
        if line is None or not isinstance(text, str):
            return found
        paragraph = len([p for p in re.split(r"\n\s*\n", "\n".join(text.split("\n")[: line + 1])) if p.strip()])
        return f"{found} 第{max(paragraph, 1)}段"


def read_document(path: Path | str, content: bytes | None = None, guideline: Guideline | None = None) -> DocumentSource:
    """A Word draft (.docx, or the .docx `content` a .doc was converted to) as a Source; LoadError where it is
    no Word document."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    path = Path(path)
    if path.stat().st_size > MAX_DOCX_BYTES:
        raise LoadError("L002", f"文件「{path.name}」超过 {MAX_DOCX_BYTES // 1024 // 1024} MB 的上限", path)
    try:
        document = docx.Document(io.BytesIO(content) if content is not None else str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise LoadError("L014", f"「{path.name}」不是可以读取的 Word 文档（.docx）：{e}", path) from e
    return DocumentReader(read_blocks(document), guideline or load_guideline()).source(path)


def read_pdf(path: Path | str, guideline: Guideline | None = None) -> DocumentSource:
    """A text PDF draft as a Source: its outline, prose and cover as far as its text shows them."""
    from proposal_kit.docx_in.pdf import pdf_blocks

    path = Path(path)
    return DocumentReader(pdf_blocks(path), guideline or load_guideline()).source(path)


class DocumentReader:
    """Blocks to the data of a proposal and the place of each part."""

    def __init__(self, blocks: list[Block], guideline: Guideline) -> None:
        blocks = without_figures(blocks)
        self.all_blocks = blocks
        self.blocks = _before_attachment_pages(blocks)
        self.guideline = guideline
        self.found: Found = find_outline(self.blocks, guideline.outline)
        self.inner = {h.block: h for h in headings(blocks)}  # the body's and the 附件 pages' sub-headings
        self.data: dict[str, Any] = {"guideline": DEFAULT_EDITION}
        self.places: dict[FieldPath, str] = {}

    def source(self, path: Path) -> DocumentSource:
        self._cover()
        for part in self.found.parts.values():
            self._part(part.field, self.blocks[part.start : part.end], part.place)
        self._form()
        source = DocumentSource(path, self.data, self.places, self.found.missing)
        for heading in self.found.unmatched:
            message = f"标题「{heading.title.strip()}」不对应附件1 提纲中的任何一项，其下内容没有检查"
            source.problems.append(replace(finding("R002", message, file=str(path)), place=f"第{heading.block + 1}段"))
        return source

    def _cover(self) -> None:
        cover = read_cover(self.blocks[: self.found.cover_end])
        center = {key: cover[key] for key in ("name", "lead_unit", "competent_unit", "prepared_on") if key in cover}
        if center:
            self._set(("center",), center, "封面")
        partners = cover.get("partners")
        if partners:
            self._set(("units", "partners"), [{"name": name} for name in partners], "封面")  # type: ignore[union-attr]

    def _part(self, field: str, blocks: list[Block], place: str) -> None:
        path = tuple(field.split("."))
        self.places[path] = place
        if field == "units.partners":
            self._partners(blocks, place)
            return
        taken = take(field, blocks, self.inner)
        self._take(taken, place)
        blocks = taken.prose
        lead_name = _at(self.data, ("center", "lead_unit"))
        if field == "units.lead" and (taken.values or blocks) and lead_name:
            self.data.setdefault("units", {}).setdefault("lead", {}).setdefault("name", lead_name)
        if field == "organization.structure":
            titles = {name: info.title or name for name, info in Functions.model_fields.items()}
            titles["legal_form_note"] = Center.model_fields["legal_form_note"].title or ""
            texts = split(blocks, self.inner, titles, "structure")
            self._set(path, texts.pop("structure", ""), place)
            self._set(("center", "legal_form_note"), texts.pop("legal_form_note", ""), place)
            for name, text in texts.items():
                self._set(("organization", "functions", name), text, place)
        elif field == "organization.mechanisms":
            titles = {name: info.title or name for name, info in Mechanisms.model_fields.items()}
            for name, text in split(blocks, self.inner, titles, "operation").items():
                self._set((*path, name), text, place)
        elif field == "construction.benefits":
            titles = {"economic": "经济效益", "social": "社会效益", "risks": "风险分析"}
            texts = split(blocks, self.inner, titles, "economic")
            risks = texts.pop("risks", "")
            for name, text in texts.items():
                self._set((*path, name), text, place)
            if risks:
                self._set(("construction", "risks", "overview"), risks, place)
        elif field == "attachments.charter":
            found = attachments(blocks, self.inner, one=True)
            if found:
                self._set(path, found[0], place)
        elif field == "attachments.others":
            self._set(path, attachments(blocks, self.inner), place)
        else:
            self._set(PROSE_OF.get(field, path), markdown(blocks, self.inner), place)

    def _form(self) -> None:
        """The 附件2 form wherever it is (a table with indicator and score columns), and the evidence
        registries from below it to the next attachment."""
        at = next((b.index for b in self.all_blocks if isinstance(b, Table) and is_form(b)), None)
        if at is None:
            return
        found, places = read_form(self.all_blocks[at], self.guideline.indicators)  # type: ignore[arg-type]
        if found:
            self._set(("self_assessment",), found, "附件2")
            self.places.update(places)
        rest = self.all_blocks[at + 1 :]
        end = next(
            (i for i, b in enumerate(rest) if isinstance(b, Paragraph) and _ATTACHMENT_LABEL.match(b.text)), None
        )
        self._take(read_evidence(rest[:end], self.inner), "附件2 佐证材料清单")

    def _take(self, taken: Taken, place: str) -> None:
        for path, value in taken.values.items():
            self._set(path, value, place)
        for path, row in taken.rows.items():
            self.places[path] = f"{place} {row}"

    def _partners(self, blocks: list[Block], place: str) -> None:
        """The partners: those the cover names and those the table of partners lists, each with the facts,
        contribution and profile of the section under a sub-heading that names it."""
        taken = take("units.partners", blocks, self.inner)
        listed = taken.values.get(("units", "partners"))
        partners = listed or _at(self.data, ("units", "partners")) or []  # the table, as typed, over the cover
        for index in range(len(listed or [])):
            self.places[("units", "partners", index)] = f"{place} {taken.rows[('units', 'partners', index)]}"
        for at, section in self._partner_sections(taken.prose, partners).items():
            facts = take("", section, self.inner, PARTNER_SPECS)
            partners[at].update(facts.values.get(("unit",), {}))
            text = markdown(facts.prose, self.inner)
            if text:
                partners[at]["profile"] = text
            self.places.setdefault(("units", "partners", at), f"{place}「{partners[at]['name']}」")
        if partners:
            self._set(("units", "partners"), partners, place)

    def _partner_sections(self, blocks: list[Block], partners: list[dict[str, Any]]) -> dict[int, list[Block]]:
        sections: dict[int, list[Block]] = {}
        current = None
        for block in blocks:
            heading = self.inner.get(block.index)
            if heading is not None:
                current = _best_partner(heading.title, partners, set(sections))
                if current is None and re.search(r"(公司|大学|学院|研究院|研究所|中心)$", heading.title.strip()):
                    partners.append({"name": heading.title.strip()})
                    current = len(partners) - 1
                if current is not None:
                    continue
            if current is not None:
                sections.setdefault(current, []).append(block)
        return sections

    def _set(self, path: FieldPath, value: Any, place: str) -> None:
        if value in ("", None, [], {}):
            return
        target = self.data
        for step in path[:-1]:
            target = target.setdefault(step, {})
        if isinstance(value, dict) and isinstance(target.get(path[-1]), dict):
            target[path[-1]].update(value)
        else:
            target[path[-1]] = value
        self.places.setdefault(path, place)


_FIGURE_CAPTION = re.compile(r"^图\s*\d+\s")
_FIGURE_REFERENCE = re.compile(r"见图\s*\d+。$")


def without_figures(blocks: list[Block]) -> list[Block]:
    """The blocks without the captions of figures (「图1 创新中心组织架构」 in a caption style) and the sentence
    right before one that only points at it (「……见图1。」), numbered afresh: figures are drawn, not written."""
    kept: list[Block] = []
    for block in blocks:
        caption = isinstance(block, Paragraph) and (
            block.style.lower() in ("figure caption", "caption", "题注") and _FIGURE_CAPTION.match(block.text)
        )
        if not caption:
            kept.append(block)
            continue
        last = kept[-1] if kept else None
        if isinstance(last, Paragraph) and len(last.text) <= 60 and _FIGURE_REFERENCE.search(last.text):
            kept.pop()
    return [replace(block, index=index) for index, block in enumerate(kept)]


def _best_partner(name: str, partners: list[dict[str, Any]], taken: set[int] = frozenset()) -> int | None:  # type: ignore[assignment]
    """The partner `name` names, one not `taken` before one that is (a name listed twice has two sections)."""
    scored = [(alike(name, p.get("name", "")), i not in taken, -i, i) for i, p in enumerate(partners)]
    score, _, _, index = max(scored, default=(0.0, False, 0, -1))
    return index if score >= 0.8 else None


def _before_attachment_pages(blocks: list[Block]) -> list[Block]:
    """The blocks up to the pages of 附件1 材料 and 附件2 自评表 that follow the body (read on their own)."""
    for block in blocks:
        if isinstance(block, Paragraph) and _ATTACHMENT_LABEL.match(block.text) and block.index > 0:
            return blocks[: block.index]
    return blocks


def _at(data: dict[str, Any], path: FieldPath) -> Any:
    value: Any = data
    for step in path:
        if not isinstance(value, dict) or step not in value:
            return None
        value = value[step]
    return value


def _value_at(data: Any, path: FieldPath) -> Any:
    value = data
    for step in path:
        if isinstance(value, dict):
            value = value.get(step)
        elif isinstance(value, list) and isinstance(step, int) and step < len(value):
            value = value[step]
        else:
            return None
    return value
