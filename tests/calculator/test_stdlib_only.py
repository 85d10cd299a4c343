"""The calculator must import nothing outside the standard library (fast in Pyodide)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import scoresheet

PACKAGE = Path(scoresheet.__file__).parent


def imported_top_level_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_every_module_imports_only_the_standard_library() -> None:
    modules = sorted(PACKAGE.glob("*.py"))
    assert len(modules) > 10
    for module in modules:
        outside = imported_top_level_modules(module) - set(sys.stdlib_module_names) - {"__future__"}
        assert not outside, f"{module.name} imports {sorted(outside)}"


def test_detector_would_notice_a_third_party_import(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text("import yaml\nfrom jinja2 import Template\nfrom . import model\n")
    assert imported_top_level_modules(sample) == {"yaml", "jinja2"}
