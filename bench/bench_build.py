"""Benchmark: building the sample's .docx, in-process and as a command, beside pandoc turning the same
text (as Markdown) into a .docx with the GB/T template as its reference document.

Run with ``make bench``. Prints medians of repeated runs; asserts nothing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pypandoc
from timing import report, timed

from proposal_kit.guideline import load as load_guideline
from proposal_kit.load import load
from proposal_kit.render.document import default_template, render_document
from proposal_kit.rules.paths import value_at
from proposal_kit.validate import validate

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "power-semiconductor"


def sample_as_markdown() -> str:
    """The sample's narrative with the outline's headings: the text pandoc is given."""
    proposal, _ = validate(load(SAMPLE))
    parts = []
    for chapter in load_guideline().outline.chapters:
        parts.append(f"# {chapter.heading}")
        for item in chapter.items or (chapter,):
            parts.append(f"## {item.title}")
            value = value_at(proposal, item.field)
            texts = [value] if isinstance(value, str) else []
            parts += texts
    return "\n\n".join(parts)


def main() -> None:
    proposal, _ = validate(load(SAMPLE))
    ours = report(
        "proposal-kit: render .docx in-process (validated model)", timed(lambda: render_document(proposal), 20)
    )
    report(
        "proposal-kit: load + validate + render in-process",
        timed(lambda: render_document(validate(load(SAMPLE))[0]), 20),
    )
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, "-m", "proposal_kit", "build", "--no-pdf", "-o", tmp, str(SAMPLE)]
        ours_command = report(
            "proposal-kit build --no-pdf (whole command)",
            timed(lambda: subprocess.run(command, check=True, capture_output=True), 5),
        )
        markdown = Path(tmp) / "sample.md"
        markdown.write_text(sample_as_markdown(), "utf-8")
        pandoc = [
            pypandoc.get_pandoc_path(),
            str(markdown),
            "-o",
            str(Path(tmp) / "pandoc.docx"),
            f"--reference-doc={default_template()}",
        ]
        theirs = report(
            f"pandoc {pypandoc.get_pandoc_version()} Markdown → .docx (whole command)",
            timed(lambda: subprocess.run(pandoc, check=True, capture_output=True), 5),
        )
    print(f"in-process render / pandoc: {ours / theirs:.2f}×   command / pandoc: {ours_command / theirs:.2f}×")
    figures_cost(ours_command)


FIGURES_OFF = "\nfigures: {organization: false, schedule: false, funding: false, scores: false}\n"


def figures_cost(with_figures: float) -> None:
    """What drawing the four figures adds to `build --no-pdf` (the goal: at most 0.5 s), against the same
    sample with every figure turned off, in the same run."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "no-figures"
        shutil.copytree(SAMPLE, folder)
        with (folder / "proposal.yaml").open("a", encoding="utf-8") as yaml:
            yaml.write(FIGURES_OFF)
        command = [sys.executable, "-m", "proposal_kit", "build", "--no-pdf", "-o", str(Path(tmp) / "out"), str(folder)]
        without = report(
            "proposal-kit build --no-pdf, every figure turned off",
            timed(lambda: subprocess.run(command, check=True, capture_output=True), 5),
        )
    print(f"the four figures add {with_figures - without:.2f} s to build --no-pdf (goal: at most 0.50 s)")


if __name__ == "__main__":
    main()
