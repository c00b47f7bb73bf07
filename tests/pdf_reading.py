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
