"""Checking many drafts: finding the proposals under the given paths and checking them across the cores."""

from __future__ import annotations

import os
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


def discover(paths: Sequence[Path]) -> list[Path]:
    """Each PATH as proposals: a proposal.yaml, a folder holding one, or a folder searched for them."""
    found: list[Path] = []
    for path in paths:
        if path.is_file() or (path / PROPOSAL_FILE).is_file():
            found.append(path)
            continue
        unsearched: list[Path] = []
        below = sorted(_search(path, unsearched))
        if not below:
            beyond = f"；超过 {MAX_DEPTH} 层的文件夹没有查找（如「{unsearched[0]}」）" if unsearched else ""
            raise NoProposalFound(f"文件夹「{path}」中没有找到组建方案（proposal.yaml）{beyond}", path)
        found += below
    return found


def _search(folder: Path, unsearched: list[Path]) -> Iterator[Path]:
    """The folders under `folder` holding a proposal.yaml, no deeper than MAX_DEPTH (os.walk recurses, and a
    folder a thousand levels deep overflows Python's stack); the folders left unsearched go to `unsearched`."""
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
