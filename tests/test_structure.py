"""The dependencies point one way: the stages import what lies below them, never each other sideways, and
no module imports itself back through others (imports at the top of a module; those inside functions are
the CLI's lazy loading)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "proposal_kit"


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The proposal_kit modules a file imports at its top level (not inside functions)."""
    found = set()
    for node in ast.parse(path.read_text("utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("proposal_kit"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("proposal_kit")}
    return found


GRAPH = {_module(p): _imports(p) for p in PACKAGE.rglob("*.py")}


def _all_imports(module: str) -> set[str]:
    """What `module` imports anywhere in the file, functions included."""
    path = PACKAGE.parent / (module.replace(".", "/") + ".py")
    if not path.exists():
        path = PACKAGE.parent / module.replace(".", "/") / "__init__.py"
    tree = ast.parse(path.read_text("utf-8"))
    return {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    }


def test_render_imports_neither_rules_nor_reports():
    for module in GRAPH:
        if module.startswith("proposal_kit.render"):
            bad = {i for i in _all_imports(module) if i.startswith(("proposal_kit.rules", "proposal_kit.report"))}
            assert not bad, (module, bad)


def test_reports_and_rules_import_no_stage_beside_them():
    for module in GRAPH:
        imported = _all_imports(module)
        if module.startswith("proposal_kit.report"):
            assert not {i for i in imported if i.startswith(("proposal_kit.pipeline", "proposal_kit.rules"))}, module
        if module.startswith("proposal_kit.rules"):
            assert not {i for i in imported if i.startswith(("proposal_kit.render", "proposal_kit.report"))}, module


def test_no_module_imports_itself_back():
    def reaches(start: str, target: str, seen: set[str]) -> bool:
        for name in GRAPH.get(start, ()):
            if name == target or (name not in seen and reaches(name, target, seen | {name})):
                return True
        return False

    cycles = [module for module in GRAPH if reaches(module, module, {module})]
    assert cycles == []


def test_the_guideline_is_read_from_data_in_one_place():
    users = [m for m in GRAPH if "yaml" in {i.split(".")[0] for i in _all_imports(m)}]
    assert sorted(users) == ["proposal_kit.guideline", "proposal_kit.importer", "proposal_kit.load"]
    importer = Path(__file__).parents[1] / "proposal_kit" / "importer.py"
    assert "safe_load" not in importer.read_text("utf-8")  # `import` writes proposal.yaml and reads none
