"""HTML landing pages: the schema.org JSON-LD Google Dataset Search reads, and a readable summary.

Everything from the data is escaped: text through `html.escape`, and the embedded JSON-LD with
`<`, `>` and `&` written as JSON escapes, so a description holding `</script>` or markup can
neither end the script element nor inject into the page.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from html import escape
from string import Template

from rdflib import Literal, URIRef
from rdflib.term import Node

from ldcat.namespaces import RDF, SDO, XSD
from ldcat.serialise import Triples

SCHEMA = str(SDO)
_NUMBERS = {XSD.integer, XSD.nonNegativeInteger, XSD.int, XSD.long}


class _Index:
    def __init__(self, triples: Triples) -> None:
        self.by_subject: dict[Node, dict[Node, list[Node]]] = {}
        for s, p, o in triples:
            self.by_subject.setdefault(s, {}).setdefault(p, []).append(o)

    def values(self, subject: Node, prop: Node) -> list[Node]:
        return sorted(self.by_subject.get(subject, {}).get(prop, []), key=str)

    def first(self, subject: Node, prop: Node) -> str | None:
        found = self.values(subject, prop)
        return str(found[0]) if found else None


def schema_jsonld(triples: Triples, dataset: URIRef) -> dict[str, object]:
    """The dataset's schema.org description as compact JSON-LD with the schema.org context
    (which ldcat bundles, so reading it back never fetches anything)."""
    index = _Index(triples)
    node = _node(index, dataset, depth=0, seen={dataset})
    return {"@context": "https://schema.org/", **node}


def _node(index: _Index, subject: Node, depth: int, seen: set[Node]) -> dict[str, object]:
    out: dict[str, object] = {"@id": str(subject)}
    props = index.by_subject.get(subject, {})
    types = [str(t)[len(SCHEMA):] for t in index.values(subject, RDF.type) if str(t).startswith(SCHEMA)]
    if types:
        out["@type"] = types[0] if len(types) == 1 else types
    for prop in sorted(props, key=str):
        if not str(prop).startswith(SCHEMA):
            continue
        values = [_value(index, v, depth, seen) for v in index.values(subject, prop)]
        out[str(prop)[len(SCHEMA):]] = values[0] if len(values) == 1 else values
    return out


def _value(index: _Index, value: Node, depth: int, seen: set[Node]) -> object:
    if isinstance(value, Literal):
        if value.datatype in _NUMBERS:
            return int(value)
        return str(value)
    described = value in index.by_subject and value not in seen and depth < 2
    if described:
        return _node(index, value, depth + 1, seen | {value})
    return str(value)  # url, sameAs, license: the bundled context reads these as IRIs


def script_json(data: object) -> str:
    """JSON safe inside <script>: no `<`, `>` or `&` can appear raw."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


PAGE = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<meta name="description" content="$summary">
<link rel="canonical" href="$iri">
$alternates
<script type="application/ld+json">
$jsonld
</script>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}
h1{font-size:1.6rem;margin-bottom:.2rem}.meta{color:#555}dt{font-weight:600;margin-top:.6rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;text-align:left;padding:.2rem .4rem}
.description{white-space:pre-line}
</style>
</head>
<body>
<p class="meta"><a href="$home">$catalogue_name</a></p>
<h1>$title</h1>
<p class="description">$description</p>
<dl>
$facts
</dl>
$variables
<p class="meta">This description as data: $links</p>
</body>
</html>
""")

FORMATS = (("ttl", "text/turtle", "Turtle"), ("jsonld", "application/ld+json", "JSON-LD"),
           ("nt", "application/n-triples", "N-Triples"))


def landing_page(triples: Triples, dataset: URIRef, *, docs_href: str, home: str, catalogue_name: str) -> str:
    """The HTML page of one dataset; `docs_href` is the relative path of its RDF documents
    without extension (e.g. ``../5050ed61``)."""
    index = _Index(triples)
    title = index.first(dataset, SDO.name) or str(dataset)
    description = index.first(dataset, SDO.description) or ""
    alternates = "\n".join(f'<link rel="alternate" type="{mime}" href="{escape(docs_href)}.{ext}">'
                           for ext, mime, _ in FORMATS)
    links = ", ".join(f'<a href="{escape(docs_href)}.{ext}">{name}</a>' for ext, _, name in FORMATS)
    return PAGE.substitute(
        title=escape(title), summary=escape(description[:300]), iri=escape(str(dataset)), alternates=alternates,
        jsonld=script_json(schema_jsonld(triples, dataset)), home=escape(home), catalogue_name=escape(catalogue_name),
        description=escape(description), facts="\n".join(_facts(index, dataset)),
        variables=_variables(index, dataset), links=links,
    )


def _facts(index: _Index, dataset: URIRef) -> list[str]:
    def names(prop: URIRef) -> list[str]:
        return [index.first(v, SDO.name) or str(v) for v in index.values(dataset, prop)]

    rows = [
        ("Temporal coverage", [str(v) for v in index.values(dataset, SDO.temporalCoverage)]),
        ("Places", names(SDO.spatialCoverage)),
        ("Catalogue", names(SDO.includedInDataCatalog)),
        ("Keywords", [str(v) for v in index.values(dataset, SDO.keywords)]),
        ("Creator", names(SDO.creator)),
        ("Publisher", names(SDO.publisher)),
        ("Identifier", [str(v) for v in index.values(dataset, SDO.sameAs) if "doi.org/" in str(v)]),
        ("Access", [str(v) for v in index.values(dataset, SDO.conditionsOfAccess)]),
    ]
    return [f"<dt>{escape(label)}</dt><dd>{escape('; '.join(values))}</dd>" for label, values in rows if values]


def _variables(index: _Index, dataset: URIRef) -> str:
    rows = sorted((index.first(v, SDO.name) or "", index.first(v, SDO.description) or "")
                   for v in index.values(dataset, SDO.variableMeasured))
    if not rows:
        return ""
    body = "\n".join(f"<tr><td>{escape(n)}</td><td>{escape(d)}</td></tr>" for n, d in rows)
    return f"<h2>Variables ({len(rows)})</h2>\n<table><tr><th>Name</th><th>Description</th></tr>\n{body}\n</table>"


def index_page(title: str, items: Iterable[tuple[str, str]], *, pages: list[str], current: int) -> str:
    """A list of datasets (href, title) with links to the other index pages."""
    entries = "\n".join(f'<li><a href="{escape(href)}">{escape(name)}</a></li>' for href, name in items)
    nav = " ".join(f"<strong>{n}</strong>" if n == current else f'<a href="{escape(p)}">{n}</a>'
                   for n, p in enumerate(pages, 1)) if len(pages) > 1 else ""
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{escape(title)}</title>\n'
            f'<link rel="alternate" type="text/turtle" href="catalog.ttl">\n</head>\n<body>\n<h1>{escape(title)}</h1>\n'
            f"<ul>\n{entries}\n</ul>\n<p>{nav}</p>\n</body>\n</html>\n")
