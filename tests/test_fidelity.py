"""The final files say exactly what the sources say: every paragraph and table cell of the sample is found,
character for character, in the .docx and in the PDF as read back; rare characters are drawn with a real
glyph or reported by `build`."""

from __future__ import annotations

import re

import pytest

from proposal_kit.coverage import PLACEHOLDER
from proposal_kit.load import load
from proposal_kit.pipeline import build
from proposal_kit.validate import validate
from tests.conftest import MINIMAL, SAMPLE, libreoffice_or_skip
from tests.docx_reading import all_text, open_document
from tests.fidelity import missing, pdf_text, pieces
from tests.pdf_reading import glyphs, ink, raw_text, visual_text

# Names and words with characters outside GB 2312 (䶮 堃 喆 昇 犇 龘), CJK Extension A (㐀) and B to G (𠀀 𪚥 𫝀
# 𬺰 𰀀), the ideographic zero 〇, and one character no font has (U+F0000, private use).
RARE = "李䶮王堃张喆刘昇赵犇㐀龘〇𠀀𪚥𫝀𬺰𰀀"
NO_FONT = "\U000f0000"


@pytest.fixture(scope="module")
def sample_pieces() -> list[str]:
    proposal, _ = validate(load(SAMPLE))
    return pieces(proposal)


def test_every_paragraph_and_cell_of_the_sample_is_in_the_docx(sample_build, sample_pieces):
    assert len(sample_pieces) > 300
    assert missing(sample_pieces, all_text(open_document(sample_build[".docx"]))) == []


def test_every_paragraph_and_cell_of_the_sample_is_in_the_pdf(sample_build, sample_pieces):
    libreoffice_or_skip()
    pdf = sample_build[".pdf"]
    assert missing(sample_pieces, pdf_text(raw_text(pdf)), pdf_text(visual_text(pdf))) == []


def test_a_lost_mark_is_caught():
    assert missing(["研究院、重庆长鹭新能源汽车有限公司"], "研究院\n重庆长鹭新能源汽车有限公司") != []
    assert missing(["甲乙。"], "甲乙。丙") == [] and missing(["甲乙。"], "甲乙丙。") == ["甲乙。"]


@pytest.fixture(scope="module")
def rare_build(tmp_path_factory):
    libreoffice_or_skip()
    folder = tmp_path_factory.mktemp("rare")
    yaml = MINIMAL.replace("重庆测试有限公司", "重庆李䶮科技有限公司") + (
        f"abstract: |\n  牵头人{RARE}{NO_FONT}，其后的文字不应重叠：甲乙丙丁。\n\n  第二段：𠀀、𪚥与普通文字混排。\n"
        'units:\n  partners:\n    - {name: "张喆昇犇科技有限公司", kind: enterprise, credit_code: 91350100M000100Y43}\n'
        '    - {name: "𠀀研究院", kind: institute, credit_code: 91500106MAAY4CL12X}\n'
        'construction:\n  risks:\n    items: [{category: "𪚥风险", description: "龘与〇"}]\n'
    )
    (folder / "proposal.yaml").write_text(yaml, "utf-8")
    [built] = build([folder], folder / "out", force=True)
    assert built.problems == [], built.problems
    return built


def test_build_reports_the_characters_no_font_has(rare_build):
    reported = [f for f in rare_build.draft.findings if f.code == "P005"]
    assert [re.search(r"「(.)」", f.message)[1] for f in reported] == [NO_FONT]
    assert reported[0].field == "abstract" and reported[0].line == 9  # the abstract's first line


def test_every_rare_character_is_in_the_pdf_text_and_drawn(rare_build):
    pdf = next(p for p in rare_build.outputs if p.suffix == ".pdf")
    text = raw_text(pdf)
    drawable = set(RARE) - {NO_FONT}
    assert sorted(c for c in drawable if c not in text) == []
    # the character no font has prints as a drawn box, in its place, its neighbours intact
    printed = f"牵头人{RARE.replace(NO_FONT, '')}{PLACEHOLDER}，其后的文字不应重叠：甲乙丙丁。"
    assert missing([printed], pdf_text(text), pdf_text(visual_text(pdf))) == []
    drawn = glyphs(pdf, "".join(drawable))
    assert {g.char for g in drawn} == drawable
    blank = [(g.char, g.font, g.page) for g in drawn if g.cid == 0 or ink(pdf, g) == 0]
    assert blank == []  # a glyph that exists but is empty (AR PL UKai has 94) prints as a blank
