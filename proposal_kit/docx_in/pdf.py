"""A PDF draft read for its outline, abstract and length: the text poppler's pdftotext gives, its lines joined
back into paragraphs. A PDF without text (a scan) cannot be checked and is said to be one."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from proposal_kit.docx_in.blocks import Block, Paragraph
from proposal_kit.docx_in.outline import number_of
from proposal_kit.exceptions import LoadError

#: Fewer characters than this a page, and the PDF is a scan (its pages are pictures of text).
SCANNED_BELOW = 20
_PAGE_NUMBER = re.compile(r"^\s*(—|－|-)?\s*\d{1,4}\s*(—|－|-)?\s*$")
_LABELLED = re.compile(r"^[\u4e00-\u9fff ]{2,8}[：:]")  # 「牵头单位：……」, a line of its own on a cover
_ENDS_A_PARAGRAPH = re.compile(r"[。！？；：:]$")


def pdf_text(path: Path) -> str:
    """The text of a PDF, pages separated by form feeds; LoadError where poppler cannot read it."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        raise LoadError("L014", "读取 PDF 需要 poppler-utils（pdftotext），本机未找到", path)
    try:
        done = subprocess.run(
            [pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        raise LoadError("L014", f"无法读取 PDF「{path.name}」：{e}", path) from e
    if done.returncode != 0:
        raise LoadError("L014", f"「{path.name}」不是可以读取的 PDF", path)
    return done.stdout.decode("utf-8", "replace")


def pdf_blocks(path: Path) -> list[Block]:
    """The paragraphs of a text PDF; LoadError (L015) for a scan."""
    text = pdf_text(path)
    pages = text.split("\f")
    if len(re.sub(r"\s", "", text)) < SCANNED_BELOW * max(1, len([p for p in pages if p.strip()]) or 1):
        raise LoadError(
            "L015", f"「{path.name}」是扫描件（PDF 中没有文字），无法检查文字；请提供 Word 文档或可复制文字的 PDF", path
        )
    return paragraphs(text)


def paragraphs(text: str) -> list[Block]:
    """Lines joined into paragraphs: a heading, or a line after one that ends a sentence, starts a new one."""
    blocks: list[Block] = []
    current: list[str] = []

    def close() -> None:
        if current:
            joined = "".join(current).strip()
            blocks.append(Paragraph(len(blocks), joined, "", "", 0, False, joined))
            current.clear()

    for raw in text.replace("\f", "\n").split("\n"):
        line = raw.strip()
        if not line or _PAGE_NUMBER.match(line):
            close()
            continue
        if (number_of(line) and len(line) <= 42) or _LABELLED.match(line):
            close()
            current.append(line)
            close()
            continue
        current.append(line)
        if _ENDS_A_PARAGRAPH.search(line):
            close()
    close()
    return blocks
