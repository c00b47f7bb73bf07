"""`proposal-kit preview`: the page shows the whole proposal as the .docx prints it, each finding at its item,
every text of a draft escaped, a broken save as its findings; the server follows saves; `watch_and_build`
builds again after a save."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from proposal_kit.formats import amount
from proposal_kit.guideline import load as load_guideline
from proposal_kit.levels import chinese_number
from proposal_kit.pipeline import check
from proposal_kit.preview.console import report_lines
from proposal_kit.preview.page import render_page
from proposal_kit.preview.sections import COVER, FORM, PAGE, section_of
from proposal_kit.preview.server import bind, serve
from proposal_kit.preview.watch import snapshot, temporary, watch_and_build
from tests.browser import print_to_pdf
from tests.conftest import ROOT, SAMPLE

OUTLINE = load_guideline().outline


class _Page(HTMLParser):
    """The page as a sequence of (kind, text): headings ("h1"…"h5"), finding boxes' lines ("finding"), table
    header rows ("header", a tuple of the th texts) and cells ("cell"), and images ("img", the src)."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.events: list[tuple[str, object]] = []
        self._open: list[tuple[str, list[str]]] = []
        self._header: list[str] | None = None
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "img":
            self.events.append(("img", dict(attrs).get("src") or ""))
        if tag == "thead":
            self._header = []
        if tag in ("h1", "h2", "h3", "h4", "h5", "th", "td") or (tag == "div" and "finding" in classes):
            self._open.append(("finding" if tag == "div" else tag, []))

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead" and self._header is not None:
            self.events.append(("header", tuple(self._header)))
            self._header = None
        kind = "finding" if tag == "div" else tag
        if self._open and self._open[-1][0] == kind:
            _, parts = self._open.pop()
            text = "".join(parts).strip()
            if kind == "th" and self._header is not None:
                self._header.append(text)
            elif kind == "td":
                self.events.append(("cell", text))
            elif kind != "th":
                self.events.append((kind, text))

    def handle_data(self, data: str) -> None:
        for _, parts in self._open:
            parts.append(data)

    def headings(self) -> list[str]:
        return [str(text) for kind, text in self.events if kind in ("h2", "h3")]

    def within(self, chapter: str, item: str) -> list[tuple[str, object]]:
        """The events between the heading of `item` (「（四）…」) in `chapter` (「六、…」) and the next heading
        of an item or chapter."""
        start = next(i for i, (kind, text) in enumerate(self.events) if kind == "h2" and text == chapter)
        start = next(i for i in range(start, len(self.events)) if self.events[i] == ("h3", item))
        end = next((i for i in range(start + 1, len(self.events)) if self.events[i][0] in ("h2", "h3")), None)
        return self.events[start + 1 : end]


def _item_heading(chapter_key: str, field: str) -> tuple[str, str]:
    chapter = OUTLINE.chapter(chapter_key)
    number, item = next((n, i) for n, i in enumerate(chapter.items, 1) if i.field == field)
    return chapter.heading, f"（{chinese_number(number)}）{item.title}"


@pytest.fixture(scope="module")
def sample_draft():
    return check(SAMPLE)


@pytest.fixture(scope="module")
def sample_page(sample_draft) -> str:
    return render_page(sample_draft)


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "proposal"
    shutil.copytree(SAMPLE, folder)
    return folder


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


# The page


def test_the_page_has_every_chapter_and_item_of_the_outline_in_order(sample_page):
    expected = []
    for chapter in OUTLINE.chapters:
        expected.append(chapter.heading)
        expected += [f"（{chinese_number(n)}）{item.title}" for n, item in enumerate(chapter.items, 1)]
    headings = _Page(sample_page).headings()
    positions = [headings.index(heading) for heading in expected]
    assert positions == sorted(positions)


def test_the_page_has_the_tables_of_the_document(sample_draft, sample_page):
    proposal = sample_draft.proposal
    page = _Page(sample_page)
    cells = {text for kind, text in page.events if kind == "cell"}
    headers = {text for kind, text in page.events if kind == "header"}
    for partner in proposal.units.partners:
        assert {partner.name, partner.credit_code, amount(partner.capital)} <= cells
    goal = proposal.directions.goals.near_term[0]
    assert goal.metric in cells
    assert ("资金来源", "类别", "金额（万元）", "占比") in headers
    assert {"合计", amount(proposal.construction.funding.total), "100.0%"} <= cells
    assert ("一级指标", "二级指标", "三级指标", "权重", "指标值", "佐证说明", "自评分") in headers
    assert "总分" in cells and amount(sample_draft.self_assessment_total) in cells
    assert ("风险类别", "风险描述", "应对措施") in headers


def test_the_tables_are_those_the_docx_prints(sample_draft, sample_page):
    """Every table of the .docx, header and cells, is on the page (the renderer and the preview agree)."""
    import io

    import docx

    from proposal_kit.render.document import render_document

    document = docx.Document(io.BytesIO(render_document(sample_draft.proposal)))
    page = _Page(sample_page)

    def norm(text: object) -> str:
        return "".join(str(text).split())

    headers = {tuple(norm(t) for t in header) for kind, header in page.events if kind == "header"}  # type: ignore[union-attr]
    cells = {norm(text) for kind, text in page.events if kind == "cell"}
    for table in document.tables:
        rows = [[norm(cell.text) for cell in row.cells] for row in table.rows]
        header = tuple(dict.fromkeys(rows[0]))  # a cell spanning columns repeats in python-docx
        assert header in {tuple(dict.fromkeys(h)) for h in headers}, header
        missing = {text for row in rows[1:] for text in row if text} - cells
        assert not missing, (header, missing)


def test_a_finding_is_shown_at_the_top_of_its_item(tmp_path):
    folder = _copy(tmp_path)
    _replace(folder / "proposal.yaml", "total: 32000", "total: 35000")
    draft = check(folder)
    [f001] = [f for f in draft.findings if f.code == "F001" and f.field == "construction.funding.sources"]
    page = _Page(render_page(draft))
    inside = page.within(*_item_heading("construction", "construction.funding"))
    boxes = [str(text) for kind, text in inside if kind == "finding"]
    assert any(f001.message in box and "F001" in box and "错误" in box for box in boxes)
    first_other = next(i for i, (kind, _) in enumerate(inside) if kind != "finding")
    assert all(kind != "finding" for kind, _ in inside[first_other:])  # at the top of the item


@pytest.mark.parametrize(
    ("field", "section"),
    [
        ("construction.funding.sources[1].amount", "construction.funding"),
        ("organization.functions.ip_operation", "organization.structure"),
        ("construction.risks.items[0].mitigation", "construction.benefits"),
        ("units.partners[2].credit_code", "units.partners"),
        ("abstract", "abstract"),
        ("center.name", COVER),
        ("self_assessment.entries[3].score", FORM),
        ("evidence.patents[0]", FORM),
        ("figures.images[0].file", PAGE),
        ("", PAGE),
    ],
)
def test_each_field_belongs_to_its_item(field, section):
    assert section_of(field, OUTLINE) == section


def test_texts_of_a_draft_are_escaped(tmp_path):
    folder = _copy(tmp_path)
    hostile = "<script>alert(1)</script> <img src=x onerror=alert(2)> [点我](javascript:alert(3))"
    with (folder / "06-2-content.md").open("a", encoding="utf-8") as file:
        file.write(f"\n\n{hostile}\n")
    _replace(folder / "proposal.yaml", "title: 1200V 车规级 SiC MOSFET 芯片", 'title: "<b onmouseover=x>成果</b>"')
    page = render_page(check(folder))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "&lt;b onmouseover=x&gt;成果&lt;/b&gt;" in page
    assert "<script>alert" not in page and "<img src=x" not in page and 'href="javascript' not in page
    assert page.count("<script") == 1  # the page's own, allowed by its nonce alone
    assert "script-src 'nonce-" in page


def test_a_broken_save_gives_a_page_of_its_findings(tmp_path):
    folder = _copy(tmp_path)
    _replace(folder / "proposal.yaml", "center:", "center: [oops")
    draft = check(folder)
    assert draft.proposal is None
    page = render_page(draft)
    findings = [str(text) for kind, text in _Page(page).events if kind == "finding"]
    assert any("L004" in box and "proposal.yaml:" in box for box in findings)
    assert "无法读取" in page and OUTLINE.chapters[0].heading not in page


def test_a_value_the_schema_rejects_hides_only_its_item(tmp_path):
    from proposal_kit.preview.server import examine

    folder = _copy(tmp_path)
    _replace(folder / "proposal.yaml", "total: 32000", "total: 三万二")
    draft, figures, salvaged = examine(folder)
    assert draft.proposal is None and salvaged is not None
    page = _Page(render_page(draft, figures, salvaged=salvaged))
    inside = page.within(*_item_heading("construction", "construction.funding"))
    assert any("S003" in str(text) for kind, text in inside if kind == "finding")
    assert not any(kind == "cell" for kind, _ in inside)  # the funding tables wait for the total
    cells = {text for kind, text in page.events if kind == "cell"}
    assert {p.name for p in salvaged.units.partners} <= cells and "总分" in cells


def test_figures_are_shown_at_the_end_of_their_item(sample_draft):
    from proposal_kit.figures import Figure

    png = b"\x89PNG\r\n\x1a\n"
    figures = [
        Figure("construction.funding", 1, "资金来源与使用", png, 156, 80),
        Figure(FORM, 2, "自评得分", png, 156, 60),
    ]
    html = render_page(sample_draft, figures)
    page = _Page(html)
    inside = page.within(*_item_heading("construction", "construction.funding"))
    kinds = [kind for kind, _ in inside]
    assert "img" in kinds and kinds.index("img") > max(i for i, k in enumerate(kinds) if k == "cell")
    assert str(inside[kinds.index("img")][1]).startswith("data:image/png;base64,")
    assert "<figcaption>图1 资金来源与使用</figcaption>" in html and "资金来源与使用见图1。" in html
    assert sum(kind == "img" for kind, _ in page.events) == 2
    assert html.index("图2 自评得分") < html.index("佐证材料清单")  # under the form, before the evidence


def test_the_figures_drawn_from_the_sample_are_on_its_page(tmp_path):
    from proposal_kit.preview.server import examine

    draft, figures, _ = examine(SAMPLE)
    html = render_page(draft, figures)
    assert len(figures) == html.count("data:image/png;base64,") > 0
    assert all(f"<figcaption>{figure.label}</figcaption>" in html for figure in figures)


def test_an_item_that_cannot_be_printed_leaves_the_rest(sample_draft, monkeypatch):
    def failing(out, proposal):
        raise ValueError("坏了")

    from proposal_kit.render import chapters

    monkeypatch.setitem(chapters.RENDERERS, "construction.funding", failing)
    page = render_page(sample_draft)
    assert "此部分无法预览（ValueError：坏了）" in page
    assert OUTLINE.chapters[-1].heading in page and "总分" in page


def test_the_terminal_lines_are_those_of_validate(tmp_path):
    folder = _copy(tmp_path)
    _replace(folder / "proposal.yaml", "total: 32000", "total: 35000")
    draft = check(folder)
    lines = report_lines(folder, draft, ["proposal.yaml"])
    assert "检测到改动：proposal.yaml" in lines[0]
    assert any("  F001  错误  〔六、4 资金来源〕" in line for line in lines)
    assert lines[-1].endswith(f"错误 {draft.errors} 个，警告 {draft.warnings} 个；摘要 2,209 字（上限 2,500 字）")


# Watching and serving


def test_editors_temporary_files_are_not_watched(tmp_path):
    for name in (".abstract.md.swp", "~$方案.docx", ".~lock.自评表.xlsx#", "abstract.md~", "4913", "#a.md#"):
        assert temporary(name)
        (tmp_path / name).write_text("x")
    (tmp_path / "abstract.md").write_text("正文")
    assert list(snapshot(tmp_path)) == ["abstract.md"]


def _get(url: str, host: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, ""


def _until(condition, seconds: float = 8.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_the_server_follows_saves_and_stops(tmp_path):
    folder = _copy(tmp_path)
    stop, ready, lines = threading.Event(), [], []
    kwargs = {"port": 0, "echo": lines.append, "on_ready": ready.append, "interval": 0.1}
    thread = threading.Thread(target=serve, args=(folder, stop), kwargs=kwargs, daemon=True)
    thread.start()
    try:
        assert _until(lambda: bool(ready))
        url = ready[0].url
        status, page = _get(url)
        assert status == 200 and OUTLINE.chapters[0].heading in page
        _, version = _get(url + "version")
        assert version and version in page  # the page knows the version it shows
        assert _get(url + "nothing")[0] == 404
        assert _get(url, host="attacker.example:80")[0] == 403
        with (folder / "07-other-matters.md").open("a", encoding="utf-8") as file:
            file.write("\n\n这是刚刚保存的新句子。\n")
        assert _until(lambda: _get(url + "version")[1] != version)
        assert "这是刚刚保存的新句子。" in _get(url)[1]
        assert any("检测到改动：07-other-matters.md" in line for line in lines)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_a_port_in_use_gives_the_next_one():
    from proposal_kit.preview.server import PageState

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        if port > 65530:
            pytest.skip("no ports after this one")
        server = bind(port, PageState())
        try:
            assert server.server_address[1] not in (port, 0)
        finally:
            server.server_close()


@contextlib.contextmanager
def _watching(folder: Path, output: Path, pdf: bool, stops_within: float):
    """`watch_and_build` running in a thread for the `with` block, its lines as they come; stopped after, and
    ended within `stops_within` seconds."""
    stop, lines = threading.Event(), []
    thread = threading.Thread(
        target=watch_and_build,
        args=(folder, output, pdf, stop),
        kwargs={"echo": lines.append, "interval": 0.1},
        daemon=True,
    )
    thread.start()
    try:
        yield lines
    finally:
        stop.set()
        thread.join(timeout=stops_within)
    assert not thread.is_alive()


def _save_other_matters(folder: Path) -> None:
    with (folder / "07-other-matters.md").open("a", encoding="utf-8") as file:
        file.write("\n\n保存后应重新生成。\n")


def test_watch_and_build_builds_again_after_a_save(tmp_path):
    folder, output = _copy(tmp_path), tmp_path / "build"
    with _watching(folder, output, False, stops_within=10) as lines:
        assert _until(lambda: sum(line.startswith("已生成") for line in lines) >= 2)
        [docx] = output.glob("*.docx")
        before = docx.stat().st_mtime_ns
        _save_other_matters(folder)
        assert _until(lambda: sum(line.startswith("已生成") for line in lines) >= 4)
        assert docx.stat().st_mtime_ns != before
        assert any("检测到改动：07-other-matters.md" in line for line in lines)
        time.sleep(0.4)  # what the build wrote is not a save: no third build
        assert sum(line.startswith("已生成") for line in lines) == 4


def test_watch_and_build_with_pdfs_keeps_one_libreoffice_for_every_build(tmp_path, monkeypatch):
    from proposal_kit import office
    from tests.conftest import libreoffice_or_skip

    libreoffice_or_skip()
    started, launch = [], office._launch
    monkeypatch.setattr(office, "_launch", lambda *a: started.append(a[-1]) or launch(*a))
    folder, output = _copy(tmp_path), tmp_path / "build"
    with _watching(folder, output, True, stops_within=30) as lines:
        assert _until(lambda: any(line.endswith(".pdf") for line in lines), 120)
        [pdf] = output.glob("*.pdf")
        before = pdf.stat().st_mtime_ns
        _save_other_matters(folder)
        assert _until(lambda: sum(line.endswith(".pdf") for line in lines) >= 2, 120)
        assert pdf.stat().st_mtime_ns != before
        assert [arguments[0].startswith("macro:") for arguments in started].count(True) == 1


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX")
def test_the_command_stops_on_ctrl_c_with_a_message(tmp_path):
    folder = _copy(tmp_path)
    script = "from proposal_kit.cli_preview import preview_command; preview_command()"
    process = subprocess.Popen(
        [sys.executable, "-c", script, "--port", "0", str(folder)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    try:
        url, printed = "", []
        for line in process.stdout:  # type: ignore[union-attr]
            printed.append(line)
            if line.startswith("预览地址："):
                url = line.removeprefix("预览地址：").strip()
            if "校验通过" in line:  # the first check's last line: the command now waits for saves
                break
        assert url and _get(url)[0] == 200, printed
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "已停止预览" in out


# In a browser


def test_chromium_prints_the_page(tmp_path, sample_page):
    page = tmp_path / "preview.html"
    page.write_text(sample_page, "utf-8")
    text = print_to_pdf(page, tmp_path / "preview.pdf")
    assert OUTLINE.chapters[0].heading in text
    assert "91500106MAAY4CL12X" in text and amount(Decimal(32000)) in text


def test_build_watch_rebuilds_on_save_and_stops_on_ctrl_c(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    folder, out = tmp_path / "方案", tmp_path / "out"
    shutil.copytree(SAMPLE, folder)
    command = [sys.executable, "-m", "proposal_kit", "build", "--watch", "--no-pdf", "-o", str(out), str(folder)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        docx = out / "重庆市车规级功率半导体产业创新中心组建方案.docx"
        deadline = time.monotonic() + 60
        while not docx.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        first = docx.stat().st_mtime_ns
        target = folder / "07-other-matters.md"
        target.write_text(target.read_text("utf-8") + "\n\n新增的一段说明。\n", "utf-8")
        while docx.stat().st_mtime_ns == first and time.monotonic() < deadline:
            time.sleep(0.2)
        assert docx.stat().st_mtime_ns != first, "the save was not rebuilt"
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    assert process.returncode == 130 and "正在监视" in err and "已中断" in err
