"""Reading a built PDF back for tests, with poppler's pdftotext, pdffonts and pdfinfo."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(pdf)))[1])
    text = run("pdfinfo", "-f", "1", "-l", str(pages), str(pdf))
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", text)]


def fonts(pdf: Path) -> list[tuple[str, bool]]:
    """(font name without subset prefix, embedded) for every font of the PDF."""
    rows = run("pdffonts", str(pdf)).splitlines()[2:]
    result = []
    for row in rows:
        name = row.split()[0].split("+", 1)[-1]
        embedded = row[-26:].split()[0] == "yes" if len(row) > 30 else False
        result.append((name, embedded))
    return result


def text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    pages = [*(("-f", str(first)) if first else ()), *(("-l", str(last)) if last else ())]
    return run("pdftotext", *pages, str(pdf), "-")


@dataclass(frozen=True)
class Line:
    page: int
    x_min: float
    y_min: float
    x_max: float
    height: float
    text: str


def lines(pdf: Path) -> list[Line]:
    """Every text line of every page with its box, from pdftotext -bbox-layout."""
    html = run("pdftotext", "-bbox-layout", str(pdf), "-")
    result = []
    for number, page in enumerate(html.split("<page ")[1:], 1):
        for box, body in re.findall(r"<line ([^>]*)>(.*?)</line>", page, re.S):
            x0, y0, x1, y1 = (float(v) for v in re.findall(r'"([\d.]+)"', box))
            words = "".join(re.findall(r">([^<]*)</word>", body))
            result.append(Line(number, x0, y0, x1, y1 - y0, words))
    return result


def raw_text(pdf: Path) -> str:
    """The text in the order the PDF draws it (pdftotext -raw): a table cell's lines stay together."""
    return run("pdftotext", "-raw", str(pdf), "-")


@dataclass(frozen=True)
class Glyph:
    """One character as the PDF draws it: its page, the font and glyph used, and its box in points from the
    page's top left."""

    page: int
    char: str
    font: str
    cid: int
    box: tuple[float, float, float, float]


def glyphs(pdf: Path, chars: str) -> list[Glyph]:
    """Every drawing of any of `chars` in the PDF, read with pdfminer.six."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    found: list[Glyph] = []

    class Recorder(PDFPageAggregator):
        def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
            width = super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)
            char = self.cur_item._objs[-1]  # the LTChar the call above just added
            text = char.get_text()
            if text in chars:
                box = (char.x0, self.height - char.y1, char.x1, self.height - char.y0)
                found.append(Glyph(self.page_number, text, font.fontname.split("+")[-1], cid, box))
            return width

    manager = PDFResourceManager()
    device = Recorder(manager, laparams=LAParams())
    interpreter = PDFPageInterpreter(manager, device)
    with pdf.open("rb") as stream:
        for number, page in enumerate(PDFPage.get_pages(stream), 1):
            device.page_number, device.height = number, page.mediabox[3]
            interpreter.process_page(page)
    return found


def ink(pdf: Path, glyph: Glyph) -> int:
    """How many dark pixels the glyph's box holds when its page is rendered at 144 dpi: 0 for a blank."""
    x0, y0, x1, y1 = (round(v * 2) for v in glyph.box)
    pgm = subprocess.run(
        [
            "pdftoppm",
            "-gray",
            "-r",
            "144",
            "-f",
            str(glyph.page),
            "-l",
            str(glyph.page),
            "-x",
            str(x0),
            "-y",
            str(y0),
            "-W",
            str(max(x1 - x0, 1)),
            "-H",
            str(max(y1 - y0, 1)),
            str(pdf),
        ],
        capture_output=True,
        check=True,
    ).stdout
    header = pgm.split(b"\n", 3)  # P5, width height, maxval, then the pixels
    return sum(1 for value in header[3] if value < 128)


def visual_text(pdf: Path) -> str:
    """The text as the eye reads each line, from pdfminer.six: characters in the order the PDF draws them,
    but a line's characters put back in order of their place on the line. LibreOffice draws the characters
    it takes from a fallback font after the rest of their line; pdftotext's drawing order leaves them there,
    and its reading order mixes the lines of cells side by side. A line is the characters on one baseline
    within one column (a table cell)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    pages: list[str] = []

    class Reader(PDFPageAggregator):
        def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
            width = super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)
            char = self.cur_item._objs[-1]  # the LTChar the call above just added
            self.drawn.append((char.get_text(), char.x0, char.x1, round(char.matrix[5], 1), char.size))
            return width

    manager = PDFResourceManager()
    device = Reader(manager, laparams=None)
    interpreter = PDFPageInterpreter(manager, device)
    with pdf.open("rb") as stream:
        for page in PDFPage.get_pages(stream):
            device.drawn = []
            interpreter.process_page(page)
            pages.append("\n".join(_lines_of(device.drawn)))
    return "\f".join(pages)


def _lines_of(drawn: list[tuple[str, float, float, float, float]]) -> list[str]:
    """Runs of characters drawn one after another along a baseline, joined into lines: runs on one baseline
    that touch or overlap are one line (a fallback run fills the gaps its line left). Lines come in the order
    their first run was drawn."""
    by_baseline: dict[float, list[tuple[int, dict]]] = {}
    for order, run in enumerate(_runs(drawn)):
        by_baseline.setdefault(run["baseline"], []).append((order, run))
    lines: list[tuple[int, list]] = []
    for runs in by_baseline.values():
        runs.sort(key=lambda item: item[1]["x0"])
        right = None
        for order, run in runs:
            if right is not None and run["x0"] <= right + run["size"] / 4:
                first, chars = lines[-1]
                lines[-1] = (min(first, order), chars + run["chars"])
                right = max(right, run["x1"])
            else:
                lines.append((order, list(run["chars"])))
                right = run["x1"]
    lines.sort(key=lambda line: line[0])
    return ["".join(text for _, text in sorted(chars, key=lambda c: c[0])) for _, chars in lines]


def _runs(drawn: list[tuple[str, float, float, float, float]]) -> list[dict]:
    runs: list[dict] = []
    for text, x0, x1, baseline, size in drawn:
        run = runs[-1] if runs else None
        if run and run["baseline"] == baseline and run["x1"] - size / 4 <= x0 <= run["x1"] + size:
            run["chars"].append((x0, text))
            run["x1"] = max(run["x1"], x1)
        else:
            runs.append({"baseline": baseline, "x0": x0, "x1": x1, "size": size, "chars": [(x0, text)]})
    return runs
