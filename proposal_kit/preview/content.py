"""What the preview prints of each part of the proposal: the cover, then each outline item and the 附件 pages
through the document's own renderers (`render.chapters`, `render.form`), which write to any builder with the
methods of `Blocks`; here to `Html`, so the preview shows what the .docx prints, table for table."""

from __future__ import annotations

from proposal_kit.formats import chinese_date
from proposal_kit.guideline import Guideline
from proposal_kit.model import Proposal
from proposal_kit.model.evidence import Evidence
from proposal_kit.preview.html import Html
from proposal_kit.render.chapters import renderer
from proposal_kit.render.form import render_documents, render_evidence, render_form


def print_field(out: Html, proposal: Proposal, field: str) -> None:
    """The content of the outline part `field` names, as the document prints it."""
    renderer(field)(out, proposal)  # type: ignore[arg-type]


def print_cover(out: Html, proposal: Proposal) -> None:
    """The cover as the template prints it: the centre's name, 组建方案, the units and the date."""
    center = proposal.center
    out.markup('<div class="cover-title">')
    out.paragraph("CoverTitle", center.name)
    out.paragraph("CoverTitle", "组建方案")
    out.markup("</div>")
    out.labelled("牵头单位", center.lead_unit)
    out.labelled("共建单位", "、".join(u.name for u in proposal.units.partners))
    out.labelled("主管单位", center.competent_unit)
    out.paragraph("CoverDate", chinese_date(center.prepared_on))


def print_documents(out: Html, proposal: Proposal) -> None:
    """附件1: the list of the supporting documents, where there are any."""
    render_documents(out, proposal)  # type: ignore[arg-type]


def print_form(out: Html, proposal: Proposal, guideline: Guideline) -> None:
    """附件2: the self-assessment form with its subtotals and total."""
    render_form(out, proposal, guideline)  # type: ignore[arg-type]


def print_evidence(out: Html, evidence: Evidence) -> None:
    """The evidence registries behind the form's figures, one table each."""
    render_evidence(out, evidence)  # type: ignore[arg-type]
