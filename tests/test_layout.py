"""The shape of the code base: self-contained tests, no private imports, a light command line."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

from conftest import ROOT

SRC = ROOT / "src" / "ldcat"
HEAVY = ("rdflib", "pyshacl", "pyoxigraph", "dask", "distributed")


def test_tests_read_nothing_outside_the_clone() -> None:
    outside = re.compile(r"""(\.\./shared|parents?\[?\d?\]?\.parent\s*/\s*["']shared["']|/work/shared)""")
    offenders = [p.name for p in (ROOT / "tests").glob("*.py") if p.name != "test_layout.py"
                 and outside.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_no_module_imports_another_modules_private_names() -> None:
    offenders: list[str] = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("ldcat"):
                offenders += [f"{path.relative_to(SRC)}: {node.module}.{a.name}" for a in node.names
                              if a.name.startswith("_")]
    assert offenders == []


def test_modules_stay_small() -> None:
    sizes = {str(p.relative_to(SRC)): len(p.read_text(encoding="utf-8").splitlines()) for p in SRC.rglob("*.py")}
    assert {name: n for name, n in sizes.items() if n > 800} == {}


def test_the_command_line_loads_no_heavy_library_until_a_command_runs() -> None:
    code = (f"import sys, ldcat, ldcat.cli; print(sorted(m for m in {HEAVY!r} if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
