"""Benchmark: checking 1,000 generated drafts of the sample's size, against merely parsing the same files
with PyYAML's C loader in one process. Prints drafts per second and the ratio; asserts nothing.

Run with ``make bench``. The goals: under 3× the bare parse, and at least 200 drafts a second on 2 cores.
"""

from __future__ import annotations

import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

import yaml

from proposal_kit.batch import check_many, discover

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "power-semiconductor"
COUNT = int(os.environ.get("BENCH_DRAFTS", "1000"))
INCLUDE = re.compile(r"^(?P<indent> *)(?P<key>[a-z_]+): \{include: (?P<file>[^}]+)\}$", re.MULTILINE)


def one_file_sample() -> str:
    """The sample as one YAML file, its Markdown written inline: a draft as a district receives it."""

    def inline(match: re.Match[str]) -> str:
        body = (SAMPLE / match["file"]).read_text("utf-8").strip()
        pad = match["indent"] + "  "
        return f"{match['indent']}{match['key']}: |\n" + "\n".join(
            pad + line if line else "" for line in body.splitlines()
        )

    return INCLUDE.sub(inline, (SAMPLE / "proposal.yaml").read_text("utf-8"))


def generate(folder: Path, count: int) -> None:
    """`count` drafts: the sample with a few values changed at random, so each is checked on its own."""
    base = one_file_sample()
    rng = random.Random(7)
    for index in range(count):
        text = base.replace("total: 32000", f"total: {32000 + rng.choice([0, 0, 500])}")
        text = text.replace("score: 4.5}", f"score: {rng.choice([4.5, 5, 6])}}}", 1)
        draft = folder / f"draft-{index:04d}"
        draft.mkdir()
        (draft / "proposal.yaml").write_text(text, "utf-8")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(folder, COUNT)
        files = sorted(folder.glob("*/proposal.yaml"))
        size = files[0].stat().st_size
        loader = yaml.CSafeLoader
        start = time.perf_counter()
        for path in files:
            yaml.load(path.read_text("utf-8"), Loader=loader)
        parse = time.perf_counter() - start
        start = time.perf_counter()
        drafts = check_many(discover([folder]))
        checked = time.perf_counter() - start
        failed = sum(d.status != "pass" for d in drafts)
        print(f"{COUNT} drafts of {size / 1024:.0f} KiB each; {os.cpu_count()} cores; {sys.version.split()[0]}")
        print(f"bare parse, PyYAML C loader, one process: {parse:6.2f} s   {COUNT / parse:7.0f} drafts/s")
        print(
            f"proposal-kit check (load, validate, rules): {checked:6.2f} s   {COUNT / checked:7.0f} drafts/s   ({failed} with findings)"
        )
        print(f"ratio to the bare parse: {checked / parse:.2f}×")


if __name__ == "__main__":
    main()
