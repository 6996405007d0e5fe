"""JSON-LD without the network: contexts made local, a parse check, and the nodes of a document.

Nothing is fetched: schema.org's context references (`SCHEMA_CONTEXTS`, also as ``@import``)
resolve to a bundled copy, and any other remote context is reported, never resolved
(`localise_contexts`). `parse` checks that a document is JSON-LD (rdflib parses it) and then
collects its node objects from the JSON itself, each with its active context (`Nodes`, `Node`),
so a reader can go term by term: that keeps the document's order and keeps values RDF would
drop or rewrite (an empty URL, a relative path). What the nodes mean is the reader's business
(`ldcat.read.schemaorg` for schema.org Datasets).
"""

from __future__ import annotations

import copy
import functools
import json
import warnings
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from rdflib import Graph
from rdflib.plugins.shared.jsonld.context import Context

from ldcat.problems import Problem

SCHEMA_CONTEXTS = frozenset(
    {
        "https://schema.org/",
        "http://schema.org/",
        "https://schema.org",
        "http://schema.org",
        "https://schema.org/docs/jsonldcontext.json",
        "http://schema.org/docs/jsonldcontext.json",
    }
)
# rdflib's JSON-LD code reports malformed input with whatever exception its code runs into.
_JSONLD_ERRORS = (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError)


@functools.cache
def _bundled_context() -> dict[str, Any]:
    text = resources.files("ldcat").joinpath("data/schemaorg-context.jsonld").read_text("utf-8")
    context: dict[str, Any] = json.loads(text)["@context"]
    return context


def schema_context() -> dict[str, Any]:
    """A fresh copy of the bundled schema.org context (callers may mutate it)."""
    return copy.deepcopy(_bundled_context())


# --- contexts -----------------------------------------------------------------------------------


def localise_contexts(doc: Any) -> tuple[Any, list[str]]:
    """`doc` with schema.org context references replaced by the bundled context, and the other
    remote references found (which are left unresolved: the caller must not parse then)."""
    remote: list[str] = []
    return _localise(doc, remote), remote


def _localise(value: Any, remote: list[str]) -> Any:
    if isinstance(value, list):
        return [_localise(item, remote) for item in value]
    if not isinstance(value, dict):
        return value
    return {
        key: _context(item, remote) if key == "@context" else _localise(item, remote) for key, item in value.items()
    }


def _context(value: Any, remote: list[str]) -> Any:
    if isinstance(value, str):
        if value.strip() in SCHEMA_CONTEXTS:
            return schema_context()
        remote.append(value)
        return {}
    if isinstance(value, list):
        return [_context(item, remote) for item in value]
    if not isinstance(value, dict):
        return value
    local = _localise(value, remote)  # term definitions may carry scoped contexts
    imported = local.pop("@import", None)
    if isinstance(imported, str):
        if imported.strip() in SCHEMA_CONTEXTS:
            return [schema_context(), local]
        remote.append(imported)
    return local


# --- parsing ------------------------------------------------------------------------------------


def parse(doc: Any, origin: str) -> Generator[Problem, None, Nodes | None]:
    """The nodes of a parsed JSON document, or None after yielding the errors that make it
    unreadable as JSON-LD (a remote context, invalid JSON-LD). Use as ``yield from parse(...)``."""
    try:
        doc, remote = localise_contexts(doc)
    except RecursionError:
        yield _error("invalid-jsonld", origin, "the document is nested too deeply to read")
        return None
    for url in dict.fromkeys(remote):
        yield _error(
            "jsonld-remote-context",
            origin,
            f"remote JSON-LD context {url} is not fetched; only schema.org's context "
            "is known (bundled). Inline the context or use https://schema.org/",
            field="@context",
        )
    if remote:
        return None
    try:
        with warnings.catch_warnings():
            # rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph internally.
            warnings.simplefilter("ignore", DeprecationWarning)
            Graph().parse(data=json.dumps(doc), format="json-ld")
        return Nodes.collect(doc)
    except _JSONLD_ERRORS as error:
        yield _error("invalid-jsonld", origin, f"not valid JSON-LD: {error}")
        return None


def _error(code: str, origin: str, message: str, *, field: str | None = None) -> Problem:
    return Problem(code=code, message=message, severity="error", record=origin, field=field)


# --- nodes --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Node:
    """A node object of a document, read through its active context."""

    obj: dict[str, Any]
    ctx: Context
    top: int | None  # 1-based position in a top-level list or @graph
    parent: Node | None  # the node with this one in a property value; None at the top

    @property
    def types(self) -> list[str]:
        """The node's ``@type``s as IRIs."""
        raw = self.ctx.get_type(self.obj)
        types = raw if isinstance(raw, list) else [raw]
        return [iri for t in types if isinstance(t, str) and (iri := self.ctx.expand(t))]

    @property
    def node_id(self) -> str | None:
        value = self.ctx.get_id(self.obj)
        return value if isinstance(value, str) else None

    def ancestors(self) -> Iterator[Node]:
        """The parent, its parent, and so on up to the top."""
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class Nodes:
    """Every node object of a document with its active context, in document order."""

    def __init__(self) -> None:
        self.all: list[Node] = []
        self.by_obj: dict[int, Node] = {}
        self.by_id: dict[str, Node] = {}

    @classmethod
    def collect(cls, doc: Any) -> Nodes:
        nodes = cls()
        base = Context()
        if isinstance(doc, list):
            for index, item in enumerate(doc, start=1):
                nodes._walk(item, base, index, None)
        elif isinstance(doc, dict):
            ctx = base.subcontext(doc["@context"]) if "@context" in doc else base
            graph = ctx.get_graph(doc)
            if isinstance(graph, list) and not properties(doc, ctx):
                for index, item in enumerate(graph, start=1):
                    nodes._walk(item, ctx, index, None)
            else:
                nodes._walk(doc, base, None, None)
        return nodes

    def _walk(self, value: Any, ctx: Context, top: int | None, parent: Node | None) -> None:
        if isinstance(value, list):
            for item in value:
                self._walk(item, ctx, top, parent)
            return
        if not isinstance(value, dict):
            return
        if "@context" in value:
            ctx = ctx.subcontext(value["@context"])
        if ctx.get_value(value) is not None:
            return
        members = ctx.get_list(value)
        members = ctx.get_set(value) if members is None else members
        if members is not None:
            self._walk(members, ctx, top, parent)
            return
        graph = ctx.get_graph(value)
        if graph is not None:
            self._walk(graph, ctx, top, parent)
        node = Node(value, ctx, top, parent)
        self.all.append(node)
        self.by_obj[id(value)] = node
        # A bare {"@id": ...} is a reference, not the node: index the node that says the most.
        if node.node_id is not None and (node.types or properties(value, ctx)):
            known = self.by_id.get(node.node_id)
            if known is None or (not properties(known.obj, known.ctx) and properties(value, ctx)):
                self.by_id[node.node_id] = node
        for _key, item in properties(value, ctx):
            self._walk(item, ctx, top, node)

    def node(self, value: Any) -> Node | None:
        """The node for a property value, following a bare ``{"@id": ...}`` reference."""
        if not isinstance(value, dict):
            return None
        node = self.by_obj.get(id(value))
        if node is None:
            return None
        if node.node_id is not None and not properties(node.obj, node.ctx):
            return self.by_id.get(node.node_id, node)
        return node


def properties(obj: dict[str, Any], ctx: Context) -> list[tuple[str, Any]]:
    """(key, value) for the keys of a node that are properties, not keywords."""
    result = []
    for key, value in obj.items():
        if key.startswith("@"):
            continue
        iri = ctx.expand(key)
        term = ctx.terms.get(key)
        if not iri or iri.startswith("@") or (term is not None and term.reverse):
            continue
        result.append((key, value))
    return result


def values(value: Any, ctx: Context) -> list[Any]:
    """A property value as a flat list: arrays, ``@list`` and ``@set`` unwrapped, nulls dropped."""
    if value is None:
        return []
    if isinstance(value, list):
        return [item for element in value for item in values(element, ctx)]
    if isinstance(value, dict):
        inner = ctx.get_list(value)
        inner = ctx.get_set(value) if inner is None else inner
        if inner is not None:
            return values(inner, ctx)
    return [value]

