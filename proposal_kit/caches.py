"""Where proposal-kit keeps what it works out once per machine (fonts' coverage, LibreOffice's prepared profile,
the proposal's validator): the user's cache folder, $XDG_CACHE_HOME or ~/.cache, as fontconfig keeps its own."""

from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    """The user's cache folder itself (LibreOffice's fontconfig cache goes under it, as fonts.conf says)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")


def kept(name: str) -> Path:
    """Where proposal-kit keeps `name`."""
    return cache_root() / "proposal-kit" / name
