"""Writing outputs atomically: a temporary file beside the target, then a rename."""

from __future__ import annotations

import glob
import os
import re
import tempfile
import time
import unicodedata
from pathlib import Path

STALE_AFTER = 3600  # seconds: a temporary file this old was left by a build that was killed


def write_atomic(target: Path, data: bytes) -> None:
    """Write `data` to `target` so readers see the old file or the whole new one, never a part. A target that
    exists and is not a regular file (a terminal, /dev/null, a pipe) is written to, never replaced."""
    if target.exists() and not target.is_file():
        with target.open("wb") as stream:
            stream.write(data)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(target)
    fd, temporary = tempfile.mkstemp(prefix=_temporary_prefix(target), suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _temporary_prefix(target: Path) -> str:
    """The start of the temporary files' names of `target`: its name, cut so a temporary name fits too."""
    return f".{target.name[:40]}."


def _remove_stale(target: Path) -> None:
    """Remove temporary files of `target` that a killed build left behind; live builds' files are younger."""
    now = time.time()
    for leftover in target.parent.glob(f"{glob.escape(_temporary_prefix(target))}*.tmp"):
        try:
            if now - leftover.stat().st_mtime > STALE_AFTER:
                leftover.unlink()
        except OSError:
            pass


_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
NAME_LIMIT = 255  # bytes: the longest file name the usual file systems take


def safe_filename(stem: str, suffix: str = "") -> tuple[str, bool]:
    """`stem` + `suffix` as one file name: no folder separators, characters Windows refuses or invisible ones
    (a right-to-left override can disguise 「…txt.exe」), not hidden, and shortened to NAME_LIMIT bytes keeping
    `suffix`; and whether it had to be shortened."""
    cleaned = "".join(c for c in _UNSAFE.sub("_", stem) if unicodedata.category(c) != "Cf")
    cleaned = cleaned.strip().lstrip(".") or "组建方案"
    room = NAME_LIMIT - len(suffix.encode("utf-8"))
    short = cleaned.encode("utf-8")[:room].decode("utf-8", "ignore")
    return short + suffix, short != cleaned


def unique_filename(stem: str, suffix: str, taken: set[str]) -> tuple[str, bool, int]:
    """`safe_filename(stem, suffix)`, numbered 「（2）」 before `suffix` where `taken` holds it already (case
    aside: a file system may not tell 「A」 from 「a」); the name, whether it was shortened, and its number (1
    where none was needed). The name is added to `taken`."""
    name, shortened = safe_filename(stem, suffix)
    number = 1
    while name.casefold() in taken:
        number += 1
        name, _ = safe_filename(stem, f"（{number}）{suffix}")
    taken.add(name.casefold())
    return name, shortened, number
