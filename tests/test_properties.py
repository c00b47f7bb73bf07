"""Property tests: proposals with arbitrary Unicode text build a .docx whose text is the input's, control
characters aside; LibreOffice converts a sample of them into PDFs that say the same, but for the characters
no font has (which `build` reports)."""

from __future__ import annotations

import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proposal_kit.convert import Job, convert
from proposal_kit.coverage import PLACEHOLDER, installed_coverage, uncovered
from proposal_kit.formats import clean
from proposal_kit.model import Proposal
from proposal_kit.render.document import render_document
from tests.conftest import libreoffice_or_skip
from tests.docx_reading import all_text, open_document
from tests.fidelity import missing, pdf_text
from tests.pdf_reading import raw_text, visual_text

# Any character but surrogates (which UTF-8 cannot carry) and line breaks (the structured fields are one line).
LINE = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x85\u2028\u2029"), min_size=1, max_size=40
)
TEXT = LINE.filter(lambda s: clean(s).strip() != "")


@st.composite
def proposals(draw) -> tuple[Proposal, list[str]]:
    lead, competent, category, description, metric, partner = (draw(TEXT) for _ in range(6))
    data = {
        "center": {
            "name": "重庆市测试产业创新中心",
            "industry": draw(TEXT),
            "lead_unit": lead,
            "competent_unit": competent,
            "prepared_on": "2025-03-01",
            "legal_form": "company",
        },
        "units": {"partners": [{"name": partner, "kind": "university", "credit_code": "91350100M000100Y43"}]},
        "directions": {"goals": {"near_term": [{"metric": metric, "target": "1", "deadline": "2026-01-01"}]}},
        "construction": {"risks": {"items": [{"category": category, "description": description}]}},
    }
    return Proposal.model_validate(data), [
        lead,
        competent,
        category,
        description,
        metric,
        partner,
        data["center"]["industry"],
    ]


def _texts_survive(proposal: Proposal, texts: list[str], folder: Path) -> Path:
    path = folder / "p.docx"
    path.write_bytes(render_document(proposal))
    content = all_text(open_document(path))
    for text in texts:
        assert clean(text) in content, repr(text)
    return path


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(proposals())
def test_any_text_reaches_the_docx(example):
    proposal, texts = example
    with tempfile.TemporaryDirectory() as folder:
        _texts_survive(proposal, texts, Path(folder))


def test_libreoffice_converts_a_sample_of_them():
    libreoffice_or_skip()
    samples: list[tuple[Proposal, list[str]]] = []

    @settings(max_examples=3, deadline=None, database=None)
    @given(proposals())
    def collect(example):
        samples.append(example)

    collect()
    with tempfile.TemporaryDirectory() as work:
        jobs = []
        for index, (proposal, texts) in enumerate(samples):
            folder = Path(work) / str(index)
            folder.mkdir()
            source = _texts_survive(proposal, texts, folder)
            jobs.append(Job(source, folder / "p.pdf"))
        outcomes = convert(jobs)
        assert [o.error for o in outcomes] == [None] * len(jobs)
        coverage = installed_coverage()
        for (_, texts), job in zip(samples, jobs, strict=True):
            # characters no font has are reported by `build` (P005) and print as a drawn box
            unprintable = PLACEHOLDER + "".join(char for text in texts for _, char in uncovered(text, coverage))
            readings = pdf_text(raw_text(job.target)), pdf_text(visual_text(job.target))
            assert missing([t for t in texts if not _right_to_left(t)], *readings, ignore=unprintable) == [], texts


def _right_to_left(text: str) -> bool:
    """Whether `text` holds Arabic or Hebrew: a PDF lays it out right to left, and no reading of the PDF gives
    it back in the order it was written (the .docx test above holds it)."""
    return any(unicodedata.bidirectional(char) in ("R", "AL", "AN") for char in text)
