"""SPARQL over ldcat's output: files, the embedded store or a remote endpoint; named queries.

Common prefixes (those ldcat writes) are pre-declared. Parameters of named queries are bound as
RDF terms, never pasted into the query text as strings: locally through pyoxigraph's
substitutions (SEP-0007, which needs the variable projected, so named queries select their
parameters); for a remote endpoint as a VALUES block whose terms are serialised, and so escaped,
by pyoxigraph as N-Triples terms, so a value containing `"` or `}` cannot change the query.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from ldcat.errors import InputError, UsageError
from ldcat.namespaces import PREFIXES, XSD
from ldcat.serialise import compact
from ldcat.store import Endpoint, open_store, to_ox
from ldcat.store.inputs import expand, rdf_graphs

Term = ox.NamedNode | ox.BlankNode | ox.Literal
# SELECT / ASK results in the SPARQL 1.1 formats, as the specs write them (pyoxigraph's serialisers).
STANDARD_RESULTS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                    "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
RESULT_FORMATS = ("table", *STANDARD_RESULTS)
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
                 "rdfxml": ox.RdfFormat.RDF_XML}


class QueryError(UsageError):
    """A query that does not parse, or named-query parameters that do not fit."""


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    kind: str  # literal | iri | integer | year
    description: str


@dataclass(frozen=True, slots=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[Param, ...]
    text: str


@dataclass
class QueryResult:
    """What a query gave: rows (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE)."""

    kind: str  # select | ask | graph
    variables: list[str] = field(default_factory=list)
    rows: list[list[Term | None]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)


# --- named queries -------------------------------------------------------------------------------

_HEADER = re.compile(r"^#\s*(name|description|param):\s*(.*)$")
_KINDS = ("literal", "iri", "integer", "year")


@cache
def named_queries() -> dict[str, NamedQuery]:
    """The bundled queries (`src/ldcat/queries/*.rq`), read from their header comments."""
    found: dict[str, NamedQuery] = {}
    for entry in sorted(resources.files("ldcat").joinpath("queries").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            query = _parse_named(entry.read_text(encoding="utf-8"), entry.name)
            found[query.name] = query
    return found


def _parse_named(text: str, filename: str) -> NamedQuery:
    meta: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if not match:
            continue
        key, value = match.groups()
        if key == "param":
            name, kind, *rest = value.split(maxsplit=2)
            if kind not in _KINDS:
                raise ValueError(f"{filename}: parameter {name} has unknown kind {kind!r}")
            params.append(Param(name, kind, rest[0] if rest else ""))
        else:
            meta[key] = value
    return NamedQuery(meta.get("name", filename.removesuffix(".rq")), meta.get("description", ""),
                      tuple(params), text)


def bind(query: NamedQuery, values: dict[str, str]) -> dict[str, Term]:
    """Named-query parameters as typed RDF terms; every declared parameter is required."""
    unknown = set(values) - {p.name for p in query.params}
    if unknown:
        raise QueryError(f"{query.name} has no parameter {sorted(unknown)[0]!r}; it takes: "
                         f"{', '.join(p.name for p in query.params) or 'none'}")
    bound: dict[str, Term] = {}
    for param in query.params:
        if param.name not in values:
            raise QueryError(f"{query.name} needs --param {param.name}=... ({param.description})")
        bound[param.name] = _term(param, values[param.name])
    return bound


def _term(param: Param, raw: str) -> Term:
    if param.kind == "iri":
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$", raw):
            raise QueryError(f"--param {param.name}: {raw!r} is not an IRI")
        return ox.NamedNode(raw)
    if param.kind in ("integer", "year"):
        if not re.fullmatch(r"[+-]?\d+", raw.strip()):
            raise QueryError(f"--param {param.name}: {raw!r} is not a whole number")
        return ox.Literal(str(int(raw)), datatype=ox.NamedNode(str(XSD.integer)))
    return ox.Literal(raw)


# --- running -------------------------------------------------------------------------------------


# What a query's text is made of, in the order SPARQL reads it: long and short strings, IRIs and comments
# are skipped whole, so a keyword inside one ('SERVICE' in a literal, '#' in an IRI) is not mistaken.
_SKIPPED = re.compile("|".join((
    r'"""(?:[^"\\]|\\.|"(?!""))*"""', r"'''(?:[^'\\]|\\.|'(?!''))*'''",  # long strings
    r'"(?:[^"\\\n]|\\.)*"', r"'(?:[^'\\\n]|\\.)*'",  # short strings
    r'<[^<>"{}|^`\\\s]*>', r"#[^\n]*",  # IRIs, comments
)))
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_UPDATE = re.compile(r"^\s*(?:(?:PREFIX\s+[\w.-]*:\s*<>|BASE\s*<>)\s*)*"
                     r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)


def check_read_only(text: str, *, allow_service: bool = False) -> None:
    """A QueryError for an update, or (unless allowed) a federated query: `SERVICE <url>` would make
    the server fetch from anywhere a client names."""
    bare = _SKIPPED.sub(lambda m: "<>" if m.group(0).startswith("<") else " ", text)
    if _UPDATE.match(bare):
        raise QueryError("updates are not accepted here: this endpoint is read-only")
    if not allow_service and _SERVICE.search(bare):
        raise QueryError("federated queries (SERVICE) are refused: this endpoint answers from its own data only")


def with_prefixes(text: str) -> str:
    """The query with ldcat's prefixes declared, except those it declares itself."""
    declared = {m.lower() for m in re.findall(r"PREFIX\s+([\w-]*):", text, re.IGNORECASE)}
    head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in declared)
    return head + text


def query_store(store: ox.Store, text: str, bindings: dict[str, Term] | None = None) -> QueryResult:
    """Run a query over a pyoxigraph store; the default graph is the union of all graphs."""
    try:
        answer = store.query(with_prefixes(text), use_default_graph_as_union=True,
                             substitutions={ox.Variable(k): v for k, v in (bindings or {}).items()})
    except SyntaxError as exc:
        raise QueryError(_syntax_message(exc, text)) from None
    except (RuntimeError, ValueError) as exc:  # evaluation errors, e.g. a substitution not in scope
        raise QueryError(f"the query cannot run: {exc}") from None
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        return QueryResult("select", variables, [[row[v] for v in variables] for row in answer])
    return QueryResult("graph", triples=list(answer))


def _syntax_message(exc: SyntaxError, text: str) -> str:
    """pyoxigraph says "error at LINE:COLUMN: expected ..." about the text it was given, which
    has ldcat's prefixes on top: point at the user's own line instead, and show it."""
    message = str(exc)
    offset = len(with_prefixes(text).splitlines()) - len(text.splitlines())
    match = re.search(r"at (\d+):(\d+): ?(.*)", message, re.DOTALL)
    if not match:
        return f"SPARQL syntax error: {message}"
    line, column = int(match.group(1)) - offset, int(match.group(2))
    lines = text.splitlines()
    shown = f"\n  {lines[line - 1]}\n  {' ' * (column - 1)}^" if 0 < line <= len(lines) else ""
    return f"SPARQL syntax error at line {line}, column {column}: {match.group(3)}{shown}"


def store_from_files(paths: Sequence[Path]) -> ox.Store:
    """An in-memory store holding the given RDF files (Turtle, N-Triples, N-Quads, JSON-LD)."""
    store = ox.Store()
    for path in expand(paths):
        assert isinstance(path, Path)
        for named in rdf_graphs(path):
            graph = ox.NamedNode(named.name)
            assert named.graph is not None  # an RDF file's graph: its triples, never rendered text
            store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph) for s, p, o in named.graph)  # type: ignore[arg-type]
    return store


def query_endpoint(endpoint: Endpoint, text: str, bindings: dict[str, Term] | None = None) -> QueryResult:
    """Run a query on a remote endpoint; parameters go in as a VALUES block of escaped terms."""
    full = with_prefixes(_with_values(text, bindings or {}))
    kind = _kind(full)
    if kind == "graph":
        data = endpoint.query(full, "application/n-triples")
        try:
            return QueryResult("graph", triples=[q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)])
        except SyntaxError as exc:
            raise InputError(f"{endpoint.query_url}: answer is not N-Triples: {exc}") from None
    answer = json.loads(endpoint.query(full, "application/sparql-results+json"))
    if "boolean" in answer:
        return QueryResult("ask", boolean=bool(answer["boolean"]))
    variables = answer["head"]["vars"]
    rows = [[_json_term(b.get(v)) for v in variables] for b in answer["results"]["bindings"]]
    return QueryResult("select", variables, rows)


def _kind(text: str) -> str:
    body = re.sub(r"#[^\n]*|PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>", " ", text, flags=re.IGNORECASE)
    first = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body, re.IGNORECASE)
    if not first:
        raise QueryError("not a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    return {"select": "select", "ask": "ask"}.get(first.group(1).lower(), "graph")


def _with_values(text: str, bindings: dict[str, Term]) -> str:
    if not bindings:
        return text
    match = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE)
    if not match:
        raise QueryError("parameters need a query with a WHERE clause")
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(str(term) for term in bindings.values())  # pyoxigraph terms print as N-Triples
    return f"{text[:match.end()]}\n  VALUES ({names}) {{ ({values}) }}\n{text[match.end():]}"


def _json_term(value: dict[str, str] | None) -> Term | None:
    if value is None:
        return None
    if value["type"] == "uri":
        return ox.NamedNode(value["value"])
    if value["type"] == "bnode":
        return ox.BlankNode(value["value"])
    if "xml:lang" in value:
        return ox.Literal(value["value"], language=value["xml:lang"])
    if "datatype" in value:
        return ox.Literal(value["value"], datatype=ox.NamedNode(value["datatype"]))
    return ox.Literal(value["value"])


# --- rendering -----------------------------------------------------------------------------------


def render(result: QueryResult, fmt: str = "table", *, width: int = 120) -> str:
    """Results for people (an aligned table) or programs (`STANDARD_RESULTS`); RDF for graphs."""
    if result.kind == "graph":
        return _render_graph(result.triples, fmt if fmt in GRAPH_FORMATS else "turtle")
    if fmt in STANDARD_RESULTS:
        return serialize_results(result, fmt).decode()
    if result.kind == "ask":
        return ("yes" if result.boolean else "no") + "\n"
    return _render_table(result, width)


def serialize_results(result: QueryResult, fmt: str) -> bytes:
    """SELECT or ASK results in one of `STANDARD_RESULTS`, as the SPARQL 1.1 specs write them: CSV
    with CRLF line ends and plain values, TSV with terms in Turtle syntax, XML. The rows are held as
    ldcat's terms (they may come from a remote endpoint), so pyoxigraph's serialisers get them as
    SPARQL JSON, which it reads back."""
    data = _render_json(result).encode()
    if fmt == "json":
        return data
    parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=STANDARD_RESULTS[fmt]) or b""  # None only when given a file to write to


def _cell(term: Term | None) -> str:
    """A term as a table shows it: IRIs compacted with the known prefixes, text on one line; never cut."""
    if term is None:
        return ""
    text = (compact(term.value) or term.value) if isinstance(term, ox.NamedNode) else term.value
    return " ".join(text.split())


def _render_table(result: QueryResult, width: int) -> str:
    """An aligned table `width` columns wide at most: a long cell wraps within its column (an IRI
    folds at any character) rather than being cut, so every value is there whole."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(*result.variables, box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, header_style="bold",
                  expand=False)
    for column in table.columns:
        column.overflow = "fold"
    for row in result.rows:
        table.add_row(*(_cell(t) for t in row))
    console = Console(width=max(width, 20), file=io.StringIO(), color_system=None, highlight=False,
                      emoji=False, markup=False)
    console.print(table, markup=False)
    text = "\n".join(line.rstrip() for line in console.file.getvalue().splitlines())  # type: ignore[attr-defined]
    return f"{text}\n({len(result.rows):,} row{'s' if len(result.rows) != 1 else ''})\n"


def _render_json(result: QueryResult) -> str:
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}) + "\n"
    bindings = [{v: _json_value(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
                for row in result.rows]
    return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                      indent=2, ensure_ascii=False) + "\n"


def _json_value(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    value = {"type": "literal", "value": term.value}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype.value != str(XSD.string):
        value["datatype"] = term.datatype.value
    return value


def _render_graph(triples: Iterable[ox.Triple], fmt: str) -> str:
    prefixes = PREFIXES if fmt == "turtle" else None
    data = ox.serialize(list(triples), format=GRAPH_FORMATS[fmt], prefixes=prefixes)
    return data.decode() if data else ""


def run(text: str, *, files: Sequence[Path] = (), store: Path | None = None, endpoint: Endpoint | None = None,
        bindings: dict[str, Term] | None = None) -> QueryResult:
    """One query over one target: files (in memory), the embedded store, or an endpoint."""
    if endpoint is not None:
        return query_endpoint(endpoint, text, bindings)
    if files:
        return query_store(store_from_files(files), text, bindings)
    assert store is not None
    return query_store(open_store(store, read_only=True), text, bindings)
