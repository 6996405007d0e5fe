"""The JSON-LD of an HTML page: the text of its ``<script type="application/ld+json">`` elements.

The type is matched case-insensitively and with parameters (``application/ld+json; charset=utf-8``).
Script bodies that old pages hide from ancient browsers in an HTML comment or a CDATA section are
unwrapped. Only the text is returned; parsing it is the caller's job.
"""

from __future__ import annotations

from html.parser import HTMLParser


def ld_scripts(html: str) -> list[str]:
    """The text of every ld+json script of a page, in page order."""
    parser = _LdScripts()
    parser.feed(html)
    parser.close()
    return parser.scripts


class _LdScripts(HTMLParser):
    """Collects the text of ``<script type="application/ld+json">`` elements, in page order."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self._buffer: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "script":
            return
        kind = next((value or "" for name, value in attrs if name == "type"), "")
        if kind.split(";")[0].strip().lower() == "application/ld+json":
            self._buffer = []

    def handle_data(self, data: str) -> None:
        if self._buffer is not None:
            self._buffer.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._buffer is not None:
            self.scripts.append(_unwrap("".join(self._buffer)))
            self._buffer = None


def _unwrap(text: str) -> str:
    # Old pages hide script bodies from ancient browsers in comments or CDATA sections.
    text = text.strip()
    for start, end in (("<!--", "-->"), ("//<![CDATA[", "//]]>"), ("<![CDATA[", "]]>")):
        if text.startswith(start) and text.endswith(end):
            text = text[len(start) : -len(end)].strip()
    return text

