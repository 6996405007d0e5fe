"""`ldcat serve`: a small local server over a published site, for previews and tests.

Content negotiation on dataset IRIs and the catalogue (Turtle, JSON-LD, N-Triples, HTML),
`Link: rel=next` headers on catalogue pages, and a SPARQL 1.1 Protocol endpoint at /sparql over
the site's dump. Bound to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import mimetypes
import multiprocessing
import os
import re
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ldcat.errors import InputError
from ldcat.sparql import QueryError, check_read_only, query_store, render

RDF_TYPES = {"text/turtle": "ttl", "application/ld+json": "jsonld", "application/n-triples": "nt"}
EXTRA_TYPES = {".ttl": "text/turtle", ".jsonld": "application/ld+json", ".nt": "application/n-triples",
               ".nq": "application/n-quads"}
RESULT_TYPES = {"application/sparql-results+json": "json", "text/csv": "csv", "text/tab-separated-values": "tsv",
                "application/json": "json"}
_PAGE = re.compile(r"^/catalog/page-(\d+)\.(ttl|jsonld|nt)$")


def negotiate(accept: str, offers: list[str]) -> str | None:
    """The offered media type the Accept header prefers (q-values honoured), None if none fits."""
    best: tuple[float, int, str] | None = None
    for order, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = next((float(p[2:]) for p in params if p.startswith("q=") and _is_float(p[2:])), 1.0)
        for offer in offers:
            if q > 0 and (media == offer or media == "*/*" or (media.endswith("/*") and
                                                              offer.startswith(media[:-1]))):
                rank = (q, -order, offer)
                if best is None or rank[:2] > best[:2]:
                    best = rank
    return best[2] if best else None


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class Limits:
    """What one SPARQL request may cost: wall time, result rows, and whether SERVICE may fetch."""

    seconds: float = 10.0
    rows: int = 100_000
    allow_service: bool = False


def answer(store: ox.Store, query: str, accept: str, limits: Limits) -> tuple[int, str, bytes]:
    """(status, content type, body) for a query, its results in the format `accept` prefers."""
    try:
        result = query_store(store, query)
    except QueryError as exc:
        return HTTPStatus.BAD_REQUEST, "text/plain", str(exc).splitlines()[0].encode()
    if len(result.rows) > limits.rows or len(result.triples) > limits.rows:
        return (HTTPStatus.INSUFFICIENT_STORAGE, "text/plain",
                f"more than {limits.rows:,} results: add a LIMIT, or page with OFFSET".encode())
    if result.kind == "graph":
        chosen = negotiate(accept or "text/turtle", list(RDF_TYPES)) or "text/turtle"
        fmt = {"ttl": "turtle", "jsonld": "jsonld", "nt": "nt"}[RDF_TYPES[chosen]]
        return HTTPStatus.OK, chosen, render(result, fmt).encode()
    chosen = negotiate(accept or "application/sparql-results+json", list(RESULT_TYPES)) \
        or "application/sparql-results+json"
    return HTTPStatus.OK, chosen, render(result, RESULT_TYPES[chosen]).encode()


def bounded_answer(store: ox.Store, query: str, accept: str, limits: Limits) -> tuple[int, str, bytes]:
    """`answer`, in a forked child killed when it runs past the time limit: pyoxigraph cannot cancel a
    query, and a runaway one must not hold a core (or the server) for ever. The child shares the
    in-memory store copy-on-write, so forking costs milliseconds."""
    receive, send = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_answer_into, args=(send, store, query, accept,
                                                                                   limits), daemon=True)
    child.start()
    send.close()
    try:
        if receive.poll(limits.seconds):
            try:
                status, content_type, body = receive.recv()
                return int(status), str(content_type), bytes(body)
            except EOFError:
                return HTTPStatus.INTERNAL_SERVER_ERROR, "text/plain", b"the query's process died"
        return (HTTPStatus.SERVICE_UNAVAILABLE, "text/plain",
                f"the query ran past the {limits.seconds:g} s limit and was stopped".encode())
    finally:
        child.kill()
        child.join(5)
        receive.close()


def _answer_into(send: Connection, store: ox.Store, query: str, accept: str, limits: Limits) -> None:
    send.send(answer(store, query, accept, limits))
    send.close()


class SiteHandler(SimpleHTTPRequestHandler):
    store: ox.Store
    site: Path
    limits: Limits = Limits()
    _page_links: Sequence[str] = ()  # Link headers for the response being sent

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: the CLI prints one line when it starts

    def do_GET(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if path == "/sparql":
            self._sparql(urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query).get("query", [""])[0])
        elif path == "/.well-known/void":
            self._send(self._void(), "text/turtle")
        elif (match := re.fullmatch(r"/dataset/([A-Za-z0-9][A-Za-z0-9._-]*)/?", path)) and "." not in match[1]:
            self._negotiated(f"dataset/{match[1]}", f"dataset/{match[1]}/index.html",
                             slash=path.endswith("/"))
        elif path in ("/catalog", "/catalog/"):
            self._negotiated("catalog", "index.html")
        else:
            if _PAGE.match(path):
                self._page_links = self._links(path)
            super().do_HEAD() if self.command == "HEAD" else super().do_GET()

    def do_HEAD(self) -> None:
        self.do_GET()  # the same answers; `_send` and the stdlib's static files skip the body

    def do_POST(self) -> None:
        if urllib.parse.urlsplit(self.path).path != "/sparql":
            self.send_error(HTTPStatus.METHOD_NOT_ALLOWED)
            return
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8", "replace")
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        query = body if kind == "application/sparql-query" else urllib.parse.parse_qs(body).get("query", [""])[0]
        self._sparql(query)

    def end_headers(self) -> None:
        for link in self._page_links:
            self.send_header("Link", link)
        self._page_links = ()
        super().end_headers()

    def translate_path(self, path: str) -> str:
        # The stdlib already drops '..' segments (encoded or not); a symlink may still point outside.
        try:
            local = Path(super().translate_path(path)).resolve()
        except (OSError, ValueError):  # a NUL byte or a name the file system refuses: nothing to serve
            return str(self.site / ".missing")
        return str(local) if local == self.site or self.site in local.parents else str(self.site / ".missing")

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        return EXTRA_TYPES.get(Path(path).suffix) or mimetypes.guess_type(str(path))[0] or "application/octet-stream"

    def _negotiated(self, stem: str, html: str, *, slash: bool = True) -> None:
        chosen = negotiate(self.headers.get("Accept") or "text/html", ["text/html", *RDF_TYPES])
        if chosen is None:
            self.send_error(HTTPStatus.NOT_ACCEPTABLE, "available: text/html, " + ", ".join(RDF_TYPES))
            return
        if chosen == "text/html" and not slash:
            # The page lives at dataset/<key>/index.html, as on a static host, which redirects too.
            self.send_response(HTTPStatus.SEE_OTHER)
            self.send_header("Location", f"/{stem}/")
            self.send_header("Vary", "Accept")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        target = self.site / (html if chosen == "text/html" else f"{stem}.{RDF_TYPES[chosen]}")
        if not target.is_file():
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        self._send(target.read_bytes(), chosen + ("; charset=utf-8" if chosen.startswith("text/") else ""),
                   vary=True)

    def _links(self, path: str) -> list[str]:
        match = _PAGE.match(path)
        assert match
        n, ext = int(match[1]), match[2]
        last = max((int(m[1]) for p in (self.site / "catalog").glob(f"page-*.{ext}")
                    if (m := re.match(r"page-(\d+)", p.stem))), default=n)
        links = [f'</catalog/page-1.{ext}>; rel="first"', f'</catalog/page-{last}.{ext}>; rel="last"']
        if n < last:
            links.append(f'</catalog/page-{n + 1}.{ext}>; rel="next"')
        if n > 1:
            links.append(f'</catalog/page-{n - 1}.{ext}>; rel="prev"')
        return links

    def _void(self) -> bytes:
        text = (self.site / ".well-known" / "void").read_text(encoding="utf-8")
        host = self.headers.get("Host") or f"127.0.0.1:{self.server.server_port}"  # type: ignore[attr-defined]
        head, _, _ = text.rstrip().rpartition(" .")
        return f"{head} ;\n    void:sparqlEndpoint <http://{host}/sparql> .\n".encode()

    def _sparql(self, query: str) -> None:
        if not query:
            self.send_error(HTTPStatus.BAD_REQUEST, "give a query: /sparql?query=...")
            return
        try:
            check_read_only(query, allow_service=self.limits.allow_service)
        except QueryError as exc:
            self.send_error(HTTPStatus.FORBIDDEN if "refused" in str(exc) or "read-only" in str(exc)
                            else HTTPStatus.BAD_REQUEST, str(exc))
            return
        status, content_type, body = bounded_answer(self.store, query, self.headers.get("Accept") or "",
                                                    self.limits)
        if status != HTTPStatus.OK:
            self.send_error(status, body.decode())
            return
        self._send(body, content_type)

    def _send(self, body: bytes, content_type: str, *, vary: bool = False) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if vary:
            self.send_header("Vary", "Accept")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def make_server(site: Path, host: str = "127.0.0.1", port: int = 8080,
                limits: Limits = Limits()) -> ThreadingHTTPServer:
    """A server over `site`, its SPARQL store loaded from the site's dump, each query within `limits`."""
    dump = site / "dump.nq"
    if not dump.is_file():
        raise InputError(f"{site}: not a published site (no dump.nq); run `ldcat publish` first")
    store = ox.Store()
    store.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    handler = type("Handler", (SiteHandler,), {"store": store, "site": site.resolve(), "limits": limits})

    def factory(*args: Any, **kwargs: Any) -> SiteHandler:
        made: SiteHandler = handler(*args, directory=str(site.resolve()), **kwargs)
        return made

    try:
        return ThreadingHTTPServer((host, port), factory)
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
