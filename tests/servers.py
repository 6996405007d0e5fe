"""Real triple-store servers on loopback, for tests that load data over HTTP.

Two session-scoped fixtures, each yielding a `Server`:

- `oxigraph_server`: the `oxigraph` binary from the PyPI package `oxigraph` (a test extra), found next to
  `sys.executable`; `oxigraph serve --location <tmp> --bind 127.0.0.1:<port>`. Starts in well under a second.
- `virtuoso_server`: Virtuoso Open Source 7 (`virtuoso-t` from Debian's `virtuoso-opensource-7-bin`, which .ci/run
  installs) with a throwaway `virtuoso.ini` and database in a temp dir; a fresh database takes 2-5 s to create.
  Writes go through the digest-authenticated endpoints as dba/dba; no grants or VADs are needed for those.
  Its isql port is used only to shut it down.

Both listen on 127.0.0.1 only, on ports picked by `free_port()`, keep their storage in a temp dir that is removed
afterwards, and are stopped on teardown (politely, then SIGTERM, then SIGKILL) even when tests fail; on Linux each
is also told by the kernel to die with the pytest process, so a killed run leaves nothing behind either.

The helpers (`sparql_select`, `sparql_bindings`, `sparql_update`, `graph_content`, `gsp_put`, `gsp_delete`) use
only urllib, never a proxy from the environment, so tests can check server state independently of ldcat's own
HTTP client.

Quirks found (Oxigraph 0.5.13, Virtuoso 07.20.3229 from Debian 12's 7.2.5.1 package):

- Graph Store PUT replaces the graph's content on both (201 when the graph was new, 200 on Virtuoso or 204 on
  Oxigraph when it existed); DELETE answers 200 (Virtuoso) or 204 (Oxigraph), and 404 on both when the graph has
  no triples. A graph with no triples does not exist for either.
- Oxigraph parses by the Content-Type and rejects a missing or wrong one with 400; it accepts JSON-LD.
  Virtuoso ignores the Content-Type and sniffs the body: N-Triples and Turtle load under any type (text/turtle,
  application/n-triples, text/plain, application/octet-stream) and RDF/XML loads, but JSON-LD is refused
  ("unsupported type text/plain", HTTP 500) and so is N-Quads ("text/x-nquads", HTTP 500).
- Virtuoso's GSP with writes (`/sparql-graph-crud-auth`) and update (`/sparql-auth`) want HTTP Digest; Basic gets
  401. The anonymous `/sparql` answers SELECTs over every graph but refuses updates (SR186 SECURITY), and the
  anonymous `/sparql-graph-crud` allows GET only (PUT is 403). `?graph=` and the older `?graph-uri=` both name
  the graph; `?default` is refused with 500 (not configured to have a default graph).
- The default graph differs: Virtuoso's /sparql answers a query without GRAPH from the union of all graphs;
  Oxigraph's default graph is a graph of its own (empty when everything was PUT into named graphs), unless served
  with --union-default-graph, which this fixture uses so that both answer ldcat's named queries alike.
- Both store literals by value, so the lexical form comes back canonical: "007"^^xsd:integer -> "7",
  "1.50"^^xsd:decimal -> "1.5", language tags lower-cased ("EN-gb" -> "en-gb"). Oxigraph returns
  "1"^^xsd:boolean as "true", "1.0E2"^^xsd:double as "100", "05"^^xsd:nonNegativeInteger as "5"^^xsd:integer
  (datatype changed!), "10:00:00.500Z" as "10:00:00.5Z", and keeps ill-typed literals ("abc"^^xsd:integer) as
  they were. Virtuoso returns "1"^^xsd:boolean as "1" in SPARQL JSON but "true" through GSP GET, "1.0E2" as
  "100.0", keeps nonNegativeInteger and ".500Z", silently turns ill-typed literals into garbage
  ("abc"^^xsd:integer -> "0") and durations into a count of months ("P1Y"^^xsd:duration -> "12").
  Blank nodes come back relabelled on both (Virtuoso: "nodeID://b10000"), so compare graphs by isomorphism.
- SPARQL JSON results: Virtuoso still uses the old "typed-literal" type and gives xsd:string literals an explicit
  datatype; Oxigraph gives plain "literal" and omits xsd:string. `rdf_term` reads both alike, and by default
  normalises literals the way rdflib does when parsing, so `graph_content` compares by value with rdflib graphs.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import typing
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

AuthScheme = typing.Literal["basic", "digest"]
T = typing.TypeVar("T")

STARTUP_TIMEOUT = 60.0  # seconds; Oxigraph answers in < 0.5 s, a fresh Virtuoso database in 2-5 s
STOP_TIMEOUT = 15.0  # seconds to wait for a polite stop, then again after SIGTERM, before SIGKILL
HTTP_TIMEOUT = 30.0  # seconds for any single request of the helpers
START_ATTEMPTS = 3  # a port picked by free_port() can be taken by someone else before the server binds it


@dataclass(frozen=True)
class Server:
    """A running triple store and where to reach it."""

    name: str
    base: str
    query_url: str
    update_url: str
    gsp_url: str
    user: str | None = None
    password: str | None = None
    auth: AuthScheme | None = None


class ServerStartError(RuntimeError):
    """The server exited or did not answer in time; the message carries the tail of its log."""


# --- helpers for tests -------------------------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def opener(server: Server | None = None) -> urllib.request.OpenerDirector:
    """A urllib opener that never uses a proxy and answers the server's auth challenge, if it has one."""
    handlers: list[urllib.request.BaseHandler] = [urllib.request.ProxyHandler({})]
    if server is not None and server.auth is not None:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, server.base, server.user or "", server.password or "")
        if server.auth == "digest":
            handlers.append(urllib.request.HTTPDigestAuthHandler(passwords))
        else:
            handlers.append(urllib.request.HTTPBasicAuthHandler(passwords))
    return urllib.request.build_opener(*handlers)


def _request(server: Server, url: str, *, method: str, data: bytes | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    with opener(server).open(request, timeout=HTTP_TIMEOUT) as response:
        return response.status, response.read()


def sparql_bindings(server: Server, query: str) -> list[dict[str, dict[str, str]]]:
    """The raw SPARQL JSON bindings of a SELECT: {var: {"type": ..., "value": ..., "datatype"/"xml:lang": ...}}."""
    _, body = _request(server, server.query_url, method="POST",
                       data=urllib.parse.urlencode({"query": query}).encode(),
                       headers={"Content-Type": "application/x-www-form-urlencoded",
                                "Accept": "application/sparql-results+json"})
    return json.loads(body)["results"]["bindings"]


def sparql_select(server: Server, query: str) -> list[dict[str, str]]:
    """The rows of a SELECT as {var: value} (lexical forms and IRIs as the server returns them)."""
    return [{var: term["value"] for var, term in row.items()} for row in sparql_bindings(server, query)]


def sparql_update(server: Server, update: str) -> None:
    """Run a SPARQL Update on the server's update endpoint (authenticated where the server wants it)."""
    _request(server, server.update_url, method="POST", data=urllib.parse.urlencode({"update": update}).encode(),
             headers={"Content-Type": "application/x-www-form-urlencoded"})


def rdf_term(binding: dict[str, str], *, normalize: bool = True) -> Node:
    """One SPARQL JSON term as an rdflib term; xsd:string is a plain literal.

    With `normalize` (the default) literals get rdflib's canonical lexical form, as rdflib gives them when it parses
    a file, so a graph read back compares by value with one rdflib parsed: Virtuoso's "0"^^xsd:boolean is "false",
    Oxigraph's "100"^^xsd:double is "100.0". Without it the server's lexical form is kept (see `sparql_bindings`
    for the raw answer). Neither undoes a changed datatype (Oxigraph: xsd:nonNegativeInteger -> xsd:integer).
    """
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):  # "typed-literal": Virtuoso, after the 2008 W3C note
        lang = binding.get("xml:lang")
        if lang:
            return Literal(value, lang=lang, normalize=normalize)
        datatype = binding.get("datatype")
        if datatype in (str(XSD.string), None):
            return Literal(value, normalize=normalize)
        if datatype == str(RDF.langString):
            raise ValueError(f"rdf:langString without a language: {binding}")
        return Literal(value, datatype=URIRef(datatype), normalize=normalize)
    raise ValueError(f"unsupported SPARQL JSON term: {binding}")


def graph_content(server: Server, graph_iri: str, *, normalize: bool = True) -> Graph:
    """Every triple of one named graph, read back with a SELECT over the query endpoint (see `rdf_term`)."""
    rows = sparql_bindings(server, f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}")
    graph = Graph()
    for row in rows:
        graph.add(tuple(rdf_term(row[var], normalize=normalize) for var in "spo"))
    return graph


def _gsp_url(server: Server, graph_iri: str) -> str:
    return f"{server.gsp_url}?{urllib.parse.urlencode({'graph': graph_iri})}"


def gsp_put(server: Server, graph_iri: str, ntriples: bytes, content_type: str = "application/n-triples") -> int:
    """Replace a named graph's content (Graph Store Protocol PUT); returns the HTTP status, raises HTTPError."""
    status, _ = _request(server, _gsp_url(server, graph_iri), method="PUT", data=ntriples,
                         headers={"Content-Type": content_type})
    return status


def gsp_delete(server: Server, graph_iri: str, *, missing_ok: bool = True) -> bool:
    """Delete a named graph (Graph Store Protocol DELETE); False if it did not exist (404) and missing_ok."""
    try:
        _request(server, _gsp_url(server, graph_iri), method="DELETE")
    except urllib.error.HTTPError as err:
        if err.code == 404 and missing_ok:
            return False
        raise
    return True


# --- processes -------------------------------------------------------------------------------------------------

_PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True) if sys.platform.startswith("linux") else None


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Have the kernel SIGKILL the server if pytest dies, so even a killed run leaves no server behind."""
    if _LIBC is not None:
        _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _missing(message: str) -> typing.NoReturn:
    """A missing server program fails the run in CI (where .ci/run installs it) and skips elsewhere."""
    if _in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _tail(*paths: Path, lines: int = 40) -> str:
    out = []
    for path in paths:
        with contextlib.suppress(OSError):
            text = path.read_text(errors="replace").splitlines()[-lines:]
            out.append(f"--- {path.name} ---\n" + "\n".join(text))
    return "\n".join(out)


def _answers(url: str, ok: Callable[[int], bool] = lambda status: status == 200) -> bool:
    try:
        with opener().open(url, timeout=2) as response:
            return ok(response.status)
    except urllib.error.HTTPError as err:
        return ok(err.code)
    except (OSError, ValueError):  # URLError, refused, reset, timeout
        return False


def _start(argv: list[str], *, cwd: Path, log: Path, ready: Callable[[], bool], what: str,
           logs: tuple[Path, ...] = ()) -> subprocess.Popen[bytes]:
    """Start a server and wait, at most STARTUP_TIMEOUT, until `ready()`; stops it again if it never gets there."""
    with log.open("ab") as out:
        proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True, preexec_fn=_die_with_parent)
    deadline = time.monotonic() + STARTUP_TIMEOUT
    try:
        while True:
            if proc.poll() is not None:
                raise ServerStartError(f"{what} exited with code {proc.returncode} before answering "
                                       f"({' '.join(argv)}):\n{_tail(log, *logs)}")
            if ready():
                if proc.poll() is None:  # not some other program that took the port meanwhile
                    return proc
                continue
            if time.monotonic() > deadline:
                raise ServerStartError(f"{what} did not answer within {STARTUP_TIMEOUT:g} s "
                                       f"({' '.join(argv)}):\n{_tail(log, *logs)}")
            time.sleep(0.1)
    except BaseException:
        _stop(proc)
        raise


def _stop(proc: subprocess.Popen[bytes], polite: Callable[[], object] | None = None) -> None:
    """Stop one server process we started: `polite()` first if given, then SIGTERM, then SIGKILL; always reaps it."""
    if proc.poll() is not None:
        return
    try:
        if polite is not None:
            with contextlib.suppress(Exception):
                polite()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(STOP_TIMEOUT)
        if proc.poll() is None:
            proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(STOP_TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(STOP_TIMEOUT)


def _start_retrying(start: Callable[[], T]) -> T:
    """`start()`, again with fresh ports if the server did not come up (a port taken meanwhile, say)."""
    for attempt in range(1, START_ATTEMPTS + 1):
        try:
            return start()
        except ServerStartError:
            if attempt == START_ATTEMPTS:
                raise
    raise AssertionError("unreachable")


# --- Oxigraph --------------------------------------------------------------------------------------------------


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"  # the venv's bin/, not resolved through the python symlink
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("oxigraph")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Oxigraph's HTTP server on a free loopback port with a throwaway on-disk store; no auth."""
    binary = oxigraph_binary()
    if binary is None:
        _missing("oxigraph server not found next to the Python interpreter or on PATH: "
                 "install the test extras (pip install -e '.[test]', PyPI package 'oxigraph')")
    root = tmp_path_factory.mktemp("oxigraph")

    def start() -> tuple[subprocess.Popen[bytes], Server]:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        store = root / f"store-{port}"
        proc = _start([binary, "serve", "--location", str(store), "--bind", f"127.0.0.1:{port}",
                       "--union-default-graph"],  # queries see every record graph, as on Virtuoso
                      cwd=root, log=root / "oxigraph.log", what="oxigraph",
                      ready=lambda: _answers(f"{base}/query?query=ASK%7B%7D"))
        return proc, Server(name="oxigraph", base=base, query_url=f"{base}/query", update_url=f"{base}/update",
                            gsp_url=f"{base}/store")

    proc, server = _start_retrying(start)
    try:
        yield server
    finally:
        _stop(proc)


# --- Virtuoso --------------------------------------------------------------------------------------------------

VIRTUOSO_USER = "dba"
VIRTUOSO_PASSWORD = "dba"  # the default of a freshly created database


def virtuoso_binary() -> str | None:
    return shutil.which("virtuoso-t") or next(
        (p for p in ("/usr/bin/virtuoso-t", "/usr/local/virtuoso-opensource/bin/virtuoso-t") if os.access(p, os.X_OK)),
        None)


def virtuoso_isql(virtuoso: str) -> str | None:
    """Virtuoso's own isql (Debian names it isql-vt; plain `isql` is usually unixODBC's, which is no use here)."""
    beside = Path(virtuoso).parent / "isql-vt"
    return str(beside) if os.access(beside, os.X_OK) else shutil.which("isql-vt")


def virtuoso_ini(root: Path, isql_port: int, http_port: int) -> str:
    """A minimal throwaway configuration: every file under `root`, both ports on 127.0.0.1, small buffers."""
    return f"""\
[Database]
DatabaseFile       = {root}/virtuoso.db
ErrorLogFile       = {root}/virtuoso.log
LockFile           = {root}/virtuoso.lck
TransactionFile    = {root}/virtuoso.trx
xa_persistent_file = {root}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {root}/virtuoso-temp.db
TransactionFile    = {root}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort                = 127.0.0.1:{isql_port}
DisableUnixSocket         = 1
ServerThreads             = 10
CheckpointInterval        = 0
NumberOfBuffers           = 10000
MaxDirtyBuffers           = 6000
MaxStaticCursorRows       = 5000
DirsAllowed               = ., {root}
ThreadCleanupInterval     = 0
ResourcesCleanupInterval  = 0

[HTTPServer]
ServerPort                  = 127.0.0.1:{http_port}
ServerRoot                  = {root}/www
ServerThreads               = 10
MaxKeepAlives               = 10
KeepAliveTimeout            = 10
HTTPThreadSize              = 280000
HttpPrintWarningsInOutput   = 0
Charset                     = UTF-8
EnabledDavVSP               = 0

[AutoRepair]
BadParentLinks = 0

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[Replication]
ServerName   = ldcat-test
ServerEnable = 0

[SPARQL]
ResultSetMaxRows           = 100000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = 60
DeferInferenceRulesInit    = 0
"""


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Virtuoso Open Source 7 with a throwaway database; writes need HTTP Digest as dba/dba."""
    binary = virtuoso_binary()
    if binary is None:
        _missing("virtuoso-t not found: install Debian's virtuoso-opensource-7-bin "
                 "(apt-get install virtuoso-opensource-7-bin; .ci/run does this)")
    isql = virtuoso_isql(binary)
    base_root = tmp_path_factory.mktemp("virtuoso")

    def start() -> tuple[subprocess.Popen[bytes], Server, int]:
        isql_port, http_port = free_port(), free_port()
        while http_port == isql_port:
            http_port = free_port()
        root = base_root / f"db-{http_port}"  # a fresh database for every attempt
        (root / "www").mkdir(parents=True)
        ini = root / "virtuoso.ini"
        ini.write_text(virtuoso_ini(root, isql_port, http_port))
        base = f"http://127.0.0.1:{http_port}"
        proc = _start([binary, "+foreground", "+configfile", str(ini)], cwd=root, log=root / "stdout.log",
                      logs=(root / "virtuoso.log",), what="virtuoso-t",
                      ready=lambda: _answers(f"{base}/sparql?query=ASK%7B%7D")
                      # the write endpoint is there too, asking for a password
                      and _answers(f"{base}/sparql-graph-crud-auth", lambda status: status == 401))
        return proc, Server(name="virtuoso", base=base, query_url=f"{base}/sparql",
                            update_url=f"{base}/sparql-auth", gsp_url=f"{base}/sparql-graph-crud-auth",
                            user=VIRTUOSO_USER, password=VIRTUOSO_PASSWORD, auth="digest"), isql_port

    proc, server, isql_port = _start_retrying(start)

    def shutdown() -> None:  # a clean checkpoint-and-exit through isql; SIGTERM follows if this fails
        if isql is not None:
            subprocess.run([isql, f"127.0.0.1:{isql_port}", VIRTUOSO_USER, VIRTUOSO_PASSWORD,
                            "exec=shutdown;"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=STOP_TIMEOUT, check=False)

    try:
        yield server
    finally:
        _stop(proc, polite=shutdown)
