"""Property-based fuzzing: the real fixture records, mutated in hostile ways, through the library.

For every input: no exception escapes; every input line is either converted or reported
(count in = read + failed); every N-Triples and Turtle output parses with pyoxigraph, and every
typed literal's lexical form is valid for its datatype (pyoxigraph accepts ill-typed literals).

The quick profile runs in ``make test``; ``LDCAT_FUZZ_EXAMPLES=100000 make fuzz`` runs the long one.
Every crash the fuzzer found is a named regression test at the end of this file.
"""

from __future__ import annotations

import copy
import io
import json
import os
import re
import signal
import subprocess
import tempfile
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import OPTIONS, PAGE_JSONLD, PAGES, RECORDS
from ldcat.cli import main
from ldcat.pipeline import ConvertOptions, convert, records
from ldcat.problems import Report

EXAMPLES = int(os.environ.get("LDCAT_FUZZ_EXAMPLES", "0") or 0)  # the long profile: cases in all


def fuzz(share: float) -> settings:
    """Settings for a property that takes `share` of the long profile's cases (60 in the quick one)."""
    return settings(
        max_examples=round(EXAMPLES * share) if EXAMPLES else 60,
        deadline=timedelta(seconds=20),  # a hang (quadratic regex) fails instead of stalling the suite
        suppress_health_check=list(HealthCheck),
        derandomize=not EXAMPLES,  # the quick profile is the same run every time
        database=None,
    )


FIXTURES = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(RECORDS.glob("*.json"))}
NAMES = sorted(FIXTURES)

# --- hostile values -----------------------------------------------------------------------------

HOSTILE_TEXT = [
    "\ud83d", "a\udc00b", "\x00", "ti\x00tle", "\x01\x1f\x7f", "\x85\x9f", "\ufffe", "\uffff", "\U0010ffff",
    "\u202eevil\u202c", "\u0301\u0301\u0301", "שלום עולם", "e\u0301", " " * 5000, "\t\n\r", "\u2028\u2029",
    "<b>x</b> <script>alert(1)</script>", "</16", "&amp;&#0;&#xD800;&#1114112;", "..", "../../etc",
    "<a href='http://[::1'>x</a>", "NaN", "-0", "1e21", "Infinity", "9" * 5000, "",
]
HOSTILE_URLS = [
    "http://[::1", "http://[::1]:80/a", "http://ex.org/%zz", "http://ex.org/%", "http://ex.org/a#b#c",
    "http://ex.org/[x]", "http://ex.org:99999/", "http://ex.org:abc/", "http://ex.org/ a", "http://ex.org/\ud83d",
    "http://ex.org/\x00", "http://ex.org/\x85", "https://ex.org/a\\b", "http://ex.org/{x}", "http://ex.org/a|b",
    "http://user@[v1.x]/", "http://ex.org/\ufffe", "http://%41.org/", "http://ex..org/", "http://ex.org:/",
    "https://doi.org/10.1234/a%zz", "https://doi.org/10.1234/a#b", "10.1234/a%2", "10.1234/x#y#z",
    "doi:10.1234/\ud83d", "http://ex.org/" + "a" * 10000, "http://[1::2::3]/", "http://ex.org/^`",
]
HOSTILE_NUMBERS: list[Any] = [
    0, -1, -0.0, 1e21, 1e308, 10**30, -(10**30), 1.5, "1e21", "-0", "NaN", "nan", "Infinity", "9" * 5000,
    "0" * 5000 + "1", "٣٣٧", "３３７", "1,073", "1_000", " 12 ", "+5", "0x10",
]
HOSTILE_DATES = [
    "12345", "12345-01-01", "0000", "0999", "9999-12-31", "٢٠٢١", "２０２１-０３-０１", "2021-02-30", "2021-13-01",
    "2021/..", "../..", "2021" + " " * 3000 + "/2022", "2021-03-01T25:00:00Z", "1996..1997", "2021-03-01/12345",
    " " * 20000, "2021-\ud83d", "-2021", "+2021", "2021-03-01T00:00:00+99:99",
]
# A JSON number of 5,000 digits: past Python's 4,300-digit int limit, only writable as raw JSON text.
HUGE = "9" * 5000


def hostile_scalar() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(HOSTILE_TEXT), st.sampled_from(HOSTILE_URLS), st.sampled_from(HOSTILE_NUMBERS),
        st.sampled_from(HOSTILE_DATES), st.text(max_size=40), st.integers(), st.floats(allow_nan=False),
        st.booleans(), st.none(), st.just([]), st.just({}), st.just(HUGE_MARK),
        st.text(st.integers(0, 0x10FFFF).map(chr), max_size=20),  # every class, lone surrogates too
    )


HUGE_MARK = "\x00HUGE-NUMBER\x00"  # replaced by the raw 5,000-digit number when the line is written


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        doc = doc[step]
    return doc


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    doc = copy.deepcopy(FIXTURES[draw(st.sampled_from(NAMES))])
    for _ in range(draw(st.integers(1, 12))):
        paths = _paths(doc)[1:]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, last = _get(doc, path[:-1]), path[-1]
        current = parent[last]
        action = draw(st.sampled_from(["replace", "delete", "swap", "append", "huge", "empty", "nest"]))
        if action == "delete":
            del parent[last]
        elif action == "replace":
            parent[last] = draw(hostile_scalar())
        elif action == "swap":  # the type swapped: a string for a list, a list for a string...
            parent[last] = ([current] if not isinstance(current, list) else
                            (current[0] if current else None))
        elif action == "append" and isinstance(current, str):
            parent[last] = current + draw(st.sampled_from(HOSTILE_TEXT))
        elif action == "huge":
            parent[last] = (current * 2000)[:300_000] if isinstance(current, str) and current else "x" * 100_000
        elif action == "empty":
            parent[last] = type(current)() if isinstance(current, str | list | dict) else None
        elif action == "nest":
            parent[last] = {"a": [{"b": current}]}
    return doc


def _line(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=True).replace(json.dumps(HUGE_MARK), HUGE)


# --- the checks ---------------------------------------------------------------------------------

XSD = "http://www.w3.org/2001/XMLSchema#"
_YEAR = r"-?(?:[1-9]\d{3,}|0\d{3})"
_TZ = r"(?:Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))?"
LEXICAL = {
    "integer": re.compile(r"[+-]?\d+"),
    "nonNegativeInteger": re.compile(r"\+?\d+|-0+"),
    "positiveInteger": re.compile(r"\+?0*[1-9]\d*"),
    "decimal": re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"),
    "boolean": re.compile(r"true|false|1|0"),
    "gYear": re.compile(_YEAR + _TZ),
    "gYearMonth": re.compile(_YEAR + r"-(?:0[1-9]|1[0-2])" + _TZ),
    "date": re.compile(_YEAR + r"-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])" + _TZ),
    "dateTime": re.compile(_YEAR + r"-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d"
                           r"(?:\.\d+)?" + _TZ),
}


def check_rdf(text: str, fmt: pyoxigraph.RdfFormat) -> int:
    """Parse with pyoxigraph; every typed literal must be valid for its datatype. Returns the count."""
    count = 0
    for quad in pyoxigraph.parse(text.encode("utf-8"), format=fmt):
        count += 1
        obj = quad.object
        if isinstance(obj, pyoxigraph.Literal) and obj.datatype.value.startswith(XSD):
            pattern = LEXICAL.get(obj.datatype.value[len(XSD):])
            assert pattern is None or pattern.fullmatch(obj.value), f"ill-typed literal {obj}"
            if obj.datatype.value.endswith("#date"):
                y, m, d = (int(x) for x in obj.value.lstrip("-")[:10].split("-"))
                assert d <= [31, 29 if y % 4 == 0 and (y % 100 or y % 400 == 0) else 28, 31, 30, 31, 30, 31,
                             31, 30, 31, 30, 31][m - 1], f"no such day {obj}"
    return count


def expected(docs: list[Any]) -> int:
    """Records in the lines: a line that is a list (or an API response) holds one per item."""
    def count(doc: Any) -> int:
        if isinstance(doc, dict) and isinstance(doc.get("results"), list) and not (
                "dataset_schema" in doc or "extra_data" in doc):
            return len(doc["results"])
        return len(doc) if isinstance(doc, list) else 1
    return sum(count(d) for d in docs)


FORMATS = {"nt": pyoxigraph.RdfFormat.N_TRIPLES, "ttl": pyoxigraph.RdfFormat.TURTLE,
           "jsonld": pyoxigraph.RdfFormat.JSON_LD, "nq": pyoxigraph.RdfFormat.N_QUADS}
SERDI = {"nt": "ntriples", "ttl": "turtle", "nq": "nquads"}
SAMPLE = 10  # one case in SAMPLE also goes through serdi, an independent C parser (strict on syntax)
_cases = iter(range(1 << 62))


def ground(text: str, fmt: pyoxigraph.RdfFormat) -> tuple[int, set[tuple[str, str, str]]]:
    """The number of triples, and the triples without blank nodes (whose labels may differ)."""
    quads = list(pyoxigraph.parse(text.encode("utf-8"), format=fmt))
    return len(quads), {(str(q.subject), str(q.predicate), str(q.object)) for q in quads
                        if not isinstance(q.subject, pyoxigraph.BlankNode)
                        and not isinstance(q.object, pyoxigraph.BlankNode)}


def serdi(path: Path) -> int:
    """serdi's count of the file's statements; any complaint of serdi's fails the case."""
    syntax = SERDI[path.suffix[1:]]
    run = subprocess.run(["serdi", "-i", syntax, "-o", "ntriples", str(path)], capture_output=True, text=True,
                         check=False)
    assert run.returncode == 0 and not run.stderr, f"serdi rejects {path.name}: {run.stderr[:500]}"
    return len(run.stdout.splitlines())


def check_outputs(out: Path) -> None:
    """Every output of one run parses, with ill-typed literals none, and every format says the same."""
    counts = {}
    for ext, fmt in FORMATS.items():
        text = (out / f"catalog.{ext}").read_text(encoding="utf-8")
        check_rdf(text, fmt)
        counts[ext] = ground(text, fmt)
    assert counts["ttl"] == counts["nt"] and counts["jsonld"] == counts["nt"], "the formats disagree"
    if next(_cases) % SAMPLE == 0:
        for ext in SERDI:
            assert serdi(out / f"catalog.{ext}") == counts["nt"][0]


@contextmanager
def case_dir() -> Iterator[Path]:
    """A directory for one case, removed after it: the long profile's cases would fill the disk."""
    with tempfile.TemporaryDirectory(prefix="ldcat-fuzz-") as name:
        yield Path(name)


def run_lines(docs: list[Any], tmp: Path) -> tuple[str, Report]:
    """The library on a JSON Lines file: convert() to every format; every input record is either read
    or reported (count in = read + failed), and every output parses and agrees (`check_outputs`)."""
    source = tmp / "fuzz.jsonl"
    source.write_text("\n".join(_line(d) for d in docs) + "\n", encoding="utf-8")
    n = expected(docs)
    out = tmp / "out"
    run = convert([source], ConvertOptions(formats=tuple(FORMATS), output=out, mapping=OPTIONS))
    assert run.stats["read"] + run.stats["failed"] == n, dict(run.stats)
    assert run.stats["written"] == run.stats["records"] <= run.stats["read"], dict(run.stats)
    assert len(run.errors) >= run.stats["failed"]  # each failed record has its error, with where and why
    check_outputs(out)
    return (out / "catalog.nt").read_text(encoding="utf-8"), run


@fuzz(0.12)
@given(docs=st.lists(mutated(), min_size=1, max_size=3))
def test_mutated_records(docs: list[Any]) -> None:
    with case_dir() as tmp:
        run_lines(docs, tmp)


@fuzz(0.35)
@given(junk=st.lists(st.one_of(hostile_scalar(), st.lists(hostile_scalar(), max_size=3)), min_size=1, max_size=3))
def test_lines_that_are_not_records(junk: list[Any]) -> None:
    with case_dir() as tmp:
        run_lines([*junk, FIXTURES[NAMES[0]]], tmp)


RECORD_KEYS = {"dataset_schema", "extra_data", "results"}
CLI = {
    "convert": lambda src, tmp: ["convert", src, "-o", f"{tmp}/out/", "-f", "nt", "-f", "jsonld"],
    "load": lambda src, tmp: ["load", src, "--store", f"{tmp}/store", "--harvested", "2026-11-22"],
    "publish": lambda src, tmp: ["publish", src, "-o", f"{tmp}/site", "--base-iri", "https://data.example.org/",
                                 "--harvested", "2026-11-22"],
    "validate": lambda src, tmp: ["validate", src],
}


@fuzz(0.08)
@given(docs=st.lists(st.one_of(mutated(), hostile_scalar()), min_size=1, max_size=3),
       command=st.sampled_from(sorted(CLI)))
def test_cli_exit_codes(docs: list[Any], command: str) -> None:
    """Each command on hostile input: no traceback, and the documented exit code: 1 exactly when a
    record failed (or, for validate, did not conform), else 0; what it wrote parses."""
    with case_dir() as tmp:
        cli_case(docs, command, tmp)


def cli_case(docs: list[Any], command: str, tmp: Path) -> None:
    source = tmp / "fuzz.jsonl"
    source.write_text("\n".join(_line(d) for d in docs) + "\n", encoding="utf-8")
    report = tmp / "report.json"
    run = CliRunner().invoke(main, [*CLI[command](str(source), str(tmp)), "--report-json", str(report)])
    assert run.exception is None or isinstance(run.exception, SystemExit), "".join(
        traceback.format_exception(run.exception))
    assert "Traceback" not in run.output + run.stderr
    document = json.loads(report.read_text(encoding="utf-8"))
    failed, read = document["stats"].get("failed", 0), document["stats"].get("read", 0)
    codes = [p["code"] for p in document["problems"]]
    if codes[:1] == ["unknown-format"]:  # only when no line looks like a record; one error says so
        assert not any(isinstance(d, dict) and d.keys() & RECORD_KEYS for d in docs)
        assert read == 0 and failed == 1, document["stats"]
    else:
        assert read + failed == expected(docs), document["stats"]
    if not read + failed:  # nothing there is said too
        assert codes == ["no-records"]
    if command == "validate":
        assert run.exit_code == (0 if document["validation"]["conforms"] and not failed else 1), run.output
        return
    assert run.exit_code == (1 if failed else 0), run.output
    if command == "convert":
        check_rdf((tmp / "out" / "catalog.nt").read_text(encoding="utf-8"), pyoxigraph.RdfFormat.N_TRIPLES)
    elif command == "load":
        store = pyoxigraph.Store.read_only(f"{tmp}/store")
        assert sum(1 for _ in store.named_graphs()) == document["stats"]["graphs"]
    else:
        for path in (tmp / "site").rglob("*"):
            if path.suffix in (".nt", ".ttl", ".nq"):
                check_rdf(path.read_text(encoding="utf-8"), FORMATS[path.suffix[1:]])
            elif path.suffix in (".json", ".jsonld"):
                json.loads(path.read_text(encoding="utf-8"))


PAGE_FILES = sorted([*PAGES.glob("*.rsc.txt"), *PAGE_JSONLD.glob("*.jsonld")])
INSERTS = [b"\xed\xa0\xbd", b"\x00", b'"$ff"', b"\\ud83d", b"9" * 5000, b"\n", b'"$undefined"', b"T10,"]


@st.composite
def damaged_page(draw: st.DrawFn) -> tuple[str, bytes]:
    """A real page payload or page JSON-LD, cut short, byte-flipped, or with hostile bytes or a repeated
    stretch spliced in: what a failed download or a new site build hands a harvester."""
    path = draw(st.sampled_from(PAGE_FILES))
    data = bytearray(path.read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["cut", "flip", "insert", "repeat"]))
        if kind == "cut":
            data = data[:at]
        elif kind == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from(INSERTS))
        else:
            data[at:at] = data[max(0, at - 2000):at]
    return path.name, bytes(data)


@fuzz(0.45)
@given(page=damaged_page())
def test_damaged_pages(page: tuple[str, bytes]) -> None:
    with case_dir() as tmp:
        page_case(*page, tmp)


def page_case(name: str, data: bytes, tmp: Path) -> None:
    source = tmp / name
    source.write_bytes(data)
    report = Report()
    converted = list(records([source], report, mapping=OPTIONS))
    assert converted or report.errors  # a record, or an error that says why not: never nothing at all
    out = io.StringIO()
    convert([source], ConvertOptions(formats=("nt",), mapping=OPTIONS), stream=out)
    check_rdf(out.getvalue(), pyoxigraph.RdfFormat.N_TRIPLES)


# --- regression cases: every crash the fuzzer found, with its minimal input -----------------------

BASE_RECORD = NAMES[0]


def _with(*changes: tuple[tuple[str, ...], Any]) -> Any:
    doc = copy.deepcopy(FIXTURES[BASE_RECORD])
    for path, value in changes:
        _get(doc, path[:-1])[path[-1]] = value
    return doc


def _converted(doc: Any, tmp: Path) -> tuple[str, Report]:
    return run_lines([doc], tmp)


def test_regression_lone_surrogate_in_text(tmp_path: Path) -> None:
    """JSON "\\ud83d" (an emoji cut in half): UnicodeEncodeError in the writers and catalogue keys."""
    doc = _with((("dataset_schema", "name"), "Study \ud83d"),
                (("dataset_schema", "includedInDataCatalog"), [{"name": "a\udc00b"}]))
    nt, report = _converted(doc, tmp_path)
    assert "Study \ufffd" in nt
    assert any(p.code == "invalid-characters" and "surrogate" in p.message for p in report)


def test_regression_control_characters_in_title(tmp_path: Path) -> None:
    doc = _with((("dataset_schema", "name"), "ti\x00tle\x85\ufffe\x1f"))
    nt, report = _converted(doc, tmp_path)
    assert '"title"' in nt
    assert [p.message for p in report if p.code == "invalid-characters"] == [
        "3 control character(s) removed; 1 non-character(s) removed"]


def test_regression_leading_zeros_past_int_limit() -> None:
    """"0000…01" (5,001 digits): int() raised past Python's 4,300-digit limit though the number is 1."""
    from ldcat.normalise import clean
    assert clean.integer("0" * 5000 + "1") == (1, None)
    assert clean.integer("-" + "0" * 5000)[0] == 0
    assert clean.integer("9" * 5000)[0] is None


def test_regression_huge_json_integer(tmp_path: Path) -> None:
    """A 5,000-digit JSON number: ValueError (int() limit) in format detection and the reader."""
    doc = _with((("extra_data", "sample_size"), HUGE_MARK), (("extra_data", "num_sweeps"), 10**30))
    _, report = _converted(doc, tmp_path)
    assert report.stats["records"] == 1
    assert any(p.code == "number-repaired" and "out of range" in p.message for p in report)


@pytest.mark.parametrize("value", ["1e21", 1e21, "9" * 5000, "0" * 5000 + "1", "٣٣٧", "３３７", "NaN", "-0"])
def test_regression_numbers_of_any_form(value: Any, tmp_path: Path) -> None:
    _converted(_with((("extra_data", "sample_size"), value)), tmp_path)


@pytest.mark.parametrize("value", ["12345", "12345-01-01", "٢٠٢١", "２０２１-０３-０１", "0999/2021", "2021/12345"])
def test_regression_hostile_dates(value: str, tmp_path: Path) -> None:
    """5-digit years and non-ASCII digits were written as ill-typed xsd:gYear / xsd:date."""
    _converted(_with((("dataset_schema", "temporalCoverage"), value), (("extra_data", "start_year"), 12345)),
               tmp_path)


def test_regression_unclosed_ipv6_link(tmp_path: Path) -> None:
    """`<a href="http://[::1">`: ValueError (Invalid IPv6 URL) from urlsplit in the HTML cleaner."""
    _converted(_with((("dataset_schema", "description"), "<a href='http://[::1'>x</a>")), tmp_path)


@pytest.mark.parametrize("value", [
    "http://[::1", "http://ex.org/%zz", "http://ex.org/a#b#c", "http://ex.org/[x]", "http://ex.org:99999/",
    "http://ex.org:abc/", "http://ex.org/\ufffd", "http://ex.org/\ud83d", "http://ex.org/\x85"])
def test_regression_hostile_urls(value: str, tmp_path: Path) -> None:
    """Invalid IRIs were written silently (U+FFFD is no IRI character) and rejected by parsers."""
    nt, report = _converted(_with((("dataset_schema", "url"), [value])), tmp_path)
    assert value not in nt
    assert any(p.field == "dataset_schema.url" for p in report)  # dropped or repaired, and reported


@pytest.mark.parametrize("value", ["10.1234/a%zz", "10.1234/x#y#z", "doi:10.1234/a[b]", "10.1234/\ud83d"])
def test_regression_hostile_dois(value: str, tmp_path: Path) -> None:
    _converted(_with((("dataset_schema", "identifier"), [value])), tmp_path)


@pytest.mark.parametrize("value", ["<b>x</b>", "..", "../../etc", "a b", "\ud83d"])
def test_regression_hostile_source_key(value: str, tmp_path: Path) -> None:
    nt, _ = _converted(_with((("extra_data", "source"), [value])), tmp_path)
    assert "/catalog/../" not in nt and "/catalog/..>" not in nt


@pytest.mark.parametrize("field", ["publisher", "creator", "spatialCoverage"])
def test_long_space_runs_take_linear_time(field: str, tmp_path: Path) -> None:
    """1 MB of spaces: the organisation and place splitters were quadratic (hours at 1 MB); now about a
    second. Bounded by a 30 s alarm: far past linear, far short of quadratic."""
    def timeout(signum: int, frame: object) -> None:
        raise TimeoutError("cleaning a 1 MB value did not finish in linear time")

    big = "a" + " " * 1_000_000 + "b"
    previous = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(30)
    try:
        _linear(big, field, tmp_path)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _linear(big: str, field: str, tmp_path: Path) -> None:
    import ldcat.normalise as normalise
    from ldcat.normalise import clean, temporal
    for split in (normalise._AGENT_SPLIT.split, normalise._PLACE_SPLIT.split):
        assert len(split(big)) == 1
    assert clean.text(big)[0] == "a b"
    clean.url(big)
    clean.doi("10.1234/" + big)
    with pytest.raises(temporal.TemporalError):
        temporal.parse("2021" + " " * 1_000_000 + "x/2022")
    doc = _with((("dataset_schema", field), big))
    _converted(doc, tmp_path)


def test_values_iri_problem() -> None:
    from ldcat.normalise.values import iri_problem
    for good in ("https://ex.org/a?b=c#d", "http://[::1]:8080/x", "https://ex.org/é😀", "urn:x:y"):
        assert iri_problem(good) is None, good
    for bad in ("http://[::1", "http://ex.org/%zz", "http://ex.org/a#b#c", "http://ex.org/[x]",
                "http://ex.org:99999/", "http://ex.org:abc/", "http://ex.org/\ufffd", "http://ex.org/ a",
                "http://ex.org/\ud83d", "no-scheme", ""):
        assert iri_problem(bad) is not None, bad


def test_values_clean_text() -> None:
    from ldcat.normalise.values import clean_text
    assert clean_text("plain\ttext\n") == ("plain\ttext\n", [])
    assert clean_text("a\ud83db\x00c\x9fd\ufffe\U0001fffe") == (
        "a\ufffdbcd", ["1 lone surrogate(s) replaced with U+FFFD", "2 control character(s) removed",
                        "2 non-character(s) removed"])



# Text from every plane, the characters `clean_text` changes among them (controls, surrogates,
# non-characters), keys too; integers past 64 bits and deep lists, which orjson refuses to write.
_ANY_TEXT = st.text(st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF), max_size=12)
_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-2**70, max_value=2**70) | st.floats() | _ANY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_ANY_TEXT, inner, max_size=4), max_leaves=20)


@settings(max_examples=1500, deadline=None)
@given(_JSON_VALUES)
def test_values_clean_tree_skips_the_walk_only_for_values_it_would_not_change(value: Any) -> None:
    """`clean_tree`'s quick test of the value's JSON text (`_surely_clean`) says "clean" only when
    walking every string and key would change nothing, and never raises for a value it cannot write."""
    from ldcat.normalise.values import _clean, _surely_clean, clean_tree
    found: list[tuple[str, str]] = []
    walked = _clean(value, "", found)
    if _surely_clean(value):
        assert walked is value and found == []
    assert clean_tree(value) == (walked, found)
    deep: list[Any] = [value]
    for _ in range(300):  # past orjson's nesting limit: walked instead
        deep = [deep]
    found_deep: list[tuple[str, str]] = []
    assert clean_tree(deep) == (_clean(deep, "", found_deep), found_deep)
def test_regression_writers_never_meet_a_surrogate() -> None:
    """nt_term on a lone surrogate (from a loaded file, not the normaliser): encodable output."""
    from rdflib import Literal, URIRef

    from ldcat.serialise.terms import nt_term
    assert nt_term(Literal("a\ud83db")).encode("utf-8") == b'"a\xef\xbf\xbdb"'
    assert nt_term(URIRef("https://ex.org/\ud83d")) == "<https://ex.org/%ED%A0%BD>"


def test_regression_huge_number_on_a_long_first_line_is_still_json_lines(tmp_path: Path) -> None:
    """Found by the long profile: a first line with a 5,000-digit number made detection take the file
    for one JSON document, and its second record was lost in the count."""
    first = '{"dataset_schema": "not an object", "extra_data": {"n": ' + "9" * 5000 + "}}"
    second = json.dumps({"dataset_schema": "x" * 70_000, "extra_data": {}})
    source = tmp_path / "records.jsonl"
    source.write_text(f"{first}\n{second}\n", encoding="utf-8")
    report = Report()
    assert list(records([source], report, mapping=OPTIONS)) == []
    assert report.stats["failed"] == 2 and [p.record for p in report.errors] == [f"{source}:1", f"{source}:2"]


def test_regression_a_page_row_with_a_number_past_the_int_limit(tmp_path: Path) -> None:
    """Found by test_damaged_pages: a payload row holding a 5,000-digit number raised ValueError (Python's
    int limit) out of the row parser, and of the page's JSON-LD and HTML scripts likewise."""
    page = sorted(PAGES.glob("*.rsc.txt"))[0].read_bytes()
    source = tmp_path / "page.rsc.txt"
    source.write_bytes(page.replace(b"\n", b"\nff:" + b"9" * 5000 + b"\n", 1))  # a row of its own
    report = Report()
    assert len(list(records([source], report, mapping=OPTIONS))) == 1


def test_regression_a_junk_first_line_before_a_long_record(tmp_path: Path) -> None:
    """Found by test_cli_exit_codes: a junk first line, then a record longer than the detection head:
    the file was 'not a known input format', and its good record lost with it."""
    doc = copy.deepcopy(FIXTURES[BASE_RECORD])
    doc["dataset_schema"]["description"] = "x" * 300_000
    _, report = run_lines(["\ud83d", doc], tmp_path)
    assert report.stats["records"] == 1 and report.stats["failed"] == 1
    # Found by the long profile: two junk lines, then the record (past the head too).
    _, report = run_lines(["\ud83d", "\ud83d", doc], tmp_path)
    assert report.stats["records"] == 1 and report.stats["failed"] == 2


def test_regression_an_empty_list_says_it_holds_no_records(tmp_path: Path) -> None:
    """`[]` converted nothing and said nothing: now a `no-records` warning."""
    _, report = run_lines([[]], tmp_path)
    assert [p.code for p in report] == ["no-records"] and not report.stats["failed"]
