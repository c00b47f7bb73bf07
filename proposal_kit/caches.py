"""Where proposal-kit keeps what it works out once per machine (fonts' coverage, LibreOffice's prepared profile,
the proposal's validator): the user's cache folder, $XDG_CACHE_HOME or ~/.cache, as fontconfig keeps its own."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path


def cache_root() -> Path:
    """The user's cache folder itself (LibreOffice's fontconfig cache goes under it, as fonts.conf says)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")


def kept(name: str) -> Path:
    """Where proposal-kit keeps `name`."""
    return cache_root() / "proposal-kit" / name


def files_digest(files: Iterable[Path], base: Path, *also: str) -> str:
    """A digest of what a kept thing is made from: the files (their names below `base` and their contents) and
    any other facts it depends on (versions), so that it is made again when one changes."""
    digest = hashlib.sha256("|".join(also).encode("utf-8", "surrogatepass"))
    for path in sorted(files):
        digest.update(path.relative_to(base).as_posix().encode("utf-8", "surrogatepass"))
        digest.update(path.read_bytes())
    return digest.hexdigest()
