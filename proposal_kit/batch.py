"""Checking many drafts: finding the proposals under the given paths and checking them across the cores."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

from proposal_kit.exceptions import ProposalKitError
from proposal_kit.load import PROPOSAL_FILE
from proposal_kit.pipeline import check
from proposal_kit.results import Draft
from proposal_kit.selection import EVERYTHING, Selection

_SKIPPED_FOLDERS = {".git", ".venv", "venv", "node_modules", "__pycache__", "build"}
_IN_PROCESS_UP_TO = 4  # below this many drafts, starting worker processes costs more than it saves
MAX_DEPTH = 32  # folders below a checked folder searched for proposals


class NoProposalFound(ProposalKitError):
    """Raised when a folder given to `check` holds no proposal.yaml at any depth."""

    code = "L013"


DRAFT_SUFFIXES = (".docx", ".doc", ".pdf")
# Files beside real drafts that are none: Office's lock files (「~$草稿.docx」), editors' and Word's backups.
_LOCK_FILE = ("~$", ".~lock.")
_BACKUP = re.compile(r"(\.bak|\.tmp|~)$|备份|副本", re.IGNORECASE)


def discover(paths: Sequence[Path], skipped: list[Path] | None = None) -> list[Path]:
    """Each PATH as proposals: a proposal.yaml, a Word or PDF draft, a folder holding a proposal.yaml, or a
    folder searched for both kinds. Lock files and backups found on the way go to `skipped`, not checked."""
    found: list[Path] = []
    for path in paths:
        if path.is_file() or (path / PROPOSAL_FILE).is_file():
            found.append(path)
            continue
        unsearched: list[Path] = []
        below = sorted(_search(path, unsearched, skipped if skipped is not None else []))
        if not below:
            beyond = f"；超过 {MAX_DEPTH} 层的文件夹没有查找（如「{unsearched[0]}」）" if unsearched else ""
            raise NoProposalFound(
                f"文件夹「{path}」中没有找到组建方案（proposal.yaml、Word 或 PDF 草稿）{beyond}", path
            )
        found += below
    return found


def is_draft_file(name: str) -> bool:
    """Whether a file of this name is a Word or PDF draft (and not a lock file or a backup of one)."""
    stem, _, suffix = name.rpartition(".")
    return f".{suffix.lower()}" in DRAFT_SUFFIXES and not name.startswith(_LOCK_FILE) and not _BACKUP.search(stem)


def _search(folder: Path, unsearched: list[Path], skipped: list[Path]) -> Iterator[Path]:
    """The folders under `folder` holding a proposal.yaml, and the Word and PDF drafts, no deeper than MAX_DEPTH
    (os.walk recurses, and a folder a thousand levels deep overflows Python's stack); the folders left
    unsearched go to `unsearched`, lock files and backups to `skipped`. A folder holding a proposal.yaml is one
    proposal: the Word files inside it are its attachments, not drafts."""
    stack = [(folder, 0)]
    while stack:
        current, depth = stack.pop()
        try:
            with os.scandir(current) as listing:
                entries = sorted(listing, key=lambda e: e.name, reverse=True)
        except OSError:
            continue
        if any(e.name == PROPOSAL_FILE and e.is_file() for e in entries):
            yield current
            continue
        for entry in entries:
            if entry.is_file() and entry.name.lower().endswith(DRAFT_SUFFIXES):
                if is_draft_file(entry.name):
                    yield Path(entry.path)
                else:
                    skipped.append(Path(entry.path))
        below = [
            Path(e.path)
            for e in entries
            if e.is_dir(follow_symlinks=False) and e.name not in _SKIPPED_FOLDERS and not e.name.startswith(".")
        ]
        if depth < MAX_DEPTH:
            stack += [(path, depth + 1) for path in below]
        else:
            unsearched += below


def _check_light(path: Path, selection: Selection) -> Draft:
    return check(path, selection).without_model()


def check_many(paths: Sequence[Path], selection: Selection = EVERYTHING, progress: bool = False) -> list[Draft]:
    """Check every draft, in parallel across the cores when there are enough of them, in the order given."""
    work = partial(_check_light, selection=selection)
    if len(paths) <= _IN_PROCESS_UP_TO:
        return [work(path) for path in paths]
    workers = min(os.cpu_count() or 1, len(paths))
    with ProcessPoolExecutor(workers) as pool:
        results = pool.map(work, paths, chunksize=max(1, len(paths) // (workers * 8)))
        if progress:
            from tqdm import tqdm

            results = tqdm(results, total=len(paths), desc="检查", unit="份", file=sys.stderr)
        return list(results)
