"""Figures kept between builds: a figure is drawn again only when what it shows, the code that draws it or the
fonts change. Drawing the four takes a tenth of a second, and Pillow's import more, while most rebuilds (a
save in a watch loop, a build after an edit) change prose only. Kept in the user's cache folder, each under a
digest of all three; where that folder cannot be written, figures are drawn every time."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

Picture = tuple[bytes, float, float]  # the PNG, its printed width and height in millimetres
KEEP_AT_MOST = 400  # figures; past this, the older half goes


def kept_figure(kind: str, shown: Any, draw: Callable[[Any], Picture | None]) -> Picture | None:
    """The figure `draw` makes of `shown` (the data it draws, keyed by its repr), drawn once and kept."""
    from proposal_kit.caches import kept

    path = kept(f"figures/{_digest(kind, shown)}")
    with contextlib.suppress(OSError, ValueError):
        return _read(path.read_bytes())
    picture = draw(shown)
    with contextlib.suppress(OSError):
        _keep(path, picture)
    return picture


def _digest(kind: str, shown: Any) -> str:
    from proposal_kit.coverage import fonts_state

    key = f"{kind}\n{shown!r}\n{_code()}\n{fonts_state()}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:24]


@cache
def _code() -> str:
    """A digest of the drawing code (this package's modules)."""
    from proposal_kit.caches import files_digest

    here = Path(__file__).resolve().parent
    return files_digest(here.glob("*.py"), here)


def _read(data: bytes) -> Picture | None:
    if not data:
        return None  # kept as nothing to draw
    size, _, png = data.partition(b"\n")
    width, height = (float(number) for number in size.split())
    if not png.startswith(b"\x89PNG"):
        raise ValueError("not a kept figure")
    return png, width, height


def _keep(path: Path, picture: Picture | None) -> None:
    from proposal_kit.writefile import write_atomic

    data = b"" if picture is None else f"{picture[1]!r} {picture[2]!r}\n".encode() + picture[0]
    write_atomic(path, data)
    kept = sorted(path.parent.iterdir(), key=lambda p: p.stat().st_mtime)
    if len(kept) > KEEP_AT_MOST:
        for old in kept[: len(kept) // 2]:
            with contextlib.suppress(OSError):
                old.unlink()
