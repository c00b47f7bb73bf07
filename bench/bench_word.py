"""Benchmark: reading the drafts staff receive, each Word-draft corpus case and the built sample, by `check`
and by `import`. Prints the median per draft; asserts nothing. The goal: under 2 s a draft (the .doc and the
exported PDF include LibreOffice's or pdftotext's start).

Run with ``make bench``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.timing import report, timed  # noqa: E402
from proposal_kit.docx_in import DocumentSource  # noqa: E402
from proposal_kit.importer import import_draft  # noqa: E402
from proposal_kit.pipeline import build, check, read  # noqa: E402
from tests.word_drafts.generate import CASES  # noqa: E402

GOAL = 2.0  # seconds a draft


def _import(path: Path, work: Path) -> None:
    source = read(path)
    assert isinstance(source, DocumentSource)
    target = work / f"out-{len(list(work.iterdir()))}"
    import_draft(source, target)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        drafts = {case.name: case.write(work / "drafts") for case in CASES}
        [built] = build([ROOT / "samples" / "power-semiconductor"], work / "built", pdf=False, force=True)
        drafts["built-sample"] = built.outputs[0]
        slowest = 0.0
        imports = work / "imports"
        imports.mkdir()
        for name, path in drafts.items():
            runs = 3 if path.suffix in (".doc", ".pdf") else 5
            slowest = max(slowest, report(f"check {name}", timed(lambda p=path: check(p), runs), 44))
            if name != "scanned-pdf":
                slowest = max(slowest, report(f"import {name}", timed(lambda p=path: _import(p, imports), runs), 44))
        print(f"slowest median: {slowest:.2f} s a draft (goal: under {GOAL:.0f} s)")


if __name__ == "__main__":
    main()
