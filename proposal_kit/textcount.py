"""Counting 字 the way Word's 字数 (word count, 中文字数 + 英文单词) does."""

from __future__ import annotations

import re

# Ideographs (BMP and supplementary planes), kana, Hangul, CJK and full-width punctuation and forms,
# and the general punctuation Chinese text uses (“” ‘’ — …): each is one 字.
_EAST_ASIAN = (
    r"\u2010-\u2027\u2030-\u205e\u2e80-\u2fff\u3001-\u303f\u3040-\u30ff\u3100-\u31ff\u3200-\u4dbf"
    r"\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff01-\uff60\uffe0-\uffe6"
    r"\U00020000-\U0003ffff"
)
_EAST_ASIAN_CHAR = re.compile(f"[{_EAST_ASIAN}]")
_WORD_CHAR = re.compile(r"[^\W_]")
_MARKDOWN_SYNTAX = re.compile(r"^[ \t]*(?:#{1,6}|[-*+]|\d{1,9}[.)]|>)[ \t]+", re.MULTILINE)


def count_words(text: str) -> int:
    """Count as Word does: each East Asian character or full-width mark is one; each run of other
    non-space characters is one word if it holds a letter or digit (「R&D」, 「3.5%」), else nothing."""
    rest, east_asian = _EAST_ASIAN_CHAR.subn(" ", text)
    return east_asian + sum(1 for run in rest.split() if _WORD_CHAR.search(run))


def count_markdown_words(markdown: str) -> int:
    """Count the words of Markdown as they appear once rendered: list and heading markers are not text."""
    return count_words(_MARKDOWN_SYNTAX.sub("", markdown))
