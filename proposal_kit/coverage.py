"""Which characters the PDF can draw: the union of what the fonts the converter sees cover (through the same
fontconfig mapping), and the characters of a proposal outside it, each placed at its field and line."""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import os
import re
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
    """What the converter's fonts cover, or None where fontconfig's fc-list is not installed. Asking fc-list
    for every font's charset takes a fifth of a second, so the answer is kept in the user's cache folder for as
    long as the font folders and the mapping are unchanged (as fontconfig keeps its own cache)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    from proposal_kit.caches import kept as kept_file

    kept = kept_file(f"coverage-{fonts_state()}.txt")
    try:
        return Coverage([(int(a), int(b)) for a, b in (line.split() for line in kept.read_text("ascii").splitlines())])
    except (OSError, ValueError):
        pass
    coverage = _asked(fc_list)
    if coverage is not None:
        from proposal_kit.writefile import write_atomic

        ranges = "".join(f"{low} {high}\n" for low, high in zip(coverage.lows, coverage.highs, strict=True))
        with contextlib.suppress(OSError):
            write_atomic(kept, ranges.encode("ascii"))
    return coverage


@cache
def fonts_state() -> str:
    """A digest of what decides the coverage: the mapping file and every font folder it names, with their dates
    (a font added or removed changes the date of the folder it is in)."""
    from proposal_kit.office import fontconfig_file

    mapping = fontconfig_file().read_text("utf-8")
    state = [mapping]
    for folder in re.findall(r"<dir>([^<]+)</dir>", mapping):
        for root, _, _ in os.walk(folder):
            with contextlib.suppress(OSError):
                state.append(f"{root} {os.stat(root).st_mtime_ns}")
    return hashlib.sha256("\n".join(state).encode("utf-8")).hexdigest()[:16]


def _asked(fc_list: str) -> Coverage | None:
    """The coverage as fc-list reports it under the conversion's fontconfig mapping."""
    from proposal_kit.office import conversion_environment

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
