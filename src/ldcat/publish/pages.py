"""The site's HTML: a landing page per dataset and the catalogue's index, rendered with Jinja2.

A page shows what the dataset's RDF says, read back from its triples (every profile's), so a
value repaired on the way is the repaired value here too; the schema.org JSON-LD in the page is
`ldcat.publish.landing.schema_jsonld` of the same triples. Pure functions build the view (plain
dicts and lists), the templates only lay it out: a publisher's ``--templates DIR`` overrides any
of ``base.html``, ``dataset.html``, ``index.html``, ``style.css`` and ``search.js``, and Jinja2 escapes
everything from the data (autoescape). Pages make no request elsewhere: the stylesheet and the
search script are the site's own files.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from rdflib import URIRef

from ldcat.errors import UsageError
from ldcat.mapping.designs import design
from ldcat.model import Record
from ldcat.namespaces import RDF
from ldcat.normalise import clean
from ldcat.publish.facts import Facts, Link, dataset_facts
from ldcat.publish.landing import TripleIndex, schema_jsonld, script_json
from ldcat.serialise import Triples

ACCESS_RIGHTS = {"PUBLIC": "Public", "RESTRICTED": "Restricted", "NON_PUBLIC": "Not public"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
FORMATS = (("ttl", "text/turtle", "Turtle"), ("jsonld", "application/ld+json", "JSON-LD"),
           ("nt", "application/n-triples", "N-Triples"))
SEARCH_TEXT = 1500  # characters of a dataset's text in the search index: its variables may run to megabytes
OPEN_VARIABLES = 20  # a longer list of variables starts collapsed
ASSETS = ("style.css", "search.js")  # copied to the site's assets/ (a publisher's own first)


@functools.cache
def environment(templates: Path | None = None) -> jinja2.Environment:
    """Jinja2 over a publisher's templates (if any) and then ldcat's own, escaping everything."""
    loaders: list[jinja2.BaseLoader] = [jinja2.PackageLoader("ldcat", "templates")]
    if templates is not None:
        loaders.insert(0, jinja2.FileSystemLoader(str(templates)))
    env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["script_json"] = lambda data: markupsafe.Markup(script_json(data))  # escaped for <script> itself
    return env


def asset(name: str, templates: Path | None = None) -> str:
    """The text of a site asset (style.css, search.js): the publisher's, else ldcat's."""
    env = environment(templates)
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, name)
    return source


def coverage_in_words(iso: str) -> str:
    """An ISO 8601 interval as people write it: ``2004/..`` "2004 onwards", ``2021-03/2022-08``
    "March 2021 – August 2022", ``../2010`` "until 2010", ``2007`` "2007"."""
    start, slash, end = iso.partition("/")
    if slash and start in ("", "..") and end in ("", ".."):
        return "open"
    if not slash or start == end:
        return _date_in_words(start)
    if end in ("", ".."):
        return f"{_date_in_words(start)} onwards"
    if start in ("", ".."):
        return f"until {_date_in_words(end)}"
    return f"{_date_in_words(start)} – {_date_in_words(end)}"


def _date_in_words(value: str) -> str:
    match = re.fullmatch(r"(-?\d{4,})(?:-(\d\d)(?:-(\d\d))?)?", value)
    if not match:
        return value
    year, month, day = match.groups()
    if month is None or not 1 <= int(month) <= 12:
        return year
    words = f"{MONTHS[int(month) - 1]} {year}"
    return f"{int(day)} {words}" if day else words


def ages_in_words(value: str) -> str:
    """schema.org's typicalAgeRange (``16-``, ``16-25``, ``-18``) in words."""
    low, dash, high = value.partition("-")
    if not dash:
        return value
    if low and high:
        return f"{low} to {high}"
    if low:
        return f"{low} and over"
    return f"up to {high}" if high else value


def relative(iri: str, base: str, root: str) -> str | None:
    """A link from a page `root` below the site's top to one of the site's IRIs (None: not the site's)."""
    if not iri.startswith(base):
        return None
    path = iri[len(base):]
    if path.startswith("dataset/") and "/" not in path[len("dataset/"):] and "#" not in path:
        return f"{root}{path}/"
    return None


def dataset_view(index: TripleIndex, dataset: URIRef, base: str, root: str = "../../",
                 facts: Facts | None = None) -> dict[str, Any]:
    """What a dataset's page shows, from its record's triples (indexed, read back as `facts` if
    the caller has them); `root` is the way from the page to the site's top."""
    facts = facts or dataset_facts(index, dataset)

    def link(iri: str, text: str) -> dict[str, str | None]:
        href = relative(iri, base, root)
        if href is None and iri.startswith(("http://", "https://")) and not iri.startswith(base):
            href = iri
        return {"text": text, "href": href}

    def named(items: Iterable[Link]) -> list[dict[str, str | None]]:
        return [link(item.iri, item.name) for item in items]

    rows = [
        ("Coverage", _plain(coverage_in_words(t) for t in facts.coverage)),
        ("Places", named(sorted([*facts.countries, *facts.places], key=lambda p: (p.name, p.iri)))),
        ("Ages", _plain(ages_in_words(t) for t in facts.ages)),
        ("Population", _plain(facts.population)),
        ("Sample size", _plain(f"{n:,} {unit}".strip() for n, unit in facts.sample_sizes)),
        ("Study design", _plain(sorted({d.name for d in facts.designs}))),
        ("Instruments", _plain(facts.instruments)),
        ("Keywords", _plain(facts.keywords)),
        ("Language", _plain(facts.languages)),
        ("Creator", named(facts.creators)),
        ("Publisher", named(facts.publishers)),
        ("Funder", named(facts.funders)),
        ("Access", _plain(facts.access)),
        ("Access rights", _plain([ACCESS_RIGHTS.get(a, a) for a in facts.access_rights])),
        ("Licence", [link(v, v) for v in facts.licences]),
        ("Articles about it", [link(v, v.removeprefix("https://doi.org/")) for v in facts.citations]),
        ("Part of", named(facts.parents)),
        ("Contains", named(facts.parts)),
    ]
    return {
        "title": facts.title,
        "iri": facts.iri,
        "description": facts.description,
        "catalogues": [{"name": c.name, "key": c.iri.rstrip("/").rsplit("/", 1)[-1]} for c in facts.catalogues],
        "source_pages": facts.source_pages, "harmony_pages": facts.harmony_pages, "dois": facts.dois,
        "access_pages": facts.access_pages,
        "facts": [{"label": label, "shown": values} for label, values in rows if values],
        "variables": facts.variables, "open_variables": len(facts.variables) <= OPEN_VARIABLES,
        "image": facts.image,
        "types": [str(t) for t in index.values(dataset, RDF.type)],
    }


def _plain(values: Iterable[str]) -> list[dict[str, str | None]]:
    return [{"text": v, "href": None} for v in values]


def render_dataset(view: Mapping[str, Any], index: TripleIndex, dataset: URIRef, key: str,
                   templates: Path | None = None) -> str:
    """The HTML page of one dataset (`dataset_view`), at ``dataset/<key>/`` of the site."""
    return _render("dataset.html", templates, page=view, root="../../", docs=f"../{key}", formats=FORMATS,
                   jsonld=schema_jsonld(index, dataset))


def landing_page(triples: Triples, dataset: URIRef, *, base: str, key: str, templates: Path | None = None) -> str:
    """The HTML page of one dataset from its triples alone."""
    index = TripleIndex(triples)
    return render_dataset(dataset_view(index, dataset, base), index, dataset, key, templates)


def search_entry(record: Record, view: Mapping[str, Any], href: str, this_year: int) -> dict[str, Any]:
    """A dataset in the search index: what is shown of it, the text searched (lower case), its
    facets' values, and the names of those values ("names", taken out when the index is written)."""
    variables = " ".join(f"{v.name} {v.description or ''}" for v in record.variables)
    text = " ".join([view["title"], view["description"], " ".join(record.keywords), variables])
    countries = {code: clean.countries()[code][1] for code in record.countries if code in clean.countries()}
    designs = {(found.code if (found := design(term)) else term): (found.label if found else term)
               for term in record.study_design}
    catalogues = {c.key: c.name for c in record.catalogues}
    return {
        "href": href, "title": view["title"],
        "catalogueName": next(iter(catalogues.values()), ""),
        "text": " ".join(text.lower().split())[:SEARCH_TEXT],
        "catalogue": sorted(catalogues), "country": sorted(countries), "design": sorted(designs),
        "decade": decades(record, this_year),
        "names": {"catalogue": catalogues, "country": countries, "design": designs},
    }


def decades(record: Record, this_year: int) -> list[str]:
    """The decades the record's coverage touches ("1990s"), an open end counted to this year."""
    period = record.temporal
    if period is None or not period.start or not period.start[:4].isdigit():
        return []
    start = int(period.start[:4])
    end = int(period.end[:4]) if period.end and period.end[:4].isdigit() else max(start, this_year)
    return [f"{decade}s" for decade in range(start - start % 10, min(end, start + 200) + 1, 10)]


def index_page(title: str, entries: Sequence[Mapping[str, Any]], *, total: int, pages: list[str], current: int,
               templates: Path | None = None) -> str:
    """One page of the catalogue's index (datasets: href, title, catalogue), with the search."""
    return _render("index.html", templates, title=title, entries=entries, total=total, pages=pages, current=current,
                   root="")


def _render(name: str, templates: Path | None, **context: Any) -> str:
    """A template rendered; a publisher's template that fails says which and why (a usage error)."""
    try:
        return environment(templates).get_template(name).render(**context)
    except jinja2.TemplateError as exc:
        where = f"{templates}/{name}" if templates is not None else name
        line = f" (line {exc.lineno})" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        raise UsageError(f"template {where}{line}: {exc.message or exc}") from None
