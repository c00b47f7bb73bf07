"""The bad-input corpus: every case gets its coded Chinese message with no traceback; the good ones build."""

from __future__ import annotations

import os
import re
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from proposal_kit.cli import main
from proposal_kit.pipeline import build
from tests.corpus.generate import EXIT_STATUS, GENERATED, remove_deep
from tests.docx_reading import all_text, open_document

CORPUS = Path(__file__).parent / "corpus"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text("utf-8"))
MEASURED: dict[str, tuple[float, int]] = {}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Iterator[dict[str, Path]]:
    """Each generated case's folder (the one a generator returns, where the proposal lies deeper)."""
    root = tmp_path_factory.mktemp("generated-corpus")
    yield {name: make(root / name) or root / name for name, (make, _) in GENERATED.items()}
    remove_deep(root / "folder-1100-deep")


def _fingerprint(folder: Path) -> dict[Path, bytes]:
    """Every file below `folder` and its bytes, walked without recursion (a case is 1,100 folders deep)."""
    found, stack = {}, [folder]
    while stack:
        with os.scandir(stack.pop()) as listing:
            for entry in listing:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=False):
                    found[Path(entry.path)] = Path(entry.path).read_bytes()
    return found


def _cases() -> list:
    static = [pytest.param(CORPUS / "cases" / name, code, id=name) for name, code in EXPECTED.items()]
    made = [pytest.param(name, code, id=name) for name, (_, code) in GENERATED.items()]
    return static + made


def test_the_corpus_has_at_least_sixty_inputs():
    assert len(EXPECTED) + len(GENERATED) >= 60
    assert sorted(p.name for p in (CORPUS / "cases").iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize(("case", "code"), _cases())
def test_each_input_gets_its_coded_message(case, code, generated, tmp_path):
    folder = case if isinstance(case, Path) else generated[case]
    before = _fingerprint(folder)
    tracemalloc.start()
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["validate", str(folder)])
    MEASURED[folder.name] = (time.perf_counter() - started, tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.output), "a control character reached the terminal"
    if case in EXIT_STATUS:
        assert result.exit_code == EXIT_STATUS[case], result.output[-500:]
    lines = result.output.strip().splitlines()
    if code == "ok":
        assert not any(f"  {kind}" in line for line in lines for kind in ("L0", "S0")), result.output
        [built] = build([folder], tmp_path, pdf=False, force=True)
        assert built.outputs, built.refused
        open_document(built.outputs[0])  # the .docx opens
    else:
        matching = [line for line in lines if f"  {code}  " in line]
        assert matching, result.output[:2000]
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in line) for line in matching)
    assert _fingerprint(folder) == before


def test_nothing_was_executed_by_the_tag_cases():
    assert not Path("/tmp/proposal-kit-pwned").exists()


def test_hostile_text_reaches_the_document_intact(tmp_path):
    expectations = {
        "text-less-than": "100<100 且 a>b",
        "text-ampersand": "R&D 投入 & 产出",
        "text-closing-tags": "</w:t></w:r></w:p>",
        "text-jinja-expression": "{{ 7*7 }} 与 {{p body }}",
        "text-jinja-statement": "{% for x in y %}{% endfor %}",
        "text-emoji": "创新😀🚀👩‍🔬 中心",
        "text-rare-characters": "堃 喆 𠀾 𪚥 䶮",
        "escaped-controls": "前后",
        "escaped-fffe-ffff": "前后",
        "text-in-names": "<b>&amp;重庆</b>有限公司",
    }
    for name, expected in expectations.items():
        [built] = build([CORPUS / "cases" / name], tmp_path / name, pdf=False, force=True)
        assert expected in all_text(open_document(built.outputs[0])), name


def test_a_folder_without_a_proposal_is_reported_by_check(generated):
    result = CliRunner().invoke(main, ["check", str(generated["folder-without-proposal"])])
    assert result.exit_code == 2 and "L013" in result.output


def test_report_the_slowest_case_and_the_peak_memory():
    """Not a timed assertion: prints what the corpus cost, for the record (run with -s to see it)."""
    if not MEASURED:
        pytest.skip("run together with the corpus cases")
    slowest = max(MEASURED, key=lambda name: MEASURED[name][0])
    hungriest = max(MEASURED, key=lambda name: MEASURED[name][1])
    print(
        f"\ncorpus: {len(MEASURED)} inputs; slowest {slowest} {MEASURED[slowest][0]:.2f} s; "
        f"peak Python memory {hungriest} {MEASURED[hungriest][1] / 2**20:.1f} MiB"
    )
    assert MEASURED[hungriest][1] < 300 * 2**20
