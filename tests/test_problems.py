"""The problem-code catalogue, `ldcat problems`, docs/problems.md and the one report schema.

Every code the source emits must be declared in `ldcat.problem_codes` (found by scanning the
source's syntax trees, and by running the converter over every fixture and a set of broken
inputs), and every `--report-json` document must validate against data/report.schema.json.
"""

from __future__ import annotations

import ast
import json
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from conftest import ALL_FIXTURES, OPTIONS, PAGES, RECORDS, ROOT, SEED_PAGE
from ldcat.cli.problems import problems_command
from ldcat.problem_codes import CATALOGUE, CODES, REGENERATE, SEVERITIES, STEPS, check, to_markdown
from ldcat.problems import SCHEMA_ID, Problem, Report, report_schema

jsonschema = pytest.importorskip("jsonschema")

SRC = ROOT / "src" / "ldcat"
DOCS = ROOT / "docs" / "problems.md"
EXAMPLES = ROOT / "examples" / "records.jsonl"
EDGI = RECORDS / "02_mhc_study_edgi.json"
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# Calls that pass a problem code and a severity: the callee (a name, or receiver.method) → where the
# code and the severity are in its arguments. Module helpers that pass their own parameters on (the
# readers' `_error`, `_warning`, `_problem`, publish's `_info`) are found by the scan itself.
@dataclass(frozen=True)
class Spec:
    code_at: int | None
    code_kw: str
    severity_at: int | None = None  # None: the severity is not an argument
    severity_kw: str | None = None
    severity: str | None = None  # the default (or fixed) severity; None when the scan cannot tell


CODE_CALLS: dict[str, Spec] = {
    "Problem": Spec(0, "code", 2, "severity", "warning"),
    "notes.add": Spec(1, "code", 3, "severity", "warning"),
}
# Codes built at run time: the prefix → every code it makes (each must be declared).
DYNAMIC: dict[str, set[str]] = {
    "iri-from-": {"iri-from-slug", "iri-from-id", "iri-from-url", "iri-from-DOI"},  # normalise: record_key's `how`
    "shape-": {"shape-violation", "shape-warning", "shape-info"},  # engine.work.as_problem: SHACL severities
}
# Call sites that pass on the code of a problem made elsewhere (file, function): nothing new to declare.
FORWARDING = {
    ("normalise/__init__.py", "problems"),  # _Notes.problems: one Problem per (field, code) group
    ("normalise/__init__.py", "_children"),  # a child's problems, reported on its parent
}
# Declared before any code emits them (none today).
PLANNED: set[str] = set()
# Codes that break the kebab-case rule today; listed for the lead to rename.
NOT_KEBAB = {"iri-from-DOI"}


# --- the catalogue itself ---------------------------------------------------------------------


def test_every_declaration_is_complete_and_in_step_order() -> None:
    assert len(CATALOGUE) == len(CODES), "a code is declared twice"
    order = [STEPS.index(c.step) for c in CODES]
    assert order == sorted(order), "declarations are not in pipeline-step order"
    for c in CODES:
        assert KEBAB.match(c.code) or c.code in NOT_KEBAB, c.code
        assert c.severity in SEVERITIES and all(s in SEVERITIES for s in c.also), c.code
        assert c.severity not in c.also and len(set(c.also)) == len(c.also), c.code
        for text in (c.title, c.template, c.meaning, c.fix):
            assert text.strip() == text and text, c.code
        assert not c.title.endswith("."), c.code
        assert c.meaning.endswith(".") and c.fix.endswith("."), c.code


def test_check_reports_undeclared_codes_and_wrong_severities() -> None:
    assert check([Problem("empty-input", "the input is empty", "error")]) == []
    assert check([Problem("rsc-truncated", "cut", "warning"), Problem("rsc-truncated", "cut", "error")]) == []
    [undeclared, wrong] = check([Problem("no-such-code", "x"), Problem("empty-input", "x", "info")])
    assert "undeclared problem code 'no-such-code'" in undeclared
    assert "'empty-input' reported as 'info'" in wrong


# --- every code in the source is declared ----------------------------------------------------


@dataclass
class Values:
    """What the scan can tell of one argument: its possible string values."""

    literals: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)  # "iri-from-" + how, f"shape-{severity}"
    unresolved: list[str] = field(default_factory=list)  # expressions the scan cannot evaluate


@dataclass
class Site:
    """One call that passes a problem code, with the codes and severities it can pass."""

    path: str  # relative to src/ldcat
    line: int
    function: str
    codes: Values = field(default_factory=Values)
    severities: Values = field(default_factory=Values)


def _callee(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return f"{node.value.id}.{node.attr}"
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _argument(call: ast.Call, position: int | None, keyword: str | None) -> ast.expr | None:
    for kw in call.keywords:
        if keyword is not None and kw.arg == keyword:
            return kw.value
    if position is not None and len(call.args) > position \
            and not any(isinstance(a, ast.Starred) for a in call.args[: position + 1]):
        return call.args[position]
    return None


Function = ast.FunctionDef | ast.AsyncFunctionDef


def _parameter(function: Function, name: str) -> tuple[int | None, ast.expr | None] | None:
    """Where parameter `name` is among the call's positional arguments (None: keyword-only; `self`
    and `cls` not counted), and its default; None when `function` has no such parameter."""
    args = function.args
    positional = [a.arg for a in [*args.posonlyargs, *args.args]]
    if positional and positional[0] in ("self", "cls"):
        positional = positional[1:]
    defaults = dict(zip([a.arg for a in [*args.posonlyargs, *args.args]][::-1], args.defaults[::-1], strict=False))
    defaults.update((a.arg, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None)
    if name in positional:
        return positional.index(name), defaults.get(name)
    if name in [a.arg for a in args.kwonlyargs]:
        return None, defaults.get(name)
    return None


def _constant(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


class _Scanner:
    """Finds every code-passing call in one module, and the module's own code-passing helpers."""

    def __init__(self, tree: ast.Module, path: str, calls: dict[str, Spec]) -> None:
        self.tree, self.path, self.calls = tree, path, dict(calls)
        for node in ast.walk(tree):  # `from ldcat.problems import Problem as P`
            if isinstance(node, ast.ImportFrom) and node.module == "ldcat.problems":
                for alias in node.names:
                    if alias.name == "Problem" and alias.asname:
                        self.calls[alias.asname] = calls["Problem"]
        self.owners = {id(node): function for function in self.functions() for node in ast.walk(function)}

    def functions(self) -> Iterator[Function]:
        yield from (n for n in ast.walk(self.tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef))

    def code_calls(self, scope: ast.AST) -> Iterator[tuple[ast.Call, Spec, ast.expr]]:
        for node in ast.walk(scope):
            if isinstance(node, ast.Call) and (name := _callee(node.func)) in self.calls:
                spec = self.calls[name]
                argument = _argument(node, spec.code_at, spec.code_kw)
                if argument is not None:
                    yield node, spec, argument

    def find_helpers(self) -> bool:
        """Add the module's functions that pass a parameter on as a code; True if any was new."""
        added = False
        for function in self.functions():
            if function.name in self.calls:
                continue
            for call, spec, argument in self.code_calls(function):
                if not isinstance(argument, ast.Name) or self.owners.get(id(call)) is not function:
                    continue
                where = _parameter(function, argument.id)
                if where is None:
                    continue
                severity = _argument(call, spec.severity_at, spec.severity_kw)
                passed = _parameter(function, severity.id) if isinstance(severity, ast.Name) else None
                if isinstance(severity, ast.Name) and passed is not None:  # the helper's own severity parameter
                    helper = Spec(where[0], argument.id, passed[0], severity.id, _constant(passed[1]))
                else:
                    fixed = spec.severity if severity is None else _constant(severity)
                    helper = Spec(where[0], argument.id, severity=fixed)
                self.calls[function.name] = helper
                added = True
                break
        return added

    def sites(self) -> Iterator[Site]:
        for call, spec, argument in self.code_calls(self.tree):
            function = self.owners.get(id(call))
            if function is not None and isinstance(argument, ast.Name) and function.name in self.calls \
                    and self.calls[function.name].code_kw == argument.id:
                continue  # a helper passing its parameter on: its callers are the sites
            site = Site(self.path, call.lineno, function.name if function else "<module>")
            self._resolve(argument, function, site.codes, depth=0)
            severity = _argument(call, spec.severity_at, spec.severity_kw)
            if severity is not None:
                self._resolve(severity, function, site.severities, depth=0)
            elif spec.severity is not None:
                site.severities.literals.add(spec.severity)
            else:
                site.severities.unresolved.append(f"the default severity of {_callee(call.func)}")
            yield site

    def _resolve(self, node: ast.expr, function: Function | None, out: Values, depth: int) -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            out.literals.add(node.value)
        elif isinstance(node, ast.IfExp):
            self._resolve(node.body, function, out, depth)
            self._resolve(node.orelse, function, out, depth)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and isinstance(node.left, ast.Constant):
            out.prefixes.add(str(node.left.value))
        elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
            out.prefixes.add(str(node.values[0].value))
        elif isinstance(node, ast.Name) and function is not None and depth < 3:
            values = [n.value for n in ast.walk(function)
                      if (isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == node.id
                                                            for t in n.targets))
                      or (isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name) and n.target.id == node.id)]
            if not values:
                out.unresolved.append(ast.unparse(node))
            for value in values:
                if value is not None:
                    self._resolve(value, function, out, depth + 1)
        else:
            out.unresolved.append(ast.unparse(node))


def scan(root: Path = SRC) -> list[Site]:
    """Every call in the source that passes a problem code, with the codes it can pass."""
    scanners = [_Scanner(ast.parse(p.read_text("utf-8"), str(p)), str(p.relative_to(root)), CODE_CALLS)
                for p in sorted(root.rglob("*.py"))]
    for scanner in scanners:
        while scanner.find_helpers():
            pass
    return [site for scanner in scanners for site in scanner.sites()]


@pytest.fixture(scope="module")
def sites() -> list[Site]:
    return scan()


def test_every_code_in_the_source_is_declared(sites: list[Site]) -> None:
    undeclared = [f"{s.path}:{s.line}: {code!r}" for s in sites for code in sorted(s.codes.literals)
                  if code not in CATALOGUE]
    assert not undeclared, "declare these codes in src/ldcat/problem_codes.py:\n" + "\n".join(undeclared)
    for site in sites:
        for prefix in site.codes.prefixes:
            assert prefix in DYNAMIC, f"{site.path}:{site.line}: a code built at run time from {prefix!r}: " \
                                      "declare every code it makes, and list them in DYNAMIC"
            assert DYNAMIC[prefix] <= set(CATALOGUE), DYNAMIC[prefix] - set(CATALOGUE)
        if site.codes.unresolved:
            assert (site.path, site.function) in FORWARDING, \
                f"{site.path}:{site.line} ({site.function}): the scan cannot tell which code " \
                f"{site.codes.unresolved} is; pass a literal, or list the site in FORWARDING if it passes on " \
                "another problem's code"


def test_every_code_in_the_source_has_a_severity_its_declaration_allows(sites: list[Site]) -> None:
    wrong = [f"{s.path}:{s.line}: {code!r} as {severity!r} (declared: {', '.join(CATALOGUE[code].severities)})"
             for s in sites for code in s.codes.literals & set(CATALOGUE) for severity in s.severities.literals
             if not CATALOGUE[code].allows(severity)]
    assert not wrong, "declare these severities (ProblemCode.also) or change them:\n" + "\n".join(wrong)
    unknown = [f"{s.path}:{s.line}: {s.severities.unresolved}" for s in sites
               if s.codes.literals and s.severities.unresolved and (s.path, s.function) not in FORWARDING]
    assert not unknown, "the scan cannot tell these severities; pass a literal:\n" + "\n".join(unknown)


def test_the_scan_sees_every_way_codes_are_passed(sites: list[Site]) -> None:
    found = {(code, severity) for s in sites for code in s.codes.literals for severity in s.severities.literals}
    # One code per way of passing it: Problem(code, ...), Problem(code=...), module helpers with a fixed
    # severity (_error, _warning, _problem) or a default one (_info), notes.add with the default severity
    # and with another, a code chosen in a variable, and a conditional expression.
    for code, severity in (("duplicate-record", "warning"), ("empty-input", "error"), ("rsc-truncated", "error"),
                           ("rsc-truncated", "warning"), ("not-a-record", "error"), ("no-dataset", "error"),
                           ("invalid-jsonld", "error"), ("invalid-json", "warning"), ("record-removed", "info"),
                           ("unsafe-key", "error"), ("text-cleaned", "warning"), ("list-repaired", "info"),
                           ("url-dropped", "warning"), ("country-repaired", "warning"), ("load-failed", "error")):
        assert (code, severity) in found, (code, severity)
    assert {p for s in sites for p in s.codes.prefixes} == set(DYNAMIC)


def test_the_scan_catches_an_undeclared_code_however_it_is_passed(tmp_path: Path) -> None:
    (tmp_path / "plugin.py").write_text(
        "from ldcat.problems import Problem as P\n"
        "def _oops(kind, origin, severity='info'):\n"
        "    return P(code=kind, message='m', severity=severity, record=origin)\n"
        "def read(notes, flag):\n"
        "    code = 'one-new' if flag else 'two-new'\n"
        "    notes.add('field', code, 'detail', 'error')\n"
        "    yield _oops('three-new', 'x')\n"
        "    yield _oops('four-new', 'x', 'error')\n"
        "    yield P(f'five-{flag}', 'm')\n"
    )
    sites = scan(tmp_path)
    found = {(code, severity) for s in sites for code in s.codes.literals for severity in s.severities.literals}
    assert found == {("one-new", "error"), ("two-new", "error"), ("three-new", "info"), ("four-new", "error")}
    assert {p for s in sites for p in s.codes.prefixes} == {"five-"}


def test_every_declared_code_is_emitted_somewhere(sites: list[Site]) -> None:
    emitted = {code for s in sites for code in s.codes.literals} | set().union(*DYNAMIC.values())
    stale = set(CATALOGUE) - emitted - PLANNED
    assert not stale, f"declared but never emitted (remove, or list in PLANNED): {sorted(stale)}"


# --- every code a run reports is declared ----------------------------------------------------


def _broken_inputs(tmp_path: Path) -> list[tuple[str, bytes, str | None]]:
    """(file name, content, reader or None to detect) for every kind of bad input the readers know."""
    good = json.loads(EDGI.read_text())
    seed = SEED_PAGE.read_bytes()
    geo = (PAGES / "geospatial.rsc.txt").read_bytes()
    dataset = {"@context": "https://schema.org/", "@type": "Dataset", "name": "A dataset",
               "description": "d", "url": "https://example.org/a"}

    def record(**extra: Any) -> dict[str, Any]:
        return {"dataset_schema": {"name": "Named", **extra.pop("ds", {})}, "extra_data": extra}

    lines = [
        json.dumps(good), json.dumps(good),  # duplicate-record
        "{not json", json.dumps(42), json.dumps({"title": "not harmony"}), json.dumps({"results": 3}),
        json.dumps({"dataset_schema": ["x"], "extra_data": {"uuid": "1" * 32}}),
        json.dumps({"dataset_schema": {"description": "no name"}, "extra_data": {"uuid": "2" * 32}}),
        json.dumps({"dataset_schema": {"name": "No id"}, "extra_data": {}}),
        json.dumps(record(**{"@id": "https://example.org/x"})),
        json.dumps(record(ds={"url": "https://example.org/u"})),
        json.dumps(record(ds={"identifier": "doi:10.1234/ABC"})),
        json.dumps(record(slug="messy", ds={
            "description": "<p>HTML &amp; entities</p>", "keywords": "a, b, a", "size": "-3",
            "url": ["https://example.org/x)", "", "None", "ftp://x", "not a url"],
            "temporalCoverage": "2001-2005", "identifier": ["http://dx.doi.org/10.1234/x ", "None"],
            "publisher": [{"name": "A; B"}, {"url": "nameless"}], "includedInDataCatalog": [{"url": "x"}],
            "variableMeasured": [{"name": "v", "description": "None"}, {"description": "nameless"}],
            "number_of_variables": "7"},
            country_codes=["UK", "ZZZ"], language_codes=["xx", "1x", "en"], study_design=["not a design"],
            age_lower=60, age_upper=20, start_year=2010, end_year=2001, geographic_coverage="Leeds; York",
            num_variables=3, sample_size="12", num_sweeps=3.0, duration_years="three")),
        json.dumps({"dataset_schema": {"name": "Parent"}, "extra_data": {"slug": "parent"},
                    "ancestors": [5, {"dataset_schema": {}}],
                    "child_datasets": [7, {"dataset_schema": {}, "extra_data": {"slug": "ref"}},
                                       {"dataset_schema": {"name": "Child", "description": "<b>x</b>"},
                                        "extra_data": {"slug": "child"}},
                                       {"dataset_schema": {"description": "nameless"}, "extra_data": {}}]}),
    ]
    return [
        ("records.jsonl", ("\n".join(lines) + "\n").encode() + b'{"x": "\xff"}\n', None),
        ("empty.json", b"  \n", None),
        ("table.csv", b"name,age\n1,2\n", None),
        ("bad.json", b'{\n  "dataset_schema": {"name": "x"\n', None),
        ("deep.json", b"[" * 100_000 + b"]" * 100_000, "harmony"),
        ("latin1.json", '{"dataset_schema": {"name": "caf\xe9"}}'.encode("latin-1"), "harmony"),
        ("remote.jsonld", json.dumps({"@context": "https://w3id.org/ro/crate/1.1/context", "@type": "Dataset",
                                      "name": "Crate"}).encode(), None),
        ("https.jsonld", json.dumps({"@context": {"@vocab": "https://schema.org/"}, "@type": "Dataset",
                                     "name": "Secure", "url": "https://example.org/s"}).encode(), None),
        ("org.jsonld", json.dumps({"@context": "https://schema.org/", "@type": "Organization"}).encode(), None),
        ("plain.jsonld", json.dumps({"@type": "Dataset", "name": "x"}).encode(), "jsonld"),
        ("invalid.jsonld", json.dumps({"@context": {"@vocab": 5}, "@type": "Dataset"}).encode(), "jsonld"),
        ("graph.jsonld", json.dumps({"@context": "https://schema.org/", "@graph": [dataset, 3]}).encode(), None),
        ("none.html", b"<html><body>no scripts</body></html>", "html"),
        ("broken.html", b'<script type="application/ld+json">{"@context": </script>'
                        b'<script type="application/ld+json">{"@context": "https://schema.org/", '
                        b'"@type": "Organization"}</script>', "html"),
        ("half.rsc.txt", seed[: len(seed) // 2], None),
        ("cut.rsc.txt", geo[: geo.index(b"\n10:[") + 40], None),
        ("nolf.rsc.txt", seed[: len(seed) // 3].rstrip(b"\n"), "rsc"),
        ("rows.rsc.txt", b'0:{"P":null}\n', "rsc"),
        ("garbage.rsc.txt", b"no rows here at all", "rsc"),
        ("bad-row.rsc.txt", b'0:{broken\n' + geo, "rsc"),
        ("missing.rsc.txt", b'0:{"study":{"dataset_schema":{"name":"S","description":"$7"},'
                            b'"extra_data":{"slug":"s"}}}\n', "rsc"),
    ]


def _run_everything(tmp_path: Path) -> list[Problem]:
    """Convert every fixture, the examples and every broken input (mapped, and validated against
    every built-in profile); every problem reported, from the engine and from the profiles."""
    from ldcat.mapping import record_triples
    from ldcat.pipeline import ConvertOptions, convert, records
    from ldcat.validate import default_shapes

    problems: list[Problem] = []
    sources: list[tuple[Path, str | None]] = [(p, None) for p in [*ALL_FIXTURES, EXAMPLES]]
    for name, data, reader in _broken_inputs(tmp_path):
        (tmp_path / name).write_bytes(data)
        sources.append((tmp_path / name, reader))
    for path, reader in sources:
        report = Report()
        for item in records([path], report, reader=reader, mapping=OPTIONS):
            record_triples(item.record, OPTIONS, problems)  # what the profiles could not map
        problems += report.problems
        validated = convert([path], ConvertOptions(formats=("nt",), output=tmp_path / "out" / path.name,
                                                   reader=reader, mapping=OPTIONS, validate=default_shapes(),
                                                   on_invalid="keep", jobs=1))
        problems += validated.problems
    return problems


def test_every_code_a_run_reports_is_declared_with_an_allowed_severity(tmp_path: Path) -> None:
    problems = _run_everything(tmp_path)
    assert not check(problems), "\n".join(check(problems))
    codes = {p.code for p in problems}
    # The broken inputs do reach the readers, the normaliser, the profiles and the shapes.
    for code in ("empty-input", "unknown-format", "invalid-json", "rsc-truncated", "rsc-no-record", "no-jsonld",
                 "jsonld-remote-context", "https-schema-namespace", "wrong-type", "missing-name", "no-identifier",
                 "iri-from-url", "duplicate-record", "url-repaired", "child-by-reference", "language-not-mapped",
                 "study-design-not-mapped", "shape-violation", "shape-warning", "rsc-missing-row", "rsc-bad-row",
                 "number-repaired"):
        assert code in codes, code


# --- docs/problems.md ------------------------------------------------------------------------


def test_docs_list_every_code_and_are_up_to_date() -> None:
    assert DOCS.is_file(), f"docs/problems.md is missing; run: {REGENERATE}"
    assert DOCS.read_text("utf-8") == to_markdown(), f"docs/problems.md is stale; run: {REGENERATE}"
    for c in CODES:
        assert f"### `{c.code}`" in to_markdown()


def test_the_module_prints_the_docs() -> None:
    done = subprocess.run([sys.executable, "-m", "ldcat.problem_codes"], capture_output=True, text=True, check=True)
    assert done.stdout == to_markdown()


# --- ldcat problems --------------------------------------------------------------------------


def problems(*args: str) -> Result:
    return CliRunner().invoke(problems_command, list(args), catch_exceptions=False)


def test_problems_lists_every_code_with_its_severity_and_title() -> None:
    result = problems()
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(CODES)
    for line, c in zip(lines, CODES, strict=True):
        assert line.split()[0] == c.code and c.title in line and c.severity in line


def test_problems_code_explains_it() -> None:
    result = problems("rsc-truncated")
    assert result.exit_code == 0
    declared = CATALOGUE["rsc-truncated"]
    text = " ".join(result.stdout.split())
    for part in (declared.title, "warning / error", "What it means:", "What to do:"):
        assert part in text
    assert " ".join(declared.meaning.split()) in text and " ".join(declared.fix.split()) in text


def test_problems_json_has_every_field() -> None:
    listed = json.loads(problems("--json").stdout)
    assert [c["code"] for c in listed] == [c.code for c in CODES]
    assert set(listed[0]) == {"code", "severity", "severities", "step", "title", "template", "meaning", "fix"}
    one = json.loads(problems("doi-normalised", "--json").stdout)
    assert one == CATALOGUE["doi-normalised"].to_dict()
    read = json.loads(problems("--step", "read", "--json").stdout)
    assert read and {c["step"] for c in read} == {"read"}


def test_unknown_code_is_a_usage_error_with_suggestions() -> None:
    result = problems("rsc-truncate")
    assert result.exit_code == 2
    assert "no problem code 'rsc-truncate'" in result.stderr and "rsc-truncated" in result.stderr


def test_catalogue_and_command_import_nothing_heavy() -> None:
    code = ("import sys\nfrom click.testing import CliRunner\nfrom ldcat.cli.problems import problems_command\n"
            "assert CliRunner().invoke(problems_command, ['text-cleaned']).exit_code == 0\n"
            "print(sorted(m for m in ('rdflib', 'pyshacl', 'pyoxigraph') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# --- the report schema -----------------------------------------------------------------------


def _validator(definition: str | None = None) -> Any:
    """A validator for the report schema, or for one of its definitions (e.g. "reject")."""
    from referencing import Registry, Resource

    schema = report_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    registry = Registry().with_resource(SCHEMA_ID, Resource.from_contents(schema))
    target = schema if definition is None else {"$schema": schema["$schema"],
                                                "$ref": f"{SCHEMA_ID}#/$defs/{definition}"}
    return jsonschema.Draft202012Validator(target, registry=registry)


@pytest.fixture(scope="module")
def validator() -> Any:
    return _validator()


def _valid(validator: Any, document: object, where: str = "") -> None:
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{where}{list(e.absolute_path)}: {e.message}" for e in errors)


def test_schema_is_draft_2020_12_with_an_id_and_describes_the_report(validator: Any) -> None:
    schema = report_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_ID
    assert schema["title"] and schema["description"]
    report = Report()
    report.add(Problem("empty-input", "the input is empty", "error", "x.json"))
    report.count("read", 2)
    _valid(validator, report.to_dict())
    assert list(report.to_dict()) == ["ok", "stats", "problems"]  # today's keys, as before
    document = report.to_dict(command="validate", validation={"conforms": True, "profiles": ["google"], "summary": {
        "datasets": 0, "conforming": 0, "violations": 0, "warnings": 0, "infos": 0}, "results": []})
    assert list(document) == ["command", "ok", "stats", "problems", "validation"]
    _valid(validator, document)
    assert not validator.is_valid({**document, "command": "nope"})
    assert not validator.is_valid({**report.to_dict(), "problems": [{"code": "x"}]})


def run(*args: str) -> Result:
    from ldcat.cli import main

    return CliRunner().invoke(main, list(args), catch_exceptions=False)


HARVESTED = ["--harvested", "2026-11-22"]


def _bad_and_good(tmp_path: Path) -> Path:
    """A JSON Lines file with a good record, a broken line and a record without a description."""
    good = json.loads(EDGI.read_text())
    undescribed = json.loads(EDGI.read_text())
    undescribed["dataset_schema"].pop("description")
    undescribed["extra_data"]["uuid"] = "f" * 32
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([json.dumps(good), "{broken", json.dumps(undescribed)]) + "\n")
    return path


def test_convert_report_json_file_matches_the_schema(tmp_path: Path, validator: Any) -> None:
    source = _bad_and_good(tmp_path)
    result = run("convert", str(source), "-o", str(tmp_path / "out") + "/", "-f", "nt", "--validate",
                 "--report-json", str(tmp_path / "report.json"), *HARVESTED)
    assert result.exit_code == 1, result.output
    document = json.loads((tmp_path / "report.json").read_text())
    _valid(validator, document, "convert: ")
    assert not check(Problem(**p) for p in document["problems"])
    assert {"invalid-json", "shape-violation"} <= {p["code"] for p in document["problems"]}
    reject = _validator("reject")
    for line in (tmp_path / "out" / "rejects.jsonl").read_text().splitlines():
        _valid(reject, json.loads(line), "rejects.jsonl: ")


def test_report_json_dash_goes_to_stdout_not_stderr(tmp_path: Path, validator: Any) -> None:
    result = run("convert", str(_bad_and_good(tmp_path)), "-o", str(tmp_path / "out") + "/", "-f", "nt",
                 "--report-json", "-", *HARVESTED)
    document = json.loads(result.stdout)  # stdout holds the report and nothing else
    _valid(validator, document, "convert: ")
    assert '"problems"' not in result.stderr and "record(s) converted" in result.stderr


def test_load_report_json_to_stdout_matches_the_schema(tmp_path: Path, validator: Any) -> None:
    result = run("load", str(_bad_and_good(tmp_path)), "--store", str(tmp_path / "store"), "--report-json", "-",
                 *HARVESTED)
    assert result.exit_code == 1, result.output
    document = json.loads(result.stdout)
    _valid(validator, document, "load: ")
    assert document["stats"]["graphs"] > 0 and '"problems"' not in result.stderr


def test_a_failed_load_is_reported_in_the_schema(tmp_path: Path, validator: Any) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run("load", str(EDGI), "--endpoint", f"http://127.0.0.1:{port}", "--report-json", "-", *HARVESTED)
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    _valid(validator, document, "load: ")
    assert "load-failed" in {p["code"] for p in document["problems"]}
    assert not check(Problem(**p) for p in document["problems"])


def test_publish_report_json_file_matches_the_schema(tmp_path: Path, validator: Any) -> None:
    site, report = tmp_path / "site", tmp_path / "publish.json"
    common = ["-o", str(site), "--base-iri", "https://data.example.org/", "--report-json", str(report), *HARVESTED]
    assert run("publish", str(EDGI), str(RECORDS / "06_mhc_study_cosmo.json"), *common).exit_code == 0
    _valid(validator, json.loads(report.read_text()), "publish: ")
    run("publish", str(EDGI), *common)  # the second record is removed from the site
    document = json.loads(report.read_text())
    _valid(validator, document, "publish: ")
    assert "record-removed" in {p["code"] for p in document["problems"]}
    assert not check(Problem(**p) for p in document["problems"])


def test_validate_report_json_and_json_format_match_the_schema(tmp_path: Path, validator: Any) -> None:
    source, report = _bad_and_good(tmp_path), tmp_path / "validate.json"
    result = run("validate", str(source), "-f", "json", "--report-json", str(report))
    assert result.exit_code == 1, result.output
    document = json.loads(report.read_text())
    _valid(validator, document, "validate --report-json: ")
    assert "invalid-json" in {p["code"] for p in document["problems"]}
    assert not check(Problem(**p) for p in document["problems"])
    _valid(_validator("validation"), json.loads(result.stdout), "validate -f json: ")
    if "validation" in document:
        _valid(_validator("validation"), document["validation"])
