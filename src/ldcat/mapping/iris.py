"""Deterministic IRIs: the same record always gets the same IRIs, minted from its stable key.

Nodes that only exist as part of one dataset (its period, identifiers, variables, distribution)
are hash IRIs of the dataset's IRI, so the dataset's document describes all of them and no blank
nodes are needed (blank nodes would make output differ between runs and stores).
Shared things (organisations, places, catalogues) are keyed by a hash of their name.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import quote

from rdflib import URIRef

from ldcat.config import DEFAULT_BASE
from ldcat.namespaces import EU_COUNTRY, EU_LANGUAGE

# ISO 639-1 → the EU language authority's ISO 639-2/B based codes, for the languages Harmony uses.
_LANGUAGES = {"en": "ENG", "cy": "CYM", "ga": "GLE", "gd": "GLA", "fr": "FRA", "de": "DEU", "es": "SPA",
              "it": "ITA", "nl": "NLD", "pt": "POR", "sv": "SWE", "da": "DAN", "fi": "FIN", "no": "NOR",
              "pl": "POL", "el": "ELL", "zh": "ZHO", "ar": "ARA", "ur": "URD", "pa": "PAN", "hi": "HIN",
              "bn": "BEN", "gu": "GUJ", "ja": "JPN"}


def name_hash(name: str) -> str:
    """A short stable key for something known only by its name (case and spacing ignored)."""
    return hashlib.md5(" ".join(name.split()).casefold().encode()).hexdigest()[:16]


def language_iri(code: str) -> URIRef | None:
    """The EU authority IRI of an ISO 639-1 code, if ldcat knows it."""
    eu = _LANGUAGES.get(code.lower())
    return EU_LANGUAGE[eu] if eu else None


@dataclass(frozen=True, slots=True)
class Iris:
    """Mints every IRI from one base (``--base-iri``), which must end in ``/`` or ``#``."""

    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not self.base.endswith(("/", "#")):
            object.__setattr__(self, "base", self.base + "/")

    def dataset(self, key: str) -> URIRef:
        return URIRef(f"{self.base}dataset/{key}")

    def part(self, key: str, fragment: str) -> URIRef:
        """A node belonging to one dataset: ``…/dataset/<key>#<fragment>``."""
        return URIRef(f"{self.base}dataset/{key}#{quote(fragment, safe='-._~')}")

    def record(self, key: str) -> URIRef:
        return URIRef(f"{self.base}record/{key}")

    def catalog(self, key: str | None = None) -> URIRef:
        """A source catalogue; with no key, the aggregating (Harmony) catalogue."""
        return URIRef(f"{self.base}catalog/{key}" if key else f"{self.base}catalog")

    def agent(self, name: str) -> URIRef:
        return URIRef(f"{self.base}agent/{name_hash(name)}")

    def place(self, name: str) -> URIRef:
        return URIRef(f"{self.base}place/{name_hash(name)}")

    def concept(self, scheme: str, label: str) -> URIRef:
        return URIRef(f"{self.base}concept/{scheme}/{quote(label.replace(' ', '-'), safe='-._~')}")

    @staticmethod
    def country(alpha3: str) -> URIRef:
        return EU_COUNTRY[alpha3]
