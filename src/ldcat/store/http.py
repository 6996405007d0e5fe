"""Any SPARQL 1.1 server over HTTP: Oxigraph, Virtuoso, Fuseki (`SERVERS` knows their paths).

Graphs go in by the Graph Store Protocol (a PUT per named graph, POST to append) or by SPARQL
Update (batches of ``DROP SILENT GRAPH`` + ``INSERT DATA``). Requests are retried with backoff
on connection errors and transient statuses; a graph that still fails is reported and the others
go on. Credentials come from options, then ``LDCAT_PASSWORD``, then ``~/.netrc``, and are never
echoed in messages.
"""

from __future__ import annotations

import json
import netrc
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial

from ldcat.errors import InputError, UsageError
from ldcat.problems import Problem, Report
from ldcat.store.inputs import NamedGraph

SERVERS = {
    # name: (graph store path, query path, update path, auth)
    "oxigraph": ("/store", "/query", "/update", "basic"),
    "virtuoso": ("/sparql-graph-crud-auth", "/sparql", "/sparql-auth", "digest"),
    "fuseki": ("/data", "/query", "/update", "basic"),  # base is the dataset URL: http://host:3030/ds
}
PASSWORD_ENV = "LDCAT_PASSWORD"
TRANSIENT = {408, 425, 429, 500, 502, 503, 504}


@dataclass
class Endpoint:
    """A SPARQL 1.1 server: its Graph Store, query and update URLs and credentials."""

    gsp_url: str
    query_url: str
    update_url: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    auth: str = "basic"
    retries: int = 3
    timeout: float = 60.0

    @classmethod
    def from_base(cls, base: str, server: str = "oxigraph", user: str | None = None,
                  password: str | None = None) -> Endpoint:
        if server not in SERVERS:
            raise UsageError(f"unknown server kind {server!r}; choose from {', '.join(SERVERS)}")
        parts = urllib.parse.urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UsageError(f"{base!r} is not an http(s) URL")
        gsp, query, update, auth = SERVERS[server]
        root = base.rstrip("/")
        user, password = _credentials(parts.hostname or "", user, password)
        return cls(root + gsp, root + query, root + update, user, password, auth)

    def _opener(self) -> urllib.request.OpenerDirector:
        if not self.user:
            return urllib.request.build_opener()
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, self.gsp_url, self.user, self.password or "")
        for url in (self.query_url, self.update_url):
            manager.add_password(None, url, self.user, self.password or "")
        handler = (urllib.request.HTTPDigestAuthHandler if self.auth == "digest"
                   else urllib.request.HTTPBasicAuthHandler)(manager)
        return urllib.request.build_opener(handler)

    def request(self, method: str, url: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> bytes:
        """One HTTP request, retried with backoff on connection errors and transient statuses."""
        opener = self._opener()
        for attempt in range(self.retries + 1):
            req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
            try:
                with opener.open(req, timeout=self.timeout) as response:
                    answer: bytes = response.read()
                    return answer
            except urllib.error.HTTPError as exc:
                detail = exc.read()[:300].decode("utf-8", "replace").strip()
                if exc.code not in TRANSIENT or attempt == self.retries:
                    raise EndpointError(f"{method} {_safe(url)}: HTTP {exc.code} {exc.reason}"
                                        + (f": {detail}" if detail else "")) from None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                if attempt == self.retries:
                    reason = getattr(exc, "reason", exc)
                    raise EndpointError(f"{method} {_safe(url)}: unreachable ({reason})") from None
            time.sleep(0.25 * 2**attempt)
        raise AssertionError("unreachable")

    def put_graph(self, name: str, data: bytes, *, append: bool = False) -> None:
        url = f"{self.gsp_url}?{urllib.parse.urlencode({'graph': name})}"
        self.request("POST" if append else "PUT", url, data, {"Content-Type": "application/n-triples"})

    def update(self, text: str) -> None:
        self.request("POST", self.update_url, urllib.parse.urlencode({"update": text}).encode(),
                     {"Content-Type": "application/x-www-form-urlencoded"})

    def query(self, text: str, accept: str) -> bytes:
        return self.request("POST", self.query_url, urllib.parse.urlencode({"query": text}).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})


class EndpointError(InputError):
    """A server that did not answer, or answered with an error."""


def _safe(url: str) -> str:
    """A URL fit for messages: credentials in it are never echoed."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


def _credentials(host: str, user: str | None, password: str | None) -> tuple[str | None, str | None]:
    """Options first, then LDCAT_PASSWORD, then ~/.netrc for the host."""
    password = password or os.environ.get(PASSWORD_ENV)
    if user and password:
        return user, password
    try:
        found = netrc.netrc().authenticators(host)
    except (FileNotFoundError, netrc.NetrcParseError, OSError):
        found = None
    if found and (not user or user == found[0]):
        return found[0], password or found[2]
    return user, password


# --- loading -------------------------------------------------------------------------------------


def load_remote(endpoint: Endpoint, graphs: Iterable[NamedGraph], report: Report, *, protocol: str = "gsp",
                append: bool = False, batch_size: int = 50, sync: bool = False,
                namespaces: tuple[str, ...] = ()) -> None:
    """Graph Store Protocol: PUT per named graph (POST with `append`). SPARQL Update: batches of
    `DROP SILENT GRAPH` + `INSERT DATA`. A failed graph is reported and the others go on."""
    loaded: set[str] = set()
    batch: list[NamedGraph] = []
    for named in graphs:
        if protocol == "gsp":
            _send(report, [named], partial(_put_graph, endpoint, named, append))
        else:
            batch.append(named)
            if len(batch) >= batch_size:
                _send(report, batch, partial(_update_graphs, endpoint, batch, append))
                batch = []
        loaded.add(named.name)
    if batch:
        _send(report, batch, partial(_update_graphs, endpoint, batch, append))
    if sync:
        _sync_remote(endpoint, loaded, namespaces, report)


def _put_graph(endpoint: Endpoint, named: NamedGraph, append: bool) -> None:
    endpoint.put_graph(named.name, named.ntriples().encode(), append=append)


def _update_graphs(endpoint: Endpoint, graphs: list[NamedGraph], append: bool) -> None:
    endpoint.update(_update_text(graphs, append))


def _send(report: Report, graphs: list[NamedGraph], action: Callable[[], None]) -> None:
    try:
        action()
    except EndpointError as exc:
        for named in graphs:
            report.add(Problem("load-failed", str(exc), "error", named.origin, named.name))
            report.count("failed")
        return
    report.count("graphs", len(graphs))
    report.count("quads", sum(len(g) for g in graphs))


def _update_text(graphs: list[NamedGraph], append: bool) -> str:
    drops = "" if append else "".join(f"DROP SILENT GRAPH <{g.name}> ;\n" for g in graphs)
    body = "\n".join(f"GRAPH <{g.name}> {{\n{g.ntriples()}}}" for g in graphs)
    return f"{drops}INSERT DATA {{\n{body}\n}}"


def _sync_remote(endpoint: Endpoint, loaded: set[str], namespaces: tuple[str, ...], report: Report) -> None:
    answer = json.loads(endpoint.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                                       "application/sparql-results+json"))
    names = [b["g"]["value"] for b in answer["results"]["bindings"]]
    stale = [n for n in names if n not in loaded and n.startswith(namespaces)]
    if stale:
        endpoint.update("".join(f"DROP SILENT GRAPH <{n}> ;\n" for n in stale).rstrip(" ;\n"))
    report.count("removed", len(stale))
