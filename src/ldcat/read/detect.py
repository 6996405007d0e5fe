"""Format detection by content, and a stream that can be peeked at without being consumed.

Rules, in order (see `sniff`): blank → nothing; RDF in Turtle, TriG, N-Triples, N-Quads or RDF/XML
(`rdf_syntax`: a directive, a first statement, or an ``rdf:RDF`` root) → rdf; ``<`` → html; an RSC
row (``0:{``, ``1:"$S...``, ``:HL[``, ``13:T1f,``) → rsc; JSON whose first line is a complete JSON
value with more lines after it → jsonl; other JSON → harmony or jsonld by structure (JSON-LD, ldcat's
own included, is the jsonld reader's: it reads schema.org term by term and any other vocabulary as
RDF). The file name is only consulted when the content cannot decide (a one-line JSON file named
``*.jsonl``/``*.ndjson`` is JSON Lines).
"""

from __future__ import annotations

import functools
import io
import re
from typing import Any, BinaryIO

from ldcat.errors import UsageError
from ldcat.read import jsontext

HEAD_SIZE = 64 * 1024
# A first line longer than this is read no further for detection: past it we guess from the text.
MAX_HEAD = 64 * 1024 * 1024
FOLLOW = 6  # lines read to tell JSON Lines whose first lines are junk (`_records_follow`)

_BOM = b"\xef\xbb\xbf"
_WS = b" \t\r\n"
# An RSC row: optional hex id, colon, then JSON, a tagged JSON row (I[...], HL[...], E{...}),
# or a length-prefixed text/binary row (T3f,...).
_RSC_ROW = re.compile(rb'[0-9a-fA-F]*:(?:[\[{"]|[A-Z]{1,2}[\[{"]|[TAOoUSsLlGgMmV][0-9a-fA-F]+,|null|true|false|-?\d)')
_HARMONY_KEYS = ("dataset_schema", "extra_data", "results")
_JSONLD_KEYS = ("@context", "@graph", "@type", "@id")
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.txt")
# RDF: a statement of N-Triples / N-Quads; a Turtle or TriG directive or first subject; RDF/XML's root.
# IRIs here are absolute (they hold a ":"), so an HTML tag such as <html> is never one.
_IRI = rb"<[^>\s:]*:[^>\s]*>"
_NT_LINE = re.compile(rb"(?:" + _IRI + rb"|_:\S+)[ \t]+" + _IRI + rb"[ \t]+.*\.[ \t]*\r?$")
_NT_STATEMENT = re.compile(rb"(?:" + _IRI + rb"|_:[^\s<]+)[ \t]+" + _IRI)
_PREDICATE = rb"(?:a\s|" + _IRI + rb"|[A-Za-z][\w.-]*:|:)"
_TURTLE_START = re.compile(
    rb"(?:@prefix|@base)\s|(?:PREFIX|BASE)\s+(?:[A-Za-z][\w.-]*)?:?\s*<|GRAPH\s+(?:" + _IRI + rb"|[A-Za-z][\w.-]*:)"
    rb"|(?:" + _IRI + rb"|_:[^\s<]+|\[\s*\])\s*" + _PREDICATE + rb"|\[\s*" + _PREDICATE + rb"|" + _IRI + rb"\s*\{",
    re.IGNORECASE)
_RDF_XML_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?RDF[\s>]")
_RDF_NS = b"http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XML_PROLOGUE = re.compile(rb"\s*(?:<\?xml[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>]*>|\s+)*", re.DOTALL)


def read_head(stream: BinaryIO) -> tuple[bytes, bool]:
    """Read enough of `stream` to detect its format; return (head, whether it is all of it).

    Reads at least `HEAD_SIZE` bytes and, if needed, on until the first `FOLLOW` lines of content
    end, so JSON Lines can be told from one JSON document, also when the first lines are junk and
    the record after them is long (see `_records_follow`).
    """
    head = _read(stream, HEAD_SIZE)
    at_eof = len(head) < HEAD_SIZE
    while not at_eof and len(head) < MAX_HEAD and head.lstrip(_WS).count(b"\n") < FOLLOW:
        more = _read(stream, len(head))
        at_eof = len(more) < len(head)
        head += more
    return head, at_eof


def _read(stream: BinaryIO, size: int) -> bytes:
    # A raw (unbuffered) stream may return short reads before EOF; keep reading.
    chunks: list[bytes] = []
    remaining = size
    while remaining > 0:
        chunk = stream.read(remaining)
        if not chunk:
            break
        if isinstance(chunk, str):
            raise UsageError("the source stream must be binary (use sys.stdin.buffer, not sys.stdin)")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


class ReplayStream(io.RawIOBase):
    """`head` followed by the rest of `rest`: undoes the peek of `read_head`."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        target = memoryview(buffer).cast("B")
        if self._head.nbytes:
            n = min(target.nbytes, self._head.nbytes)
            target[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(target.nbytes)
        target[: len(data)] = data
        return len(data)


def replay(head: bytes, rest: BinaryIO) -> io.BufferedReader:
    return io.BufferedReader(ReplayStream(head, rest))


@functools.lru_cache(maxsize=4)
def sniff(head: bytes, *, at_eof: bool, name: str | None = None) -> str | None:
    """The format of content starting with `head`, or None if it is blank or unknown.

    Cached: every built-in reader asks it about the same head (a bytes object hashes once).
    """
    text = head.removeprefix(_BOM).lstrip(_WS)
    if not text:
        return None
    if rdf_syntax(text) is not None:
        return "rdf"
    if text[:1] not in (b"{", b"[") and _records_follow(text, at_eof=at_eof):
        return "jsonl"  # JSON Lines whose first line is broken (`null`, an HTML error page...): read the rest
    if text.startswith(b"<"):
        return "html"
    if _RSC_ROW.match(text):
        return "rsc"
    if text[:1] not in (b"{", b"["):
        return None
    return _sniff_json(text, at_eof=at_eof, name=name)


def _records_follow(text: bytes, *, at_eof: bool) -> bool:
    """Whether one of the next few lines after the first is a whole Harmony record (or API response)
    on its own: what a JSON Lines file of records looks like, and no HTML page (whose ld+json scripts
    may sit on lines of their own), RSC payload or RDF document does."""
    lines = [line for line in text.split(b"\n") if line.strip(_WS)]
    if not at_eof and not text.endswith(b"\n"):
        lines = lines[:-1]  # the head may end in the middle of this one
    return any(isinstance(value := _loads(line), dict) and any(key in value for key in _HARMONY_KEYS)
               for line in lines[1:FOLLOW])


def rdf_syntax(head: bytes) -> str | None:
    """The RDF syntax content starting with `head` is written in: "nquads" (N-Triples or N-Quads),
    "trig" (Turtle or TriG, which parses both) or "rdfxml"; None if it does not look like RDF.
    JSON-LD is not decided here (see `classify`)."""
    text = head.removeprefix(_BOM).lstrip(_WS)
    while text.startswith(b"#"):  # comment lines (Turtle, N-Triples)
        text = text.partition(b"\n")[2].lstrip(_WS)
    if not text:
        return None
    if text.startswith(b"<"):
        prologue = _XML_PROLOGUE.match(text)
        body = text[prologue.end():] if prologue else text
        if _RDF_XML_ROOT.match(body) and _RDF_NS in head:
            return "rdfxml"
    if _NT_STATEMENT.match(text):
        # N-Triples / N-Quads if every (whole) line of the head is one statement; else Turtle or TriG.
        lines = [line for line in text.split(b"\n")[:-1][:50] if line.strip() and not line.lstrip().startswith(b"#")]
        lines = lines or [text]
        return "nquads" if all(_NT_LINE.match(line) for line in lines) else "trig"
    if _TURTLE_START.match(text):
        return "trig"
    return None


def _sniff_json(text: bytes, *, at_eof: bool, name: str | None) -> str | None:
    lines = [line for line in text.split(b"\n") if line.strip(_WS)]
    if not at_eof and not text.endswith(b"\n"):
        lines = lines[:-1]  # the head may end in the middle of this one
    if not lines:
        return _classify_text(text)
    first_value = _loads(lines[0])
    if first_value is not None:
        if len(lines) > 1 or not at_eof:
            return "jsonl"
        if name and name.lower().endswith(_JSONL_SUFFIXES):
            return "jsonl"
        return classify(first_value)
    # A broken first line does not make JSON Lines a single document: look at the next lines.
    # (No line of a pretty-printed document is a non-empty object on its own.)
    if any(isinstance(value := _loads(line), dict) and value for line in lines[1:FOLLOW]):
        return "jsonl"
    if at_eof:
        whole = _loads(text)
        if whole is not None:
            return classify(whole)
    # Unparseable JSON with no telling key still goes to a JSON reader, to name the JSON error.
    return _classify_text(text) or "harmony"


def _loads(data: bytes) -> Any:
    try:
        value = jsontext.loads(data)  # as the readers will: a 5,000-digit number is no reason to guess again
    except (ValueError, RecursionError):  # JSONDecodeError, UnicodeDecodeError
        return None
    return value if isinstance(value, dict | list) else None


def classify(value: Any) -> str | None:
    """ "harmony" or "jsonld" for a parsed JSON document, by its keys."""
    if isinstance(value, list):
        first = next((item for item in value if isinstance(item, dict)), None)
        return classify(first) if first is not None else None
    if not isinstance(value, dict):
        return None
    if any(key in value for key in _HARMONY_KEYS):
        return "harmony"
    if any(key in value for key in _JSONLD_KEYS):
        return "jsonld"
    return None


def _classify_text(text: bytes) -> str | None:
    # The document is too big (or too broken) to parse here: the key that comes first decides.
    # A Harmony record's own "@context" sits inside dataset_schema, after "dataset_schema".
    positions = {key: text.find(b'"' + key.encode() + b'"') for key in _HARMONY_KEYS + _JSONLD_KEYS}
    found = {key: pos for key, pos in positions.items() if pos >= 0}
    if not found:
        return None
    first = min(found, key=lambda key: found[key])
    return "harmony" if first in _HARMONY_KEYS else "jsonld"
