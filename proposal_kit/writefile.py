"""Writing outputs atomically: a temporary file beside the target, then a rename."""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path

STALE_AFTER = 3600  # seconds: a temporary file this old was left by a build that was killed


def write_atomic(target: Path, data: bytes) -> None:
    """Write `data` to `target` so readers see the old file or the whole new one, never a part."""
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(target)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
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


def _remove_stale(target: Path) -> None:
    """Remove temporary files of `target` that a killed build left behind; live builds' files are younger."""
    now = time.time()
    for leftover in target.parent.glob(f".{target.name}.*.tmp"):
        try:
            if now - leftover.stat().st_mtime > STALE_AFTER:
                leftover.unlink()
        except OSError:
            pass


_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


def safe_filename(name: str, limit: int = 120) -> str:
    """`name` as one file name: no folder separators or characters Windows refuses, not hidden, not too long."""
    cleaned = _UNSAFE.sub("_", name).strip().lstrip(".") or "组建方案"
    return cleaned[:limit]
