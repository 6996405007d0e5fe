"""Deterministic IRIs: the same record always gets the same IRIs, minted from its stable key.

Nodes that only exist as part of one dataset (its period, identifiers, variables, distribution)
are hash IRIs of the dataset's IRI, so the dataset's document describes all of them and no blank
nodes are needed (blank nodes would make output differ between runs and stores).
Shared things (organisations, places, catalogues) are keyed by a hash of their name.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from urllib.parse import quote

import pycountry
from rdflib import URIRef

from ldcat.config import DEFAULT_BASE
from ldcat.memo import Memo
from ldcat.namespaces import EU_COUNTRY, EU_LANGUAGE


def _iso639() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """From the full ISO 639 list (pycountry's copy of ISO 639-3, which carries the 639-1 and
    639-2 codes): ISO 639-1 code → the EU language authority's code; every three-letter code of
    those languages (639-2/T, 639-2/B) → its 639-1 code; ISO 639-1 code → English name.

    The EU authority's codes are ISO 639-2/T (= 639-3) codes, upper-cased (ENG, DEU, CYM, ZHO), so
    every language with a 639-1 code has its IRI. A language with only a 639-2/3 code (Scots,
    ``sco``) has no 639-1 code to tell which authority concept is meant, and is not given one:
    schema:inLanguage keeps the code and the mapping reports ``language-not-mapped``.
    """
    eu: dict[str, str] = {}
    three: dict[str, str] = {}
    names: dict[str, str] = {}
    for language in pycountry.languages:
        alpha2 = getattr(language, "alpha_2", None)
        if not alpha2:
            continue
        alpha3 = str(language.alpha_3)
        eu[alpha2] = alpha3.upper()
        names[alpha2] = str(getattr(language, "common_name", None) or language.name)
        three[alpha3] = alpha2
        if bibliographic := getattr(language, "bibliographic", None):
            three[str(bibliographic)] = alpha2
    return dict(sorted(eu.items())), three, names


# ISO 639-1 → EU language authority code, for every ISO 639-1 language (vocab/authorities.ttl types
# each IRI offline; regenerate its languages from
# `languages_turtle()`, as its header says).
_LANGUAGES, _THREE_LETTER, _LANGUAGE_NAMES = _iso639()


# What `quote(…, safe="-._~")` leaves as it is: most keys (uuids, slugs) and fragments are only
# these, and are used as they are without the cost of quoting.
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]+")
_new = str.__new__


# Each IRI made once while it recurs: a record's dataset IRI is asked for dozens of times, and
# shared nodes (agents, places, concepts) in record after record. One object per IRI is also what
# makes the sets and dictionaries of terms downstream fast: an equal object found is the same one,
# which Python checks before calling rdflib's `__eq__` (a Python function). A few records' worth.
_IRIS: Memo[str, URIRef] = Memo(lambda value: _new(URIRef, value), limit=4096)


def iri(value: str) -> URIRef:
    """`value` as a URIRef, the same as ``URIRef(value)`` without rdflib's check of it: ldcat checks
    the IRIs it reads at the edge (`ldcat.normalise.values`) and mints the others from checked parts."""
    return _IRIS[value]


@functools.lru_cache(maxsize=4096)  # a record's key mints its dataset's IRI and all its parts' in a row
def segment(key: str) -> str:
    """`key` as one safe IRI path segment: percent-encoded where it must be; ``.`` and ``..`` (which
    would climb the path) and keys that are not valid Unicode text become a hash of themselves."""
    if _UNRESERVED.fullmatch(key) and key not in (".", ".."):
        return key
    if key in ("", ".", "..") or not key.isprintable():
        return "k" + hashlib.md5(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return quote(key, safe="-._~")


@functools.lru_cache(maxsize=4096)  # the same few fragments (contact, distribution-1, ...) in every record
def _fragment(text: str) -> str:
    return text if _UNRESERVED.fullmatch(text) else quote(text, safe="-._~")


@functools.lru_cache(maxsize=4096)  # the same publishers and funders recur in record after record
def name_hash(name: str) -> str:
    """A short stable key for something known only by its name (case and spacing ignored)."""
    return hashlib.md5(" ".join(name.split()).casefold().encode()).hexdigest()[:16]


def language_iri(code: str) -> URIRef | None:
    """The EU authority IRI of a language code (ISO 639-1, or the 639-2 code of a 639-1 language)."""
    code = code.strip().lower()
    eu = _LANGUAGES.get(_THREE_LETTER.get(code, code))
    return _language(eu) if eu else None


@functools.cache
def _language(eu: str) -> URIRef:  # one URIRef per language: a handful, shared by every record
    return EU_LANGUAGE[eu]


@dataclass(frozen=True, slots=True)
class Iris:
    """Mints every IRI from one base (``--base-iri``), which must end in ``/`` or ``#``."""

    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not self.base.endswith(("/", "#")):
            object.__setattr__(self, "base", self.base + "/")

    def dataset(self, key: str) -> URIRef:
        return iri(f"{self.base}dataset/{segment(key)}")

    def part(self, key: str, fragment: str) -> URIRef:
        """A node belonging to one dataset: ``…/dataset/<key>#<fragment>``."""
        return iri(f"{self.base}dataset/{segment(key)}#{_fragment(fragment)}")

    def record(self, key: str) -> URIRef:
        return iri(f"{self.base}record/{segment(key)}")

    def catalog(self, key: str | None = None) -> URIRef:
        """A source catalogue; with no key, the aggregating (Harmony) catalogue."""
        return iri(f"{self.base}catalog/{segment(key)}" if key else f"{self.base}catalog")

    def agent(self, name: str) -> URIRef:
        return iri(f"{self.base}agent/{name_hash(name)}")

    def place(self, name: str) -> URIRef:
        return iri(f"{self.base}place/{name_hash(name)}")

    def concept(self, scheme: str, label: str) -> URIRef:
        return iri(f"{self.base}concept/{scheme}/{segment(label.replace(' ', '-'))}")

    @staticmethod
    @functools.cache
    def country(alpha3: str) -> URIRef:  # one URIRef per country, shared by every record
        return EU_COUNTRY[alpha3]


def languages_turtle() -> str:
    """The languages of vocab/authorities.ttl: every EU authority IRI `language_iri` can give,
    typed as DCAT-AP's range check expects."""
    lines = []
    for alpha2, eu in sorted(_LANGUAGES.items(), key=lambda item: item[1]):
        name = _LANGUAGE_NAMES[alpha2].replace("\\", "\\\\").replace('"', '\\"')
        lines += [f"language:{eu} a dct:LinguisticSystem, skos:Concept, owl:NamedIndividual ;",
                  f'    skos:prefLabel "{name}"@en ;',
                  f'    skos:notation "{alpha2}" ;',
                  "    skos:inScheme <http://publications.europa.eu/resource/authority/language> ."]
    return "\n".join(lines) + "\n"
