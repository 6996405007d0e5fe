"""FAIR Signposting for each dataset: the typed links a FAIR assessor (F-UJI and others) follows
from a landing page, as a linkset document (RFC 9264, ``application/linkset+json``) that
`ldcat publish` writes beside the dataset's documents, as the ``Link`` header `ldcat serve` sends,
and as a ``_headers`` file for static hosts that read one (Netlify, Cloudflare Pages).

The links say only what the dataset's triples say: ``cite-as`` its own DOI (a DOI of an article
about it is no identifier of it), else its IRI; ``describedby`` its RDF documents, each with its
media type; ``type`` schema.org's Dataset and AboutPage; ``license`` the licences it names (an
access page is not a licence); ``linkset`` this document. Harmony's records carry no files, so
there is no ``item``, nor the ``collection`` link back from one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ldcat.publish.facts import Facts

LINKSET_TYPE = "application/linkset+json"
DOCUMENTS = (("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("nt", "application/n-triples"))
TYPES = ("https://schema.org/Dataset", "https://schema.org/AboutPage")


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    rel: str
    type: str | None = None


def links(facts: Facts, base: str, key: str) -> list[Link]:
    """The dataset's signposts, in a fixed order."""
    out = [Link(facts.dois[0] if facts.dois else facts.iri, "cite-as")]
    out += [Link(f"{base}dataset/{key}.{ext}", "describedby", kind) for ext, kind in DOCUMENTS]
    out += [Link(kind, "type") for kind in TYPES]
    out += [Link(licence, "license") for licence in facts.licences]
    out.append(Link(f"{base}dataset/{key}.linkset.json", "linkset", LINKSET_TYPE))
    return out


def linkset(anchor: str, signposts: Iterable[Link]) -> str:
    """The RFC 9264 JSON linkset of one anchor (the dataset's landing page)."""
    context: dict[str, object] = {"anchor": anchor}
    for link in signposts:
        target: dict[str, str] = {"href": link.href}
        if link.type:
            target["type"] = link.type
        context.setdefault(link.rel, [])
        context[link.rel].append(target)  # type: ignore[attr-defined]
    return json.dumps({"linkset": [context]}, indent=1, ensure_ascii=False) + "\n"


def header(signposts: Iterable[Link]) -> str:
    """The links as one HTTP ``Link`` header value (RFC 8288)."""
    return ", ".join(f'<{link.href}>; rel="{link.rel}"' + (f'; type="{link.type}"' if link.type else "")
                     for link in signposts)


def from_linkset(path: Path) -> list[Link]:
    """The links a linkset document written by `linkset` holds (for the server's Link header)."""
    context = json.loads(path.read_text(encoding="utf-8"))["linkset"][0]
    return [Link(target["href"], rel, target.get("type")) for rel, targets in context.items() if rel != "anchor"
            for target in targets]


def headers_file(entries: Iterable[tuple[str, list[Link]]]) -> str:
    """A ``_headers`` file (Netlify, Cloudflare Pages): each landing page's path with its Link header."""
    blocks = [f"{path}\n  Link: {header(signposts)}\n" for path, signposts in entries]
    return "".join(blocks)
