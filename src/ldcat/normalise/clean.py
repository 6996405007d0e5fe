"""Value-level cleaning: small pure functions, one per kind of value, each saying what it changed.

Every function returns the cleaned value (or None when nothing usable is left) and a short note
when it had to change something, so `normalise` can report each repair instead of hiding it.
"""

from __future__ import annotations

import html
import re
from functools import cache
from importlib import resources
from urllib.parse import quote, unquote, urlsplit

Note = str | None

PLACEHOLDERS = frozenset({"", "none", "null", "n/a", "na", "nan", "undefined", "$undefined", "-"})

_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"<\s*(br|/p|p|/li|li|/div)\b[^>]*>", re.IGNORECASE)
_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_BARE_URL = re.compile(r"https?://[^\s<>\"']+")
_SPACES = re.compile(r"[ \t\u00a0]+")
_DOI = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)
# Characters not allowed in an IRI (RFC 3987) that DOIs may still contain.
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]')


def is_placeholder(value: object) -> bool:
    """Empty strings and the strings sources use to say "nothing" ("None", "null", "N/A")."""
    return value is None or (isinstance(value, str) and value.strip().lower() in PLACEHOLDERS)


def text(value: object) -> tuple[str | None, Note]:
    """Plain text from a string that may hold HTML, entities and stray whitespace."""
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
    if "<" in out and _TAG.search(out):
        out = _TAG.sub("", _BREAK.sub("\n", out))
        note = "HTML markup stripped"
    if "&" in out:
        unescaped = html.unescape(out)
        if unescaped != out:
            out, note = unescaped, note or "HTML entities decoded"
    lines = [_SPACES.sub(" ", line).strip() for line in out.replace("\r", "").split("\n")]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if is_placeholder(out):
        return None, note or "placeholder dropped"
    return out, note


def links_in(value: str) -> list[str]:
    """URLs mentioned in a text: link targets first, then bare URLs, without duplicates."""
    found = _HREF.findall(value) + _BARE_URL.findall(_TAG.sub(" ", value))
    return list(dict.fromkeys(found))


def url(value: object) -> tuple[str | None, Note]:
    """An absolute http(s) URL, repaired where the fix is certain, else None."""
    if not isinstance(value, str) or is_placeholder(value):
        return None, "empty value dropped" if isinstance(value, str) else "not a URL, dropped"
    raw = value.strip()
    candidate = raw
    # A ")" left over from Markdown/prose, with no "(" it closes.
    while candidate.endswith((")", ".", ",", ";")) and not (
        candidate.endswith(")") and candidate.count("(") >= candidate.count(")")
    ):
        candidate = candidate[:-1]
    if _IRI_UNSAFE.search(candidate):
        return None, f"{raw!r} is not a valid URL, dropped"
    parts = urlsplit(candidate)
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


def doi_iri(name: str) -> str:
    """The resolver IRI of a DOI name; only characters an IRI cannot hold are escaped."""
    return "https://doi.org/" + _IRI_UNSAFE.sub(lambda m: quote(m.group(0)), name)


def integer(value: object) -> tuple[int | None, Note]:
    """A whole number from an int or a numeric string ("337", "1,073")."""
    if isinstance(value, bool) or value is None:
        return None, None
    if isinstance(value, int):
        return value, None
    if isinstance(value, float) and value.is_integer():
        return int(value), f"{value!r} read as integer {int(value)}"
    if isinstance(value, str):
        stripped = value.strip().replace(",", "")
        if re.fullmatch(r"[+-]?\d+", stripped):
            return int(stripped), None
        if is_placeholder(value):
            return None, None
    return None, f"{value!r} is not a whole number, dropped"


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
