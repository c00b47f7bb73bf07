"""The applicant's own images (`figures.images`): PNG and JPEG as they are, SVG turned into PNG at 300 dpi by
rsvg-convert where it is installed; each placed in the item of 附件1 it names, by number (「六.2」) or field."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

from proposal_kit.codes import finding
from proposal_kit.exceptions import LoadError
from proposal_kit.guideline import Guideline
from proposal_kit.load import resolve_inside

MAX_WIDTH_MM = 156.0  # the text width
DEFAULT_DPI = 150


def own_images(proposal: Any, folder: Path | None, guideline: Guideline) -> tuple[list[tuple], list[Any]]:
    """(item, caption, (png, width, height)) of each image that can be printed, and a P007 for each that cannot
    (a missing or outside file is reported when the proposal is read: L010, L011)."""
    placed, problems = [], []
    for index, image in enumerate(proposal.figures.images):
        field = f"figures.images[{index}]"
        item = item_field(image.item, guideline)
        if item is None:
            problems.append(finding("P007", f"图片「{image.caption}」的所在项「{image.item}」不是附件1 的项", field))
            continue
        if folder is None:
            continue
        try:
            picture = _picture(resolve_inside(folder, image.file))
        except LoadError:
            continue  # said when the proposal was read
        if picture is None:
            problems.append(finding("P007", f"「{image.file}」不是可以插入的 PNG、JPEG 或 SVG 图片", field))
            continue
        placed.append((item, image.caption, picture))
    return placed, problems


def item_field(item: str, guideline: Guideline) -> str | None:
    """The outline field of 「六.2」, 「六、2」 or 「construction.content」; None where it is none."""
    outline = guideline.outline
    wanted = item.strip().replace("、", ".").replace("．", ".")
    for leaf in outline.leaves():
        if wanted in (leaf.field, outline.place(leaf.field)):
            return leaf.field
    return None


def _picture(path: Path) -> tuple[bytes, float, float] | None:
    data = path.read_bytes()
    if path.suffix.lower() == ".svg":
        data = _svg_to_png(path)
        if data is None:
            return None
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as picture:
            kind, (width, height) = picture.format, picture.size
            dpi = picture.info.get("dpi", (DEFAULT_DPI, DEFAULT_DPI))[0] or DEFAULT_DPI
    except (UnidentifiedImageError, OSError):
        return None
    if kind not in ("PNG", "JPEG"):
        return None
    width_mm, height_mm = width / float(dpi) * 25.4, height / float(dpi) * 25.4
    scale = min(1.0, MAX_WIDTH_MM / width_mm)
    return data, width_mm * scale, height_mm * scale


def _svg_to_png(path: Path) -> bytes | None:
    converter = shutil.which("rsvg-convert")
    if converter is None:
        return None
    try:
        done = subprocess.run([converter, "-d", "300", "-p", "300", str(path)], capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 and done.stdout else None
