"""Shared fixtures: the repository's paths and a helper that writes proposal folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "power-semiconductor"
SHARED = ROOT.parent / "shared"
GUIDELINE_TEXT = SHARED / "reference" / "guideline.txt"

# The commands the tests run each start cold, as they did before the resident server (warm.py): a test that
# changes the environment gets exactly it. tests/test_warm.py turns the server on where it is what is tested.
os.environ["PROPOSAL_KIT_WARM"] = "0"


@pytest.fixture
def guideline_text() -> str:
    if not GUIDELINE_TEXT.is_file():
        pytest.skip(f"the guideline's text is not beside this clone ({GUIDELINE_TEXT})")
    return GUIDELINE_TEXT.read_text("utf-8")


MINIMAL = """\
center:
  name: 重庆市测试产业创新中心
  industry: 测试
  lead_unit: 重庆测试有限公司
  competent_unit: 沙坪坝区发展和改革委员会
  prepared_on: 2025-03-01
  legal_form: company
"""


@pytest.fixture
def write_proposal(tmp_path: Path):
    """Write proposal.yaml (text or bytes) and any extra files into a fresh folder; return the folder."""

    def write(content: str | bytes = MINIMAL, **files: str | bytes) -> Path:
        folder = tmp_path / "proposal"
        folder.mkdir(exist_ok=True)
        for name, data in {"proposal.yaml": content, **files}.items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return folder

    return write


def libreoffice_or_skip() -> None:
    """Skip where LibreOffice is missing, except in CI, where `make test` installs it and its absence fails."""
    from proposal_kit.convert import find_soffice

    if find_soffice() is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is missing in CI: scripts/system-deps.sh should have installed it")
        pytest.skip("LibreOffice is not installed (make test installs it as root)")


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The sample built once for the whole session: .docx always, .pdf where LibreOffice is installed."""
    from proposal_kit.convert import find_soffice
    from proposal_kit.pipeline import build

    output = tmp_path_factory.mktemp("sample-build")
    [built] = build([SAMPLE], output, pdf=find_soffice() is not None)
    assert built.refused == "" and built.problems == []
    return {path.suffix: path for path in built.outputs}
