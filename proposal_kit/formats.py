"""Text that is safe to put into a document, and the number and date forms documents and reports use."""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

# Characters XML 1.0 forbids (C0 controls but tab, newline and return; lone surrogates; U+FFFE and U+FFFF),
# and DEL and the C1 controls, which print nothing and make LibreOffice misplace the characters after them.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """`text` without the control characters a document cannot hold or print; everything else is kept."""
    return _ILLEGAL.sub("", text)


def amount(value: Decimal | int | None) -> str:
    """A quantity as the document shows it: thousands separated, exact, no exponent (「32,000」, 「2.9」)."""
    if value is None:
        return ""
    return f"{value:,f}" if isinstance(value, Decimal) else f"{value:,}"


def share(part: Decimal, whole: Decimal) -> str:
    """`part` as a percentage of `whole`, one decimal rounded half up as people round (18,000 of 32,000 is
    「56.3%」, not the 56.2% of rounding half to even), or "" when the whole is zero."""
    if not whole:
        return ""
    return f"{(Decimal(part) * 100 / Decimal(whole)).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"


def chinese_date(value: date | None) -> str:
    """A date as official documents write it: 「2025年3月1日」."""
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


# What no report or terminal should receive as it is: control characters (an ESC starts a terminal command),
# the marks and overrides of bidirectional text (an unclosed U+202E reverses what follows it in the HTML report,
# status included), and lone surrogates (the undecodable bytes of a file name unzipped from a Windows archive).
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` safe to print and to write into any report: control characters, bidirectional overrides and
    undecodable bytes shown as escapes (「\\x1b」, 「\\u202e」, 「\\xb2」), everything else as it is."""
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte Python could not decode, kept as a surrogate (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
