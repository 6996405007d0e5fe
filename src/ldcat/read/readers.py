"""ldcat's built-in readers, registered under ``ldcat.readers`` in pyproject.toml like any plugin.

Each one wraps the module that reads its format; detection by content is shared (`ldcat.read.detect`
tells the built-in formats apart in one pass over the head of the input).

Which reader reads what: ``harmony`` and ``jsonl`` Harmony's API JSON; ``rsc`` Harmony's page
payloads; ``html`` the schema.org JSON-LD of web pages; ``jsonld`` JSON-LD (schema.org alone term by
term, any other vocabulary, ldcat's own output included, as RDF); ``rdf`` Turtle, TriG, N-Triples,
N-Quads and RDF/XML in DCAT / DCAT-AP 2 and 3 or schema.org (`ldcat.read.dcat`). The ``jsonld`` and
``rdf`` readers take the settings ``base_iri`` (the base of IRIs ldcat minted, when it is not the
default and the input does not show it) and ``language`` (the language of text to keep, ``en``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO

from ldcat.model import RawRecord
from ldcat.problems import Problem
from ldcat.read import dcat, detect, harmony, harmony_page, schemaorg


class _Builtin:
    name = ""
    title = ""

    def __init__(self, settings: Mapping[str, Any] | None = None) -> None:
        self.settings = dict(settings or {})

    def sniff(self, head: bytes, *, at_eof: bool, name: str | None) -> bool:
        return detect.sniff(head, at_eof=at_eof, name=name) == self.name


class HarmonyReader(_Builtin):
    name = "harmony"
    title = "Harmony discovery API JSON: a record, a list of records, or {\"results\": [...]}"

    def read(self, stream: BinaryIO, origin: str) -> Iterator[RawRecord | Problem]:
        return harmony.read_document(stream, origin)


class JsonLinesReader(_Builtin):
    name = "jsonl"
    title = "JSON Lines of Harmony records (or of API responses), one line at a time"

    def read(self, stream: BinaryIO, origin: str) -> Iterator[RawRecord | Problem]:
        return harmony.read_lines(stream, origin)


class PageReader(_Builtin):
    name = "rsc"
    title = "A Harmony search page's React Server Components payload (*.rsc.txt)"

    def read(self, stream: BinaryIO, origin: str) -> Iterator[RawRecord | Problem]:
        return harmony_page.read_page(stream.read(), origin)


class JsonLdReader(_Builtin):
    name = "jsonld"
    title = "schema.org Dataset JSON-LD (contexts never fetched)"

    def read(self, stream: BinaryIO, origin: str) -> Iterator[RawRecord | Problem]:
        return schemaorg.read_document(stream.read(), origin, self.settings)


class HtmlReader(_Builtin):
    name = "html"
    title = "HTML pages: the schema.org Dataset JSON-LD of their ld+json scripts"

    def read(self, stream: BinaryIO, origin: str) -> Iterator[RawRecord | Problem]:
        return schemaorg.read_html(stream.read(), origin)


class RdfReader(_Builtin):
    name = "rdf"
    title = "RDF (Turtle, TriG, N-Triples, N-Quads, RDF/XML) in DCAT / DCAT-AP 2 and 3 or schema.org"

    def read(self, stream: BinaryIO, origin: str) -> Iterator[RawRecord | Problem]:
        data = stream.read()
        syntax = detect.rdf_syntax(data[: detect.HEAD_SIZE])
        if syntax is None and data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
            syntax = "jsonld"
        return dcat.read_document(data, origin, self.settings, syntax)
