"""Reading RDF files (ldcat's output or anyone's): Turtle, N-Triples or JSON-LD, by content.

JSON-LD contexts are never fetched: schema.org's resolve to the bundled copy and any other
remote context is refused with a clear error.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from rdflib import Graph

from ldcat.errors import InputError
from ldcat.read.jsonld import localise_contexts

RDF_FORMATS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld"}
_NT_LINE = re.compile(rb"^\s*(<[^>\s]*>|_:\S+)\s+<[^>\s]*>\s+.+\.\s*$")


def sniff_rdf(head: bytes) -> str | None:
    """turtle, nt or jsonld for content that looks like it; None if it does not look like RDF."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] in (b"{", b"["):
        return "jsonld"
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith(b"#")]
    if not lines:
        return None
    if all(_NT_LINE.match(line) for line in lines[:20] if len(line) < 60000):
        return "nt"
    if re.match(rb"(@prefix|@base|PREFIX|BASE)\b|<[^>\s]*:[^>\s]*>\s|_:", lines[0], re.IGNORECASE):
        return "turtle"
    return None


def load_rdf(path: Path, fmt: str | None = None) -> Graph:
    """Parse one RDF file into a graph; InputError says which file and why it did not parse."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    return parse_rdf(data, fmt, str(path))


def parse_rdf(data: bytes, fmt: str | None, origin: str) -> Graph:
    """Parse RDF in memory (format sniffed when `fmt` is None); no remote JSON-LD context is fetched.
    InputError names `origin` and says why it did not parse."""
    fmt = fmt or sniff_rdf(data[:65536])
    if fmt is None:
        raise InputError(f"{origin}: not Turtle, N-Triples or JSON-LD")
    graph = Graph()
    try:
        if fmt == "jsonld":
            doc, remote = localise_contexts(json.loads(data))
            if remote:
                raise InputError(f"{origin}: remote JSON-LD context {remote[0]!r} is not fetched; "
                                 "inline it or use the schema.org context")
            graph.parse(data=json.dumps(doc), format="json-ld")
        else:
            graph.parse(data=data, format=RDF_FORMATS[fmt])
    except InputError:
        raise
    except (ValueError, SyntaxError, TypeError, KeyError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{origin}: invalid {fmt}: {message}") from None
    return graph


def is_rdf_file(path: Path) -> bool:
    """RDF rather than records? Content decides: N-Quads, N-Triples, Turtle, and JSON-LD unless it
    is Harmony's own JSON (which the record readers take)."""
    if path.suffix == ".nq":
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(65536)
    except OSError as exc:
        raise InputError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    from ldcat.read import detect_format

    kind = sniff_rdf(head)
    return kind in ("nt", "turtle") or (kind == "jsonld" and detect_format(head, name=path.name) == "jsonld")
