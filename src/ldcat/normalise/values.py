"""What a valid text, IRI, number and year is: decided here, once, at the edge.

`clean_tree` runs over a raw record before anything reads it, so no later step (mapping, writers,
store, templates) ever meets a string it cannot encode: lone UTF-16 surrogates (an emoji cut in half
upstream) become U+FFFD, control characters other than tab, line feed and carriage return are
removed, and so are Unicode non-characters (U+FFFE, U+FDD0…); each change is reported. JSON
numbers too long to be numbers (past Python's int-conversion limit) are kept as their digits, for
the field reading them to refuse. `iri_problem` says why a string is not an IRI that RDF
serialisers and stores (Oxigraph, Jena) accept; `bounded` keeps counts and years in sane ranges.
Every function runs in linear time in the length of its input.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

# The longest digit string read as a number: far past any count, far short of int()'s 4,300-digit limit.
MAX_DIGITS = 30
MAX_COUNT = 10**12
YEARS = (1000, 2999)

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NONCHAR = re.compile("[\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)) + "]")
_BAD = re.compile(f"{_SURROGATE.pattern}|{_CONTROL.pattern}|{_NONCHAR.pattern}")


def clean_text(value: str) -> tuple[str, list[str]]:
    """`value` as valid Unicode text, and a note per kind of character replaced or removed."""
    if not _BAD.search(value):
        return value, []
    notes = []
    out, n = _SURROGATE.subn("\ufffd", value)
    if n:
        notes.append(f"{n} lone surrogate(s) replaced with U+FFFD")
    out, n = _CONTROL.subn("", out)
    if n:
        notes.append(f"{n} control character(s) removed")
    out, n = _NONCHAR.subn("", out)
    if n:
        notes.append(f"{n} non-character(s) removed")
    return out, notes


def clean_tree(value: Any, path: str = "") -> tuple[Any, list[tuple[str, str]]]:
    """A parsed JSON value with every string (keys too) cleaned by `clean_text`; the notes as
    (path, note) pairs. Unchanged values are returned as they are (the same objects)."""
    if _surely_clean(value):
        return value, []
    found: list[tuple[str, str]] = []
    return _clean(value, path, found), found


# `_surely_clean` reads a value's JSON text, as orjson writes it (UTF-8, in C, six times faster than
# `json`'s encoder on Harmony's records), in which every character is as it is except '"', "\\" and
# the C0 controls: tab, line feed and carriage return as \t \n \r, backspace and form feed as \b \f,
# the others as \u00XX. So the controls `clean_text` removes are exactly the escapes \b \f \u (a
# "\\" followed by b, f or u in the text itself also matches: only a false alarm); in the UTF-8 of the
# rest, the C1 controls and \x7f, U+FDD0-U+FDEF, and every other non-character (each ends in the bytes
# BF BE or BF BF; so do a few rare characters: false alarms). What orjson refuses (a lone surrogate,
# a key that is not text, an integer past 64 bits, deep nesting) is walked.
_ESCAPED_CONTROL = re.compile(rb"\\[bfu]")
_C1_CONTROL = re.compile(rb"\xc2[\x80-\x9f]")
_FDD0_FDEF = re.compile(rb"\xef\xb7[\x90-\xaf]")
_FFFE_FFFF = re.compile(rb"\xbf[\xbe\xbf]")


def _surely_clean(value: Any) -> bool:
    """True when no string in `value` has a character `clean_text` would change; False when one
    may (then `_clean` walks the tree and decides, string by string).

    The cleaning walk costs a Python call per string and key, ten times the cost of writing the
    record's JSON text in C and searching it; and almost every record is clean.
    """
    try:
        data = orjson.dumps(value)
    except TypeError:  # orjson's JSONEncodeError: not JSON as orjson writes it
        return False
    if data.isascii():  # the usual case: only the C0 controls and DEL to look for
        return not (b"\\b" in data or b"\\f" in data or b"\\u" in data or b"\x7f" in data)
    # Each search has a literal first byte, which the regex engine scans for quickly.
    return not (_ESCAPED_CONTROL.search(data) or b"\x7f" in data or _C1_CONTROL.search(data)
                or _FDD0_FDEF.search(data) or _FFFE_FFFF.search(data))


def _clean(value: Any, path: str, found: list[tuple[str, str]]) -> Any:
    if isinstance(value, str):
        out, notes = clean_text(value)
        found.extend((path or "(record)", n) for n in notes)
        return out
    if isinstance(value, dict):
        changed = False
        items = {}
        for key, item in value.items():
            new_key = _clean(key, f"{path}.{key}".lstrip(".") + " (key)", found) if isinstance(key, str) else key
            new_item = _clean(item, f"{path}.{new_key}".lstrip("."), found)
            changed = changed or new_key is not key or new_item is not item
            items[new_key] = new_item
        return items if changed else value
    if isinstance(value, list):
        cleaned = [_clean(item, path, found) for item in value]
        return cleaned if any(a is not b for a, b in zip(cleaned, value, strict=True)) else value
    return value


# --- IRIs -----------------------------------------------------------------------------------------

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f\ud800-\udfff]')
# RFC 3987 ucschar: the characters past ASCII an IRI may hold (no private use, no U+FFF0-FFFF, none of
# each plane's last two code points beyond that).
UCSCHAR_NOT = re.compile("[^\x00-\x7f\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef" + "".join(
    f"{chr(plane * 0x10000)}-{chr(plane * 0x10000 + 0xFFFD)}" for plane in range(1, 14)) + "\U000e1000-\U000efffd]")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
_PORT = re.compile(r"\d{0,5}")
_REG_NAME = re.compile(r"[^\[\]@:/?#]*")
_AUTHORITY_END = re.compile(r"[/?#]")
_IPV6 = re.compile(r"\[(?:[0-9A-Fa-f:.]{2,45}|v[0-9A-Fa-f]+\.[A-Za-z0-9._~!$&'()*+,;=:-]+)\]")


def iri_problem(value: str) -> str | None:
    """Why `value` is not an absolute IRI (RFC 3987, as N-Triples and Turtle parsers check it), or None."""
    if not value:
        return "empty"
    if bad := _IRI_FORBIDDEN.search(value):
        return f"character {bad.group(0)!r} is not allowed in an IRI"
    # Every ASCII character is a ucschar or not one for the search above; the search is slow (its
    # class holds ranges past U+FFFF), so ASCII values, nearly all, skip it.
    if not value.isascii() and (bad := UCSCHAR_NOT.search(value)):
        return f"character U+{ord(bad.group(0)):04X} is not allowed in an IRI"
    if _BAD_PERCENT.search(value):
        return "'%' not followed by two hex digits"
    scheme, colon, rest = value.partition(":")
    if not colon or not _SCHEME.fullmatch(scheme):
        return "no scheme"
    if rest.count("#") > 1:
        return "more than one '#'"
    if rest.startswith("//"):
        authority = _AUTHORITY_END.split(rest[2:], maxsplit=1)[0]
        host_port = authority.rpartition("@")[2]
        if host_port.startswith("["):
            end = host_port.find("]")
            if end < 0 or not _IPV6.fullmatch(host_port[: end + 1]):
                return "'[' in the host that opens no IPv6 literal"
            port = host_port[end + 1:]
            if port and (not port.startswith(":") or not _PORT.fullmatch(port[1:])):
                return "invalid port"
        else:
            host, _, port = host_port.partition(":")
            if not _REG_NAME.fullmatch(host):
                return "invalid host"
            if port and not _PORT.fullmatch(port):
                return "invalid port"
            if port and int(port) > 65535:
                return "port out of range"
        tail = rest[2 + len(authority):]
    else:
        tail = rest
    if "[" in tail or "]" in tail:
        return "'[' or ']' outside an IPv6 host"
    return None


# --- numbers and years ----------------------------------------------------------------------------

def bounded(number: int, low: int, high: int) -> bool:
    return low <= number <= high
