"""Value-level cleaning: small pure functions, one per kind of value, each saying what it changed.

Every function returns the cleaned value (or None when nothing usable is left) and a short note
when it had to change something, so `normalise` can report each repair instead of hiding it.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from html.parser import HTMLParser
from importlib import resources
from typing import NamedTuple
from urllib.parse import quote, unquote, urlsplit

from ldcat.normalise import values

Note = str | None

PLACEHOLDERS = frozenset({"", "none", "null", "n/a", "na", "nan", "undefined", "$undefined", "-"})
# str.lower() never shortens a string: a longer one is no placeholder, and need not be lowered to see it.
_PLACEHOLDER_LENGTH = max(map(len, PLACEHOLDERS))

# HTML is parsed (html.parser), never cut by a regex: only the elements below are markup; any
# other "<…" (``<16 years``, ``<x and y>``, ``</16``) is text and kept as written.
BLOCK_ELEMENTS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
    "section", "table", "tbody", "thead", "tfoot", "tr", "ul", "center"})
INLINE_ELEMENTS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "img", "ins",
    "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "td", "th", "time",
    "u", "var", "wbr", "script", "style", "template"})  # script/style content is kept: no text is lost
_ITEMS = frozenset({"li", "dt", "dd", "tr", "br"})  # one line each: a break before, none after
_ELEMENTS = BLOCK_ELEMENTS | INLINE_ELEMENTS
# Each "<" and what follows it: a comment opener, or a would-be tag name.
_LT = re.compile(r"<(!--|/?[A-Za-z][A-Za-z0-9-]*(?=[\s/>]|$))?")
# What a "<" that is text stands as while the parser reads (a private-use character, so that neither
# entity decoding nor a <script>'s raw content changes it); turned back into "<" after.
_TEXT_LT = "\U000fdb3c"
_BARE_URL = re.compile(r"https?://[^\s<>\"']+")
# A run of spaces, tabs and no-break spaces that is not already one space: what becomes one space.
# (A lone space is no match, so ordinary prose is not rewritten space by space.)
_SPACES = re.compile(r"[\t\u00a0][ \t\u00a0]*| [ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_DOI = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)
# Characters not allowed in an IRI (RFC 3987) that DOIs may still contain.
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]')
# What a DOI name may hold that its resolver IRI must escape: the above, "#", brackets, and a "%"
# that starts no escape (a DOI name is written unescaped, so its "%" is itself).
_DOI_ESCAPE = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f#\[\]]|%(?![0-9A-Fa-f]{2})')


def is_placeholder(value: object) -> bool:
    """Empty strings and the strings sources use to say "nothing" ("None", "null", "N/A")."""
    if not isinstance(value, str):
        return value is None
    stripped = value.strip()
    return len(stripped) <= _PLACEHOLDER_LENGTH and stripped.lower() in PLACEHOLDERS


def _protect(value: str) -> str:
    """`value` with every "<" that does not open an HTML element or comment set aside (`_TEXT_LT`),
    so the parser reads it as the text it is (html.parser would take ``</16`` for a comment)."""
    def fix(match: re.Match[str]) -> str:
        tail = match.group(1) or ""
        if tail == "!--" or (tail and tail.lstrip("/").lower() in _ELEMENTS):
            return match.group(0)
        return _TEXT_LT + tail
    return _LT.sub(fix, value)


def _scheme(href: str) -> str | None:
    """The scheme of a link target that is a valid IRI (lower-cased), else None."""
    if values.iri_problem(href) is not None:
        return None
    try:
        return urlsplit(href).scheme.lower()
    except ValueError:
        return None


def _scheme_less(url: str) -> str:
    return re.sub(r"^(?:https?://|mailto:)", "", url, flags=re.IGNORECASE).removeprefix("www.").rstrip("/")


class _Text(HTMLParser):
    """HTML → text: block elements become line breaks, entities are decoded, a link keeps its
    text and, where the text does not already show it, its target in brackets after it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.plain: list[str] = []  # the text as written, markup as spaces: where bare URLs are sought
        self.hrefs: list[str] = []
        self.markup = False
        self._links: list[tuple[str | None, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ELEMENTS or (tag not in ("br", "img") and any(v is None for _, v in attrs)):
            # `<b and c>`: valueless "attributes" are words, so this is text that looks like a tag.
            self.handle_data(self.get_starttag_text() or "")
            return
        self.markup = True
        self.plain.append(" ")
        if tag in BLOCK_ELEMENTS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag == "img":
            self.parts.append(dict(attrs).get("alt") or "")
        elif tag == "a":
            href = (dict(attrs).get("href") or "").replace(_TEXT_LT, "<").strip() or None
            if href and _scheme(href) in ("http", "https", "mailto"):
                self.hrefs.append(href)
            else:
                href = None  # page-relative links and scripts mean nothing outside their page
            self._links.append((href, len(self.parts)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "a":
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in _ELEMENTS:
            self.handle_data(f"</{tag}>")  # not markup (`_protect` lets no such tag through; kept all the same)
            return
        self.markup = True
        self.plain.append(" ")
        if tag in BLOCK_ELEMENTS and tag not in _ITEMS:
            self.parts.append("\n")
        elif tag == "a" and self._links:
            self._end_link(*self._links.pop())

    def _end_link(self, href: str | None, start: int) -> None:
        if not href:
            return
        shown = "".join(self.parts[start:]).strip()
        if not shown or _scheme_less(shown) == _scheme_less(href):
            if not href.lower().startswith("mailto:") or not shown:
                self.parts[start:] = [href]  # the link's text is its address: write it in full
        elif _scheme_less(href) not in _scheme_less(shown):
            self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        self.plain.append(data)

    def handle_comment(self, data: str) -> None:
        self.markup = True

    def close(self) -> None:
        super().close()
        while self._links:  # a link never closed still keeps its target
            self._end_link(*self._links.pop())


class _Rendered(NamedTuple):
    """What `_Text` made of a string: its text, the text as written (markup as spaces), the link
    targets, and whether it held markup."""

    text: str
    plain: str
    hrefs: tuple[str, ...]
    markup: bool


# A data-access text is read for its links, then for its text: parsed once. (A few entries only: the
# second read follows the first at once, and a value may be long.)
@lru_cache(maxsize=16)
def _render(value: str) -> _Rendered:
    parser = _Text()
    parser.feed(_protect(value))
    parser.close()
    return _Rendered("".join(parser.parts).replace(_TEXT_LT, "<"), "".join(parser.plain).replace(_TEXT_LT, "<"),
                     tuple(parser.hrefs), parser.markup)


def _is_plain(value: str) -> bool:
    """One line that `text` keeps as it is: no markup or entity, no space but single spaces
    between words (`isprintable` is false for every other whitespace character)."""
    return (value.isprintable() and "<" not in value and "&" not in value and "  " not in value
            and value[:1] != " " and value[-1:] != " ")


def text(value: object) -> tuple[str | None, Note]:
    """Plain text from a string that may hold HTML, entities and stray whitespace.

    HTML is parsed, not cut: only real HTML elements are markup (block elements become line
    breaks), entities are decoded, and anything that only looks like a tag (``aged <16 years``,
    ``>65``, a broken ``<b``) is kept as text. A link keeps its text, followed by its target in
    brackets when the text does not show it (``<a href="https://x.org/a">form</a>`` →
    ``form (https://x.org/a)``; a link whose text is its address becomes the full address).
    """
    # What nearly every value is, first: plain text the steps below would leave as it is. (A plain
    # string has no space at either end, so it is a placeholder only if it is one as it stands.)
    if (type(value) is str and _is_plain(value)
            and (len(value) > _PLACEHOLDER_LENGTH or value.lower() not in PLACEHOLDERS)):
        return value, None
    if not isinstance(value, str):
        if value is None or isinstance(value, bool):
            return None, None
        if isinstance(value, int | float):
            return str(value), None
        return None, f"not text ({type(value).__name__}), dropped"
    if is_placeholder(value):
        return None, (f"placeholder {value.strip()!r} dropped" if value.strip() else None)
    note: Note = None
    out = value
    if "<" in out or "&" in out:
        parsed = _render(out)
        rendered = parsed.text
        if parsed.markup:
            note = "HTML converted to text"
        elif rendered != out:
            note = "HTML entities decoded"
        out = rendered
    if "\r" in out:
        out = out.replace("\r", "")
    out = _SPACES.sub(" ", out)
    if "\n" in out:  # each line stripped, at most one blank line
        out = _BLANK_LINES.sub("\n\n", "\n".join([line.strip() for line in out.split("\n")]))
    out = out.strip()
    if is_placeholder(out):
        return None, note or "placeholder dropped"
    return out, note


def links_in(value: str) -> list[str]:
    """URLs mentioned in a text: link targets first, then bare URLs, without duplicates."""
    parsed = _render(value) if "<" in value or "&" in value else None
    written = parsed.plain if parsed else value
    found = (list(parsed.hrefs) if parsed else []) + _BARE_URL.findall(written)
    return [u for u in dict.fromkeys(found) if not u.lower().startswith("mailto:")]


def url(value: object) -> tuple[str | None, Note]:
    """An absolute http(s) URL, repaired where the fix is certain, else None."""
    if not isinstance(value, str):
        return None, "not a URL, dropped"
    return _url(value)


@lru_cache(maxsize=64)  # a record names the same page in several fields (url, data_access, its catalogue)
def _url(value: str) -> tuple[str | None, Note]:
    if is_placeholder(value):
        return None, "empty value dropped"
    raw = value.strip()
    candidate = raw
    # A ")" left over from Markdown/prose, with no "(" it closes.
    while candidate.endswith((")", ".", ",", ";")) and not (
        candidate.endswith(")") and candidate.count("(") >= candidate.count(")")
    ):
        candidate = candidate[:-1]
    if _IRI_UNSAFE.search(candidate) or values.iri_problem(candidate):
        return None, f"{_short(raw)} is not a valid URL, dropped"
    try:
        parts = urlsplit(candidate)
    except ValueError:  # iri_problem refuses what urlsplit does: kept all the same
        return None, f"{_short(raw)} is not a valid URL, dropped"
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or "." not in parts.netloc:
        return None, f"{raw!r} is not an absolute http(s) URL, dropped"
    if candidate != raw:
        return candidate, f"{raw!r} repaired to {candidate!r}"
    return candidate, None


def doi(value: object) -> tuple[str | None, Note]:
    """The canonical DOI name ``10.prefix/suffix`` from any of its written forms, else None."""
    if not isinstance(value, str):
        return None, None
    raw = value.strip()
    candidate = unquote(raw) if "%" in raw else raw
    match = _DOI.match(candidate)
    if not match:
        return None, None
    name = match.group(1).rstrip(".,;")
    if name != raw and not raw.lower().endswith(name.lower()):
        return name, f"{value!r} read as DOI {name}"
    if raw != value:
        return name, f"{value!r} trimmed to DOI {name}"
    return name, None


@lru_cache(maxsize=256)  # the profiles ask for each DOI of a record several times
def doi_iri(name: str) -> str:
    """The resolver IRI of a DOI name; only characters an IRI cannot hold are escaped."""
    escaped = _DOI_ESCAPE.sub(_quoted, name)
    if escaped.isascii():  # nearly every DOI: no character past ASCII to look for (a slow search)
        return "https://doi.org/" + escaped
    return "https://doi.org/" + values.UCSCHAR_NOT.sub(_quoted, escaped)


def _quoted(match: re.Match[str]) -> str:
    return quote(match.group(0))


def integer(value: object) -> tuple[int | None, Note]:
    """A whole number from an int or a numeric string ("337", "1,073")."""
    if isinstance(value, bool) or value is None:
        return None, None
    if isinstance(value, int):
        if abs(value) > values.MAX_COUNT:
            return None, f"{_short(value)} is out of range, dropped"
        return value, None
    if isinstance(value, float) and value.is_integer():
        if abs(value) > values.MAX_COUNT:
            return None, f"{value!r} is out of range, dropped"
        return int(value), f"{value!r} read as integer {int(value)}"
    if isinstance(value, str):
        stripped = value.strip().replace(",", "")
        if re.fullmatch(r"[+-]?[0-9]+", stripped):
            digits = stripped.lstrip("+-").lstrip("0") or "0"  # measured before int(): 5,000 zeros and a 1
            if len(digits) > values.MAX_DIGITS or int(digits) > values.MAX_COUNT:
                return None, f"{_short(value)} is out of range, dropped"
            return -int(digits) if stripped.startswith("-") else int(digits), None
        if is_placeholder(value):
            return None, None
    return None, f"{value!r} is not a whole number, dropped"


def _short(value: object) -> str:
    text = value if isinstance(value, str) else f"{value}" if not isinstance(value, int) or \
        abs(value) < 10**60 else f"a {len(str(abs(value)))}-digit number"
    return repr(text if len(text) <= 60 else text[:57] + "...")


@cache
def countries() -> dict[str, tuple[str, str]]:
    """ISO 3166-1 alpha-2 → (alpha-3, English name), from the bundled table."""
    table: dict[str, tuple[str, str]] = {}
    data = resources.files("ldcat").joinpath("data/countries.tsv").read_text(encoding="utf-8")
    for line in data.splitlines():
        if line and not line.startswith("#"):
            alpha2, alpha3, name = line.split("\t")
            table[alpha2] = (alpha3, name)
    return table


# Codes sources use that ISO 3166-1 reserves for something else (UK is "exceptionally reserved").
COUNTRY_ALIASES = {"UK": "GB", "EL": "GR"}


# Names sources use for a country besides its ISO 3166-1 English name (casefolded). "Great Britain"
# is not here: it is the island, without Northern Ireland, not the United Kingdom.
COUNTRY_NAMES = {"uk": "GB", "u.k.": "GB", "united kingdom of great britain and northern ireland": "GB",
                 "usa": "US", "u.s.a.": "US", "united states of america": "US"}


@cache
def _country_names() -> dict[str, str]:
    return {**{name.casefold(): alpha2 for alpha2, (_, name) in countries().items()}, **COUNTRY_NAMES}


def country_named(name: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of the country a place name names exactly ("United Kingdom"), else None."""
    return _country_names().get(" ".join(name.split()).casefold())


def country(value: object) -> tuple[str | None, Note]:
    """An ISO 3166-1 alpha-2 code."""
    if not isinstance(value, str) or is_placeholder(value):
        return None, None
    code = value.strip().upper()
    if code in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[code], f"{value!r} is not ISO 3166-1, read as {COUNTRY_ALIASES[code]}"
    if code in countries():
        return code, (None if code == value else f"{value!r} read as {code}")
    return None, f"{value!r} is not an ISO 3166-1 country code, dropped"
