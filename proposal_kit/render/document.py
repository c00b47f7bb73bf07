"""The Word document: the docxtpl template rendered with the cover's fields, the body and 附件 pages
built in place of the template's ``{{ body }}`` paragraph, and the file's properties set."""

from __future__ import annotations

import io
import os
import re
import secrets
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import parse_xml
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError
from lxml import etree
from lxml.etree import XMLSyntaxError

from proposal_kit.exceptions import TemplateError
from proposal_kit.formats import chinese_date, clean
from proposal_kit.guideline import Guideline
from proposal_kit.guideline import load as load_guideline
from proposal_kit.model import Proposal
from proposal_kit.render.chapters import render_body
from proposal_kit.render.form import render_attachments
from proposal_kit.render.wordml import Blocks, Numbering, Pictures

_PARAGRAPH_START = re.compile(r"<w:p[ >]")


def default_template() -> Path:
    """The template to use: $PROPOSAL_KIT_TEMPLATE if set, else the one shipped in the package."""
    shipped = resources.files("proposal_kit").joinpath("templates", "proposal.docx")
    return Path(os.environ.get("PROPOSAL_KIT_TEMPLATE") or str(shipped))


def document_title(proposal: Proposal) -> str:
    return f"{proposal.center.name}组建方案"


def cover_context(proposal: Proposal, marker: str) -> dict[str, str]:
    """The cover's fields, stripped of characters XML cannot hold (docxtpl escapes the rest), and `marker`
    where the body goes."""
    center = proposal.center
    context = {
        "center_name": center.name,
        "lead_unit": center.lead_unit,
        "partner_units": "、".join(u.name for u in proposal.units.partners),
        "competent_unit": center.competent_unit,
        "prepared_on": chinese_date(center.prepared_on),
        "body": marker,
    }
    return {key: clean(value) for key, value in context.items()}


def render_document(
    proposal: Proposal,
    template: Path | None = None,
    guideline: Guideline | None = None,
    figures: Sequence[Any] | None = None,
) -> bytes:
    """The .docx of `proposal` (by the edition of the guideline it declares, unless `guideline` is given) as
    bytes, with `figures` at their items (by default those drawn from its data); TemplateError where the
    template cannot serve."""
    guideline = guideline or load_guideline(proposal.guideline)
    path = template or default_template()
    marker = f"\u2063{secrets.token_hex(12)}\u2063"  # made afresh, so no text of the proposal can hold it
    try:
        tpl = DocxTemplate(str(path))
        tpl.render(cover_context(proposal, marker), autoescape=True)
    except (PackageNotFoundError, KeyError, ValueError, BadZipFile, XMLSyntaxError, TemplateSyntaxError) as e:
        raise TemplateError(
            f"Word 模板「{path}」无法使用：不是有效的 .docx 文件，或其中的模板标记有误（{e}）", path
        ) from e
    document = tpl.docx
    if figures is None:
        from proposal_kit.figures import figures_for

        figures = figures_for(proposal)[0]
    _build_at_marker(document, proposal, guideline, path, marker, figures)
    _set_properties(document, proposal, guideline)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _build_at_marker(
    document: Any, proposal: Proposal, guideline: Guideline, template: Path, marker: str, figures: Sequence[Any]
) -> None:
    """Build the body and the 附件 pages in place of the template's marker paragraph. The document is joined
    as text and parsed once: moving a large table into the template's parsed tree costs time quadratic in
    its size (18,000 cells: 18 s)."""
    part = document.part
    xml = etree.tostring(part.element, encoding="unicode")
    at = xml.find(marker)
    starts = [m.start() for m in _PARAGRAPH_START.finditer(xml, 0, max(at, 0))]
    if at < 0 or not starts:
        raise TemplateError(f"Word 模板「{template}」中没有正文位置：请保留单独成段的 {{{{ body }}}}", template)
    end = xml.index("</w:p>", at) + len("</w:p>")
    out = Blocks(Numbering(part), pictures=Pictures(part))
    render_body(out, proposal, guideline.outline, figures)
    render_attachments(out, proposal, guideline, figures)
    part._element = parse_xml(xml[: starts[-1]] + out.xml() + xml[end:])


WORD_PROPERTY_LIMIT = 255  # characters: Word refuses longer title, subject, keywords and comments


def _set_properties(document: Any, proposal: Proposal, guideline: Guideline) -> None:
    """The file's properties, each cut to what Word takes: a property is a label, the document says it all."""
    values = {
        "title": document_title(proposal),
        "subject": f"重庆市产业创新中心组建方案（依据{guideline.edition}）",
        "author": proposal.center.lead_unit,
        "last_modified_by": "proposal-kit",
        "keywords": f"产业创新中心;组建方案;{proposal.center.industry}",
        "comments": f"主管单位：{proposal.center.competent_unit}",
        "category": "组建方案",
    }
    properties = document.core_properties
    for name, value in values.items():
        setattr(properties, name, clean(value)[:WORD_PROPERTY_LIMIT])
