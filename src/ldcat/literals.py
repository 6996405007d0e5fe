"""Text literals made quickly: `text(value, language)` is ``Literal(value, lang=language)``.

rdflib's constructor checks the language tag and casts the string to itself; ldcat makes text
literals by the hundred per record, from values already checked (a mapping's language once, when
the profile is made; a parsed file's by its parser), so it skips that work when this rdflib's
literals are made as `_quick_text` makes them, and uses rdflib's own constructor otherwise.
"""

from __future__ import annotations

from rdflib import Literal

from ldcat.memo import Memo

_new = str.__new__


def _made(key: tuple[str, str | None]) -> Literal:
    value, language = key
    literal = _new(Literal, value)
    literal._language = language or None
    literal._datatype = None
    literal._value = value
    literal._ill_typed = None
    return literal


# Each text literal made once while it recurs: a record's title and description are written by
# several profiles, and one object for them lets the N-Triples writer escape each text once. A
# record's texts recur within it, rarely across records: a few records' worth is kept.
_TEXTS = Memo(_made, limit=2048)


def _quick_text(value: str, language: str | None = None) -> Literal:
    """A text literal (a plain one without `language`), the same as ``Literal(value, lang=language
    or None)``, made without rdflib's work for it: for a plain or tagged string, rdflib's
    `Literal.__new__` checks the tag and casts the string to itself, and sets what is set here.
    `language` must be a valid tag."""
    return _TEXTS[value, language]


def _plain_text(value: str, language: str | None = None) -> Literal:
    return Literal(value, lang=language or None)


def _quick_text_is_rdflibs() -> bool:
    """Whether this rdflib's literals are made as `_quick_text` makes them (rdflib >= 7 is not
    pinned above: a release that changes Literal's fields gets rdflib's own constructor instead)."""
    try:
        return all(
            (made := _quick_text(v, lang)) == (ref := _plain_text(v, lang)) and hash(made) == hash(ref)
            and (made.value, made.language, made.datatype, made.ill_typed, made.n3())
            == (ref.value, ref.language, ref.datatype, ref.ill_typed, ref.n3())
            for v, lang in (("x", None), ("x", "en"), ("é\n", "en-GB")))
    except (AttributeError, TypeError):
        return False


text = _quick_text if _quick_text_is_rdflibs() else _plain_text
