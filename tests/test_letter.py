"""The review letter staff send back: `check --format docx` writes one 审核意见 per draft, in the proposal's own
official format, read back here with python-docx (and as a PDF with poppler where LibreOffice is installed)."""

from __future__ import annotations

import io
import shutil
import subprocess

import docx
import pytest
from click.testing import CliRunner
from docx.shared import Mm

from proposal_kit.cli import main
from proposal_kit.letter import render_letter
from proposal_kit.pipeline import check
from tests.conftest import ROOT, SAMPLE, libreoffice_or_skip

DRAFTS = ROOT / "samples" / "drafts"


@pytest.fixture(scope="module")
def letter():
    draft = check(DRAFTS / "05-self-assessment")
    return draft, docx.Document(io.BytesIO(render_letter(draft)))


def _text(document) -> str:
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_letter_is_addressed_and_ordered(letter):
    draft, document = letter
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    assert paragraphs[0] == "关于《重庆市车规级功率半导体产业创新中心组建方案》的审核意见"
    assert document.paragraphs[0].style.name == "Title"
    assert paragraphs[1] == "重庆缙云芯动半导体股份有限公司："
    headings = [p.text for p in document.paragraphs if p.style.style_id == "Heading1"]
    assert headings == ["一、基本情况", "二、须修改的问题", "三、请核实的问题"]
    must, verify = paragraphs.index("二、须修改的问题"), paragraphs.index("三、请核实的问题")
    errors = [f for f in draft.findings if f.severity.value == "error"]
    assert len(errors) == 8 and paragraphs[must + 1].startswith("1. 〔附件2 自评表")
    assert any("B.1 设立院士工作站" in p for p in paragraphs[verify + 1 : verify + 3])  # the warning
    assert paragraphs[-2:] == ["沙坪坝区发展和改革委员会", paragraphs[-1]] and paragraphs[-1].endswith("日")


def test_every_finding_is_in_the_letter_with_its_place_and_clause(letter):
    draft, document = letter
    text = _text(document)
    for found in draft.findings:
        assert found.message in text and f"〔{found.place}〕" in text
        assert f"（依据：{found.clause}）" in text
    assert "处理意见：重新核算自评总分" in text


def test_the_summary_gives_length_and_both_totals(letter):
    _, document = letter
    rows = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert rows["审核结论"] == "须修改 8 处，请核实 1 处"
    assert rows["摘要字数"].startswith("2,209 字（上限 2,500 字")
    assert rows["自评总分"] == "填报 92 分，按各项得分核算为 87.5 分，不一致"


def test_the_letter_has_the_official_page(letter):
    _, document = letter
    section = document.sections[-1]
    assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)
    assert abs(section.top_margin - Mm(37)) < Mm(0.5) and abs(section.left_margin - Mm(28)) < Mm(0.5)
    assert section.footer.paragraphs or section.even_page_footer.paragraphs  # the page number 「— 1 —」


def test_check_writes_a_letter_per_draft(tmp_path):
    out = tmp_path / "审核意见"
    result = CliRunner().invoke(main, ["check", str(DRAFTS), str(SAMPLE), "--format", "docx", "--output", str(out)])
    assert result.exit_code == 1
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 7 and "02-yaml-mistakes组建方案审核意见.docx" in names
    assert "重庆市车规级功率半导体产业创新中心（2）组建方案审核意见.docx" in names
    unreadable = docx.Document(str(out / "02-yaml-mistakes组建方案审核意见.docx"))
    assert "文件无法读取，未能审核内容" in _text(unreadable) and "L008" not in _text(unreadable)


def test_a_letter_needs_a_folder():
    result = CliRunner().invoke(main, ["check", str(SAMPLE), "--format", "docx"])
    assert result.exit_code == 2 and "文件夹" in result.output


def test_the_letter_as_pdf(tmp_path):
    libreoffice_or_skip()
    out = tmp_path / "意见"
    result = CliRunner().invoke(main, ["check", str(DRAFTS / "05-self-assessment"), "--format", "pdf", "-o", str(out)])
    assert result.exit_code == 1, result.output
    [pdf] = out.glob("*.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    squeezed = "".join(text.split())
    assert "关于《重庆市车规级功率半导体产业创新中心组建方案》的审核意见" in squeezed
    assert "填报92分，按各项得分核算为87.5分" in squeezed and "重新核算自评总分" in squeezed
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout.splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts)  # every font embedded
    shutil.rmtree(out)
