"""Figures drawn from the data, read back from the files: image parts in the .docx at their items with numbered
captions and the sentences that point at them; images at 300 dpi in the PDF on the pages of their captions;
figures turned off or supplied by the applicant; Pillow never imported by `check`."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys

import docx
import pytest
from PIL import Image

from proposal_kit.pipeline import build
from tests.conftest import SAMPLE

CAPTIONS = ["图1 创新中心组织架构", "图2 建设进度安排", "图3 资金来源与使用", "图4 自评得分与权重（按二级指标）"]


def _paragraphs(path):
    document = docx.Document(str(path))
    return document, [
        (p.style.style_id if p.style else "", p.text, bool(p._p.xpath(".//pic:pic"))) for p in document.paragraphs
    ]


def test_the_figures_are_at_their_items_with_numbered_captions(sample_build):
    document, paragraphs = _paragraphs(sample_build[".docx"])
    captions = [text for style, text, _ in paragraphs if style == "FigureCaption"]
    assert captions == CAPTIONS
    texts = [text for _, text, _ in paragraphs]
    for caption in CAPTIONS:
        at = texts.index(caption)
        assert paragraphs[at - 1][0] == "Figure" and paragraphs[at - 1][2]  # the picture right above its caption
        number, title = caption.split(" ", 1)
        assert texts[at - 2] == f"{title}见{number}。"  # and the sentence pointing at it above that
    headings = [(i, t) for i, (s, t, _) in enumerate(paragraphs) if s in ("Heading1", "Heading2")]

    def item_of(caption: str) -> str:
        at = texts.index(caption)
        return [t for i, t in headings if i < at][-1]

    assert item_of(CAPTIONS[0]) == "（一）产业创新中心的机构设置与职责"
    assert item_of(CAPTIONS[1]) == "（三）建设周期与进度安排"
    assert item_of(CAPTIONS[2]) == "（四）资金来源和预算方案"
    images = [r.target_part for r in document.part.rels.values() if r.reltype.endswith("/image")]
    assert len(images) == 4
    for part in images:
        picture = Image.open(io.BytesIO(part.blob))
        assert picture.format == "PNG" and picture.mode == "L"  # greys only: safe in black and white
        assert round(picture.info["dpi"][0]) == 300


def test_the_pdf_has_the_figures_at_300_dpi_on_their_captions_pages(sample_build):
    if ".pdf" not in sample_build:
        pytest.skip("LibreOffice is not installed: no PDF")
    pdf = str(sample_build[".pdf"])
    listing = subprocess.run(["pdfimages", "-list", pdf], capture_output=True, text=True).stdout.splitlines()[2:]
    pages = [int(line.split()[0]) for line in listing]
    assert len(pages) == 4 and all(int(line.split()[12]) >= 299 for line in listing)  # x-ppi
    for page, caption in zip(pages, CAPTIONS, strict=True):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), pdf, "-"], capture_output=True, text=True)
        assert caption.replace(" ", "") in re.sub(r"\s+", "", text.stdout)


def _copy(tmp_path):
    folder = tmp_path / "方案"
    shutil.copytree(SAMPLE, folder)
    return folder


def _append(folder, text: str) -> None:
    yaml = folder / "proposal.yaml"
    yaml.write_text(yaml.read_text("utf-8") + text, "utf-8")


def test_a_figure_turned_off_is_not_drawn_and_the_rest_renumber(tmp_path):
    folder = _copy(tmp_path)
    _append(folder, "\nfigures:\n  organization: false\n  funding: false\n")
    [built] = build([folder], tmp_path / "out", pdf=False)
    _, paragraphs = _paragraphs(built.outputs[0])
    assert [t for s, t, _ in paragraphs if s == "FigureCaption"] == [
        "图1 建设进度安排",
        "图2 自评得分与权重（按二级指标）",
    ]


def test_the_applicants_own_images_go_to_their_items(tmp_path):
    folder = _copy(tmp_path)
    Image.new("RGB", (600, 300), "white").save(folder / "平面图.png", dpi=(150, 150))
    (folder / "流程.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="80"><rect width="200" height="80" '
        'fill="#ccc"/><text x="10" y="40" font-family="黑体">研发流程</text></svg>',
        "utf-8",
    )
    (folder / "坏图.png").write_bytes(b"not an image")
    _append(
        folder,
        "\nfigures:\n  images:\n"
        "    - {item: 六.2, file: 平面图.png, caption: 场地平面布置}\n"
        "    - {item: construction.content, file: 流程.svg, caption: 研发流程}\n"
        "    - {item: 六.2, file: 坏图.png, caption: 坏图}\n"
        "    - {item: 九.1, file: 平面图.png, caption: 不存在的项}\n",
    )
    [built] = build([folder], tmp_path / "out", pdf=False)
    _, paragraphs = _paragraphs(built.outputs[0])
    captions = [t for s, t, _ in paragraphs if s == "FigureCaption"]
    if shutil.which("rsvg-convert"):
        assert captions[1:3] == ["图2 场地平面布置", "图3 研发流程"]
    else:
        assert captions[1] == "图2 场地平面布置"
    texts = [t for _, t, _ in paragraphs]
    heading = [t for s, t, _ in paragraphs[: texts.index("图2 场地平面布置")] if s == "Heading2"][-1]
    assert heading == "（二）建设内容"
    codes = sorted(p.code for p in built.problems)
    assert codes == ["P007", "P007"] and any("坏图.png" in p.message for p in built.problems)


def test_a_missing_image_is_found_when_the_proposal_is_read(tmp_path):
    from proposal_kit.pipeline import check

    folder = _copy(tmp_path)
    _append(folder, "\nfigures:\n  images:\n    - {item: 六.2, file: 没有.png, caption: 平面}\n")
    [missing] = [f for f in check(folder).findings if f.code == "L011"]
    assert missing.field == "figures.images[0].file"


def test_checking_does_not_import_the_drawing_library():
    code = (
        "import sys; from proposal_kit.pipeline import check; "
        f"check({str(SAMPLE)!r}); print('PIL' in sys.modules, 'proposal_kit.figures.canvas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_validate_imports_only_what_it_uses():
    code = (
        "import sys; from proposal_kit.cli import main\n"
        "try:\n    main(['validate', " + repr(str(SAMPLE)) + "])\nexcept SystemExit:\n    pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'docx', 'docxtpl', 'openpyxl', 'PIL', 'tqdm', 'lxml'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_a_figure_is_drawn_once_and_again_only_when_what_it_shows_changes(tmp_path, monkeypatch):
    """Kept figures: a rebuild that changes prose only draws nothing; a changed phase draws the schedule again;
    a kept file that does not read back is drawn again."""
    from proposal_kit import figures
    from proposal_kit.figures import plans
    from proposal_kit.load import load
    from proposal_kit.model import Proposal

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    data = load(SAMPLE).data
    proposal = Proposal.model_validate(data)
    first, _ = figures.figures_for(proposal, SAMPLE)
    drawn = []
    for name in ("draw_schedule", "draw_funding", "draw_scores"):
        original = getattr(plans, name)
        monkeypatch.setattr(plans, name, lambda shown, n=name, f=original: drawn.append(n) or f(shown))
    data["background"]["significance"] = "改过的正文。"
    again, _ = figures.figures_for(Proposal.model_validate(data), SAMPLE)
    assert drawn == [] and [f.png for f in again] == [f.png for f in first]
    data["construction"]["schedule"]["phases"][0]["name"] = "改名的阶段"
    changed, _ = figures.figures_for(Proposal.model_validate(data), SAMPLE)
    assert drawn == ["draw_schedule"] and changed[1].png != first[1].png
    for kept in (tmp_path / "proposal-kit" / "figures").iterdir():
        kept.write_bytes(b"1 2\nnot a png")
    figures.figures_for(proposal, SAMPLE)
    assert sorted(drawn) == ["draw_funding", "draw_schedule", "draw_schedule", "draw_scores"]
