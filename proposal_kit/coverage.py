"""Which characters the PDF can draw: the union of what the fonts the converter sees cover (through the same
fontconfig mapping), and the characters of a proposal outside it, each placed at its field and line."""

from __future__ import annotations

import bisect
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path

# Characters that are never drawn, so need no font: variation selectors, Hangul fillers, tags and the like
# (Unicode's default-ignorable code points), besides controls, format characters and spaces.
_IGNORABLE = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0xE0000, 0xE0FFF),
)
_NOT_DRAWN = {"Cc", "Cf", "Cs", "Zs", "Zl", "Zp"}


class Coverage:
    """A set of code points kept as sorted, merged ranges."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for low, high in sorted(ranges):
            if merged and low <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(merged[-1][1], high))
            else:
                merged.append((low, high))
        self.lows = [low for low, _ in merged]
        self.highs = [high for _, high in merged]

    def __contains__(self, code: int) -> bool:
        index = bisect.bisect_right(self.lows, code) - 1
        return index >= 0 and code <= self.highs[index]


def parse_charsets(listing: str) -> Coverage:
    """The union of fontconfig's charsets as `fc-list --format '%{charset}'` prints them (「20-7e a0 …」)."""
    ranges = []
    for line in set(listing.splitlines()):
        for part in line.split():
            low, _, high = part.partition("-")
            ranges.append((int(low, 16), int(high or low, 16)))
    return Coverage(ranges)


@cache
def installed_coverage() -> Coverage | None:
    """What the converter's fonts cover, or None where fontconfig's fc-list is not installed."""
    from proposal_kit.convert import conversion_environment

    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    with tempfile.TemporaryDirectory(prefix="proposal-kit-fonts-") as home:
        try:
            listing = subprocess.run(
                [fc_list, "--format", "%{charset}\n"],
                capture_output=True,
                text=True,
                timeout=60,
                env=conversion_environment(Path(home)),
            ).stdout
        except (OSError, subprocess.TimeoutExpired):
            return None
    return parse_charsets(listing)


def needs_a_glyph(char: str) -> bool:
    code = ord(char)
    if unicodedata.category(char) in _NOT_DRAWN:
        return False
    return not any(low <= code <= high for low, high in _IGNORABLE)


#: What the PDF prints in place of a character no font has: a drawn box, the mark for a missing character.
#: (Left to LibreOffice, such characters vanish, and two of them in a row make the next ones overprint.)
PLACEHOLDER = "□"


def placeholders(text: str, coverage: Coverage) -> dict[int, str]:
    """A `str.translate` table turning every character of `text` that no font covers into the placeholder."""
    return {ord(c): PLACEHOLDER for c in set(text) if needs_a_glyph(c) and ord(c) not in coverage}


def uncovered(text: str, coverage: Coverage) -> Iterator[tuple[int, str]]:
    """(line, character) for the first place each character no font covers appears in `text`."""
    seen: set[str] = set()
    for index, char in enumerate(text):
        if char not in seen and needs_a_glyph(char) and ord(char) not in coverage:
            seen.add(char)
            yield text.count("\n", 0, index), char
