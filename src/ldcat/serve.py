"""`ldcat serve`: a published site over HTTP, for previews, tests and small deployments.

`SiteApp` is a WSGI application on Werkzeug, so any WSGI server can mount it; `make_server` runs
it on Werkzeug's threaded server, bound to 127.0.0.1 unless told otherwise. It serves:

* dataset IRIs and the catalogue by content negotiation (`negotiate`: HTML, Turtle, JSON-LD,
  N-Triples; q-values, ``q=0``, wildcards and case as RFC 9110 has them), with ``Vary: Accept``;
* the site's static files, never its internal ones (``.ldcat/`` and other dot-files, except
  ``.well-known``), nothing outside the site (``..``, symlinks out), and no directory listings;
  ``Link`` headers (first, last, next, prev) on catalogue pages;
* a SPARQL 1.1 Protocol endpoint at ``/sparql`` over the site's dump: GET, POST as a form or as
  ``application/sparql-query``; SELECT and ASK results in JSON, XML, CSV and TSV, graphs in
  Turtle, N-Triples, JSON-LD and RDF/XML (by Accept, or a ``format`` parameter); each query
  bounded in time and size, read-only, SERVICE refused unless allowed; and, for a browser, a
  query page with the bundled named queries as examples;
* an OAI-PMH 2.0 provider at ``/oai`` (`ldcat.oai`), when an admin email is given (the protocol
  requires one);
* FAIR Signposting ``Link`` headers on each dataset's IRI and landing page (`ldcat.publish.signposting`);
* CORS for reading (GET, HEAD, POST to /sparql and /oai, and the OPTIONS preflight).

Errors are plain text with the status the protocol gives them (400, 403, 404, 405, 406, 415, 503, 507).
"""

from __future__ import annotations

import mimetypes
import multiprocessing
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from http import HTTPStatus
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import HTTPException
from werkzeug.http import parse_accept_header
from werkzeug.routing import Map, Rule
from werkzeug.security import safe_join
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler
from werkzeug.serving import make_server as werkzeug_server
from werkzeug.utils import send_file
from werkzeug.wrappers import Request, Response

from ldcat.errors import InputError
from ldcat.oai import PAGE as OAI_PAGE
from ldcat.oai import OaiApp
from ldcat.publish import signposting
from ldcat.sparql import QueryError, check_read_only, named_queries, query_store, render, serialize_results

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

# What a dataset IRI or the catalogue offers, by media type: the file suffix that holds it.
RDF_TYPES = {"text/turtle": "ttl", "application/ld+json": "jsonld", "application/n-triples": "nt"}
DOCUMENT_TYPES = {"text/html": "html", **RDF_TYPES, "application/json": "jsonld"}  # JSON-LD is JSON
EXTRA_TYPES = {".ttl": "text/turtle", ".jsonld": "application/ld+json", ".nt": "application/n-triples",
               ".nq": "application/n-quads"}
# SPARQL results: media type → ldcat.sparql format; the first is the default (no Accept header).
RESULT_TYPES = {"application/sparql-results+json": "json", "application/sparql-results+xml": "xml",
                "text/csv": "csv", "text/tab-separated-values": "tsv", "application/json": "json",
                "application/xml": "xml"}
GRAPH_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "jsonld",
               "application/rdf+xml": "rdfxml"}
# The `format` (or `output`) parameter, which many endpoints and clients use (SPARQLWrapper sends it):
# its names, by the kind of result, as media types. A media type itself is a name too.
RESULT_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_NAMES = {"turtle": "text/turtle", "ttl": "text/turtle", "n3": "text/turtle", "nt": "application/n-triples",
               "ntriples": "application/n-triples", "n-triples": "application/n-triples",
               "jsonld": "application/ld+json", "json-ld": "application/ld+json", "json": "application/ld+json",
               "xml": "application/rdf+xml", "rdfxml": "application/rdf+xml", "rdf+xml": "application/rdf+xml"}
FORMAT_CHOICES = {"json": "JSON (SELECT, ASK) or JSON-LD", "xml": "XML or RDF/XML", "csv": "CSV", "tsv": "TSV",
                  "turtle": "Turtle (CONSTRUCT, DESCRIBE)", "nt": "N-Triples"}
_PAGE = re.compile(r"^catalog/page-(\d+)\.(ttl|jsonld|nt)$")
_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "Link, Content-Type, Vary"}

URLS = Map([
    Rule("/sparql", endpoint="sparql"),
    Rule("/oai", endpoint="oai"),
    Rule("/.well-known/void", endpoint="void"),
    Rule("/dataset/<key>", endpoint="dataset"),
    Rule("/dataset/<key>/", endpoint="dataset_page"),
    Rule("/catalog", endpoint="catalog"),
    Rule("/catalog/", endpoint="catalog"),
    Rule("/", endpoint="static", defaults={"path": ""}),
    Rule("/<path:path>", endpoint="static"),
], strict_slashes=False, merge_slashes=False)


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offered media type the Accept header prefers (None: none is acceptable). No header, or
    an empty one, accepts anything: the first offer is the default."""
    if accept is None or not accept.strip():
        return offers[0]
    chosen: str | None = parse_accept_header(accept, MIMEAccept).best_match(offers)
    return chosen


@dataclass(frozen=True, slots=True)
class Limits:
    """What one SPARQL request may cost: wall time, result rows, and whether SERVICE may fetch."""

    seconds: float = 10.0
    rows: int = 100_000
    allow_service: bool = False


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    content_type: str
    body: bytes


def answer(store: ox.Store, query: str, accept: str | None, limits: Limits, fmt: str | None = None) -> Answer:
    """A query's answer: its results in the format named by `fmt` (the ``format`` parameter), else
    the one `accept` prefers; or why not."""
    try:
        result = query_store(store, query)
    except QueryError as exc:
        return _text(HTTPStatus.BAD_REQUEST, str(exc).splitlines()[0])
    if len(result.rows) > limits.rows or len(result.triples) > limits.rows:
        return _text(HTTPStatus.INSUFFICIENT_STORAGE, f"more than {limits.rows:,} results: add a LIMIT, or page "
                     "with OFFSET")
    offers, names = (GRAPH_TYPES, GRAPH_NAMES) if result.kind == "graph" else (RESULT_TYPES, RESULT_NAMES)
    if fmt is not None:
        chosen = names.get(fmt.lower()) or (fmt if fmt in offers else None)
        if chosen is None:
            return _text(HTTPStatus.BAD_REQUEST, f"format {fmt!r}: this query's results come as one of "
                         f"{', '.join(names)}")
    else:
        chosen = negotiate(accept, list(offers))
        if chosen is None:
            return _text(HTTPStatus.NOT_ACCEPTABLE, f"this query's results come as: {', '.join(offers)}")
    if result.kind == "graph":
        body = render(result, offers[chosen]).encode()
    else:
        body = serialize_results(result, offers[chosen])
    return Answer(HTTPStatus.OK, chosen + ("; charset=utf-8" if chosen.startswith("text/") else ""), body)


def bounded_answer(store: ox.Store, query: str, accept: str | None, limits: Limits,
                   fmt: str | None = None) -> Answer:
    """`answer`, in a forked child killed when it runs past the time limit: pyoxigraph cannot cancel a
    query, and a runaway one must not hold a core (or the server) for ever. The child shares the
    in-memory store copy-on-write, so forking costs milliseconds."""
    receive, send = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_answer_into, args=(send, store, query, accept,
                                                                                   limits, fmt), daemon=True)
    child.start()
    send.close()
    try:
        if receive.poll(limits.seconds):
            try:
                got: Answer = receive.recv()
                return got
            except EOFError:
                return _text(HTTPStatus.INTERNAL_SERVER_ERROR, "the query's process died")
        return _text(HTTPStatus.SERVICE_UNAVAILABLE, f"the query ran past the {limits.seconds:g} s limit and was "
                     "stopped")
    finally:
        child.kill()
        child.join(5)
        receive.close()


def _answer_into(send: Connection, store: ox.Store, query: str, accept: str | None, limits: Limits,
                 fmt: str | None) -> None:
    send.send(answer(store, query, accept, limits, fmt))
    send.close()


def _text(status: int, message: str) -> Answer:
    return Answer(status, "text/plain; charset=utf-8", (message + "\n").encode())


@cache
def _templates() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("ldcat", "templates"), autoescape=True,
                              keep_trailing_newline=True)


class SiteApp:
    """The WSGI application over one published site (see the module docstring)."""

    def __init__(self, site: Path, store: ox.Store, limits: Limits = Limits(), oai: OaiApp | None = None) -> None:
        self.site = site.resolve()
        self.store = store
        self.limits = limits
        self.oai = oai

    @classmethod
    def from_site(cls, site: Path, limits: Limits = Limits(), admin_email: str | None = None,
                  oai_page: int = OAI_PAGE) -> SiteApp:
        """The app over `site`, its SPARQL store loaded (in memory) from the site's dump; with an
        OAI-PMH provider (lists in pages of `oai_page`) if `admin_email` is given."""
        dump = site / "dump.nq"
        if not dump.is_file():
            raise InputError(f"{site}: not a published site (no dump.nq); run `ldcat publish` first")
        store = ox.Store()
        store.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
        return cls(site, store, limits, OaiApp(site, admin_email, page=oai_page) if admin_email else None)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        response = self.respond(request)
        response.headers.update(CORS)
        return response(environ, start_response)

    def respond(self, request: Request) -> Response:
        try:
            endpoint, values = URLS.bind_to_environ(request.environ).match()
        except HTTPException:  # no rule fits (werkzeug's NotFound): no file will either
            endpoint, values = "static", {}
        methods = ("GET", "HEAD", "OPTIONS", "POST") if endpoint in ("sparql", "oai") else ("GET", "HEAD", "OPTIONS")
        if request.method == "OPTIONS":  # the CORS preflight
            return Response(status=HTTPStatus.NO_CONTENT, headers={
                "Allow": ", ".join(methods), "Access-Control-Allow-Methods": ", ".join(methods),
                "Access-Control-Allow-Headers": "Accept, Content-Type", "Access-Control-Max-Age": "86400"})
        if request.method not in methods:
            return _plain(HTTPStatus.METHOD_NOT_ALLOWED, f"{request.method} is not allowed here; allowed: "
                          f"{', '.join(methods)}", Allow=", ".join(methods))
        if endpoint == "sparql":
            return self.sparql(request)
        if endpoint == "oai":
            if self.oai is None:
                return _plain(HTTPStatus.NOT_FOUND, "OAI-PMH is off: the protocol needs a contact; start the server "
                              "with --admin-email ADDRESS")
            return self.oai.respond(request)
        if endpoint == "void":
            return self.void(request)
        if endpoint in ("dataset", "dataset_page") and _KEY.match(values["key"]):
            key = values["key"]
            return self.negotiated(request, f"dataset/{key}", f"dataset/{key}/index.html",
                                   page=f"/dataset/{key}/" if endpoint == "dataset" else None)
        if endpoint == "catalog":
            return self.negotiated(request, "catalog", "index.html", page=None)
        return self.static(request, request.path, slash=request.path.endswith("/"))

    # --- documents ---------------------------------------------------------------------------

    def negotiated(self, request: Request, stem: str, html: str, *, page: str | None) -> Response:
        """The document at `stem` in the format the client prefers; the HTML page is at `page` when
        it is another address (a dataset's page is ``dataset/<key>/``, as on a static host)."""
        chosen = negotiate(request.headers.get("Accept"), list(DOCUMENT_TYPES))
        if chosen is None:
            return _plain(HTTPStatus.NOT_ACCEPTABLE, f"available: {', '.join(DOCUMENT_TYPES)}", Vary="Accept")
        if chosen == "text/html" and page is not None:
            return Response(status=HTTPStatus.SEE_OTHER, headers={"Location": page, "Vary": "Accept"})
        target = self.site / (html if chosen == "text/html" else f"{stem}.{DOCUMENT_TYPES[chosen]}")
        if not target.is_file():
            return _plain(HTTPStatus.NOT_FOUND, f"no such document: /{stem}")
        response = send_file(target, request.environ, mimetype=chosen, conditional=True, max_age=None)
        response.vary.add("Accept")
        if chosen == "text/html":
            self._signposts(response, stem)
        return response

    def _signposts(self, response: Response, stem: str) -> None:
        """A dataset's FAIR Signposting links (its linkset document, `ldcat.publish.signposting`)."""
        linkset = self.site / f"{stem}.linkset.json"
        if stem.startswith("dataset/") and linkset.is_file():
            response.headers.add("Link", signposting.header(signposting.from_linkset(linkset)))

    def static(self, request: Request, path: str, *, slash: bool) -> Response:
        """A file of the site: never a dot-file but .well-known, nothing outside it, no listings."""
        parts = [p for p in path.split("/") if p]
        if any(p.startswith(".") and p != ".well-known" for p in parts) or "\x00" in path:
            return _plain(HTTPStatus.NOT_FOUND, "not found")
        joined = safe_join(str(self.site), *parts) if parts else str(self.site)
        if joined is None:
            return _plain(HTTPStatus.NOT_FOUND, "not found")
        try:
            local = Path(joined).resolve()
        except (OSError, ValueError):
            return _plain(HTTPStatus.NOT_FOUND, "not found")
        if local != self.site and self.site not in local.parents:
            return _plain(HTTPStatus.NOT_FOUND, "not found")
        if local.is_dir():
            if not (local / "index.html").is_file():
                return _plain(HTTPStatus.NOT_FOUND, "not found (directories are not listed)")
            if parts and not slash:
                return Response(status=HTTPStatus.MOVED_PERMANENTLY, headers={"Location": f"/{'/'.join(parts)}/"})
            local = local / "index.html"
        if not local.is_file():
            return _plain(HTTPStatus.NOT_FOUND, "not found")
        kind = (signposting.LINKSET_TYPE if local.name.endswith(".linkset.json") else EXTRA_TYPES.get(local.suffix)
                or mimetypes.guess_type(local.name)[0] or "application/octet-stream")
        response = send_file(local, request.environ, mimetype=kind, conditional=True, max_age=None)
        if local.name == "index.html" and len(parts) == 2 and parts[0] == "dataset":
            self._signposts(response, f"dataset/{parts[1]}")
        if match := _PAGE.match("/".join(parts)):
            for link in self._page_links(int(match[1]), match[2]):
                response.headers.add("Link", link)
        return response

    def _page_links(self, n: int, ext: str) -> list[str]:
        last = max((int(m[1]) for p in (self.site / "catalog").glob(f"page-*.{ext}")
                    if (m := re.match(r"page-(\d+)", p.stem))), default=n)
        links = [f'</catalog/page-1.{ext}>; rel="first"', f'</catalog/page-{last}.{ext}>; rel="last"']
        if n < last:
            links.append(f'</catalog/page-{n + 1}.{ext}>; rel="next"')
        if n > 1:
            links.append(f'</catalog/page-{n - 1}.{ext}>; rel="prev"')
        return links

    def void(self, request: Request) -> Response:
        """The site's VoID description, with this server's SPARQL endpoint added."""
        path = self.site / ".well-known" / "void"
        if not path.is_file():
            return _plain(HTTPStatus.NOT_FOUND, "this site has no VoID description")
        head, _, _ = path.read_text(encoding="utf-8").rstrip().rpartition(" .")
        body = f"{head} ;\n    void:sparqlEndpoint <{request.host_url}sparql> .\n"
        return Response(body, mimetype="text/turtle")

    # --- SPARQL ----------------------------------------------------------------------------------

    def sparql(self, request: Request) -> Response:
        """The SPARQL 1.1 Protocol's query operation; a browser without a query gets the query page."""
        if request.method == "POST":
            kind = request.mimetype
            if kind == "application/sparql-query":
                queries = [request.get_data(as_text=True)]
            elif kind == "application/x-www-form-urlencoded":
                queries = request.form.getlist("query")
                if request.form.getlist("update"):
                    return _plain(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are refused")
            else:
                return _plain(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "POST a query as application/sparql-query or as "
                              "an application/x-www-form-urlencoded form with a query field")
        else:
            queries = request.args.getlist("query")
        parameters = request.values if request.method != "POST" or request.mimetype != "application/sparql-query" \
            else request.args
        if parameters.getlist("default-graph-uri") or parameters.getlist("named-graph-uri"):
            return _plain(HTTPStatus.BAD_REQUEST, "this endpoint queries its whole dataset: default-graph-uri and "
                          "named-graph-uri are not supported; use FROM / GRAPH in the query")
        accept = request.headers.get("Accept")
        if not queries or not queries[0].strip():
            if request.method != "POST" and negotiate(accept, ["text/plain", "text/html"]) == "text/html":
                return self.query_page(request)
            return _plain(HTTPStatus.BAD_REQUEST, "give a query: /sparql?query=... (or POST one)")
        if len(queries) > 1:
            return _plain(HTTPStatus.BAD_REQUEST, "give one query, not several")
        fmt = parameters.get("format") or parameters.get("output") or None
        try:
            check_read_only(queries[0], allow_service=self.limits.allow_service)
        except QueryError as exc:
            refused = "refused" in str(exc) or "read-only" in str(exc)
            return _plain(HTTPStatus.FORBIDDEN if refused else HTTPStatus.BAD_REQUEST, str(exc))
        got = bounded_answer(self.store, queries[0], accept, self.limits, fmt)
        response = Response(got.body, status=got.status, content_type=got.content_type)
        response.vary.add("Accept")
        return response

    def query_page(self, request: Request) -> Response:
        examples = [{"name": q.name, "description": q.description, "text": q.text}
                    for q in sorted(named_queries().values(), key=lambda q: q.name)]
        html = _templates().get_template("query.html").render(examples=examples, limits=self.limits,
                                                               formats=FORMAT_CHOICES)
        return Response(html, mimetype="text/html")


def _plain(status: int, message: str, **headers: str) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain", headers=headers)


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass  # quiet: the CLI prints one line when it starts


def make_server(site: Path, host: str = "127.0.0.1", port: int = 8080, limits: Limits = Limits(),
                admin_email: str | None = None, oai_page: int = OAI_PAGE) -> BaseWSGIServer:
    """A threaded server of `SiteApp` over `site`, each query within `limits` (and OAI-PMH with `admin_email`)."""
    app = SiteApp.from_site(site, limits, admin_email, oai_page)
    try:
        return werkzeug_server(host, port, app, threaded=True, request_handler=_QuietHandler)
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    except SystemExit:  # werkzeug exits when the port is taken
        raise InputError(f"cannot listen on {host}:{port}: the address is in use") from None


