"""A page of a figure at print resolution: sizes in millimetres and points as the document measures them, the
document's own fonts (黑体 for labels, 仿宋 for text) as the PDF conversion resolves them, black and greys only,
so that a figure printed in black and white reads as it does on screen."""

from __future__ import annotations

import io
import itertools
import os
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

DPI = 300
MM = DPI / 25.4  # pixels in a millimetre
HEITI, FANGSONG = "黑体", "仿宋"
#: Greys a laser printer tells apart, darkest first; hatches tell neighbours apart where greys are close.
GREYS = (90, 140, 185, 215, 235, 160, 120, 200)

#: Where the fonts are when fontconfig is not there to ask (Windows, macOS), by family, in order.
FONT_PLACES = {
    HEITI: (
        "C:/Windows/Fonts/simhei.ttf",
        "C:/Windows/Fonts/msyh.ttc",
        "/System/Library/Fonts/STHeiti Medium.ttc",
        "/System/Library/Fonts/PingFang.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    ),
    FANGSONG: (
        "C:/Windows/Fonts/simfang.ttf",
        "C:/Windows/Fonts/simsun.ttc",
        "/System/Library/Fonts/Supplemental/Songti.ttc",
        "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf",
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    ),
}


@cache
def font_file(family: str) -> str | None:
    """The file of `family` the PDF conversion uses: fontconfig under the conversion's own mapping (so 仿宋 is
    FandolFang where 仿宋_GB2312 is not installed), else the usual places on Windows and macOS."""
    fc_match = shutil.which("fc-match")
    if fc_match:
        from proposal_kit.office import conversion_environment

        with tempfile.TemporaryDirectory(prefix="proposal-kit-fig-") as home:
            try:
                found = subprocess.run(
                    [fc_match, "-f", "%{file}", f"{family}:lang=zh-cn"],
                    capture_output=True,
                    text=True,
                    timeout=30,
                    env=conversion_environment(Path(home)),
                ).stdout.strip()
            except (OSError, subprocess.TimeoutExpired):
                found = ""
        if found and os.path.isfile(found):
            return found
    return next((place for place in FONT_PLACES.get(family, ()) if os.path.isfile(place)), None)


@cache
def font(family: str, points: float) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = font_file(family)
    size = round(points * DPI / 72)
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size)


class Canvas:
    """A white figure `width` × `height` millimetres at 300 dpi, drawn on in millimetres."""

    def __init__(self, width: float, height: float) -> None:
        self.width, self.height = width, height
        self.image = Image.new("L", (round(width * MM), round(height * MM)), 255)
        self.draw = ImageDraw.Draw(self.image)

    def text(
        self, x: float, y: float, text: str, points: float = 9, family: str = FANGSONG, anchor: str = "mm"
    ) -> None:
        self.draw.text((x * MM, y * MM), text, fill=0, font=font(family, points), anchor=anchor)

    def text_width(self, text: str, points: float = 9, family: str = FANGSONG) -> float:
        return self.draw.textlength(text, font=font(family, points)) / MM

    def box(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        grey: int = 255,
        dashed: bool = False,
        hatch: bool = False,
        line: float = 0.3,
    ) -> None:
        """A rectangle filled with `grey` (255 white), outlined in black, solid or dashed, hatched on request."""
        box = [round(x * MM), round(y * MM), round((x + w) * MM), round((y + h) * MM)]
        self.draw.rectangle(box, fill=grey)
        if hatch:
            self._hatch(box)
        width = max(1, round(line * MM))
        if dashed:
            self._dashed_rectangle(box, width)
        else:
            self.draw.rectangle(box, outline=0, width=width)

    def blank(self, x: float, y: float, w: float, h: float) -> None:
        """White paper under a label, so that grid lines do not run through its characters."""
        self.draw.rectangle([round(x * MM), round(y * MM), round((x + w) * MM), round((y + h) * MM)], fill=255)

    def _hatch(self, box: list[int]) -> None:
        x0, y0, x1, y1 = box
        step = round(1.6 * MM)
        for offset in range(-(y1 - y0), x1 - x0, step):
            start = (x0 + max(offset, 0), y0 + max(-offset, 0))
            length = min(x1 - start[0], y1 - start[1])
            self.draw.line([start, (start[0] + length, start[1] + length)], fill=0, width=max(1, round(0.12 * MM)))

    def _dashed_rectangle(self, box: list[int], width: int) -> None:
        x0, y0, x1, y1 = box
        for a, b in (((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)), ((x1, y1), (x0, y1)), ((x0, y1), (x0, y0))):
            self.dashed_line(a, b, width)

    def dashed_line(self, a: tuple[int, int], b: tuple[int, int], width: int, dash: float = 1.5) -> None:
        """A dashed line between two points in pixels."""
        length = max(abs(b[0] - a[0]), abs(b[1] - a[1]))
        step = round(dash * MM)
        for start in range(0, length, 2 * step):
            end = min(start + step, length)
            p = (a[0] + (b[0] - a[0]) * start // length, a[1] + (b[1] - a[1]) * start // length)
            q = (a[0] + (b[0] - a[0]) * end // length, a[1] + (b[1] - a[1]) * end // length)
            self.draw.line([p, q], fill=0, width=width)

    def line(self, points: list[tuple[float, float]], width: float = 0.3, grey: int = 0, dashed: bool = False) -> None:
        pixels = [(round(x * MM), round(y * MM)) for x, y in points]
        if dashed:
            for a, b in itertools.pairwise(pixels):
                self.dashed_line(a, b, max(1, round(width * MM)))
        else:
            self.draw.line(pixels, fill=grey, width=max(1, round(width * MM)))

    def diamond(self, x: float, y: float, size: float = 2.4) -> None:
        half = size / 2
        corners = [(x, y - half), (x + half, y), (x, y + half), (x - half, y)]
        self.draw.polygon([(round(a * MM), round(b * MM)) for a, b in corners], fill=0)

    def png(self) -> bytes:
        buffer = io.BytesIO()
        self.image.save(buffer, "PNG", dpi=(DPI, DPI), optimize=False, compress_level=6)
        return buffer.getvalue()
