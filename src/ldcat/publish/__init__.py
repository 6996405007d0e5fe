"""`ldcat publish`: a static site every kind of harvester can take from.

The site is built beside the old one (``.SITE.building``) and switched in at the end, so a publish
killed at any moment (kill -9, Ctrl-C) leaves the previous site or the new one, whole, never a
mixture; the next publish removes what the killed one left beside it. Each record's content hash
decides whether its catalogue record's `dct:modified` moves; a file whose bytes did not change is
carried over from the old site as it was (same file, same time), so publishing unchanged input
changes no file.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import re
import shutil
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape as xml_escape

from rdflib import Literal, Namespace, URIRef
from rdflib.term import Node

from ldcat.errors import UsageError
from ldcat.mapping import MapOptions, Triple, catalogue_graphs
from ldcat.model import Catalogue, Record
from ldcat.namespaces import DCAT, DCT, PREFIXES, RDF, SDO, XSD
from ldcat.normalise.catalogues import AGGREGATOR
from ldcat.pipeline import Progress, Source, records
from ldcat.problems import Problem, Report, Severity
from ldcat.publish import feed, pages, signposting
from ldcat.publish.facts import dataset_facts
from ldcat.publish.landing import TripleIndex
from ldcat.publish.state import STATE, Kept, State, next_state, read_state, write_state
from ldcat.serialise import WRITERS, Writer, nt_term
from ldcat.serialise.ntriples import in_graph

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
VOID = Namespace("http://rdfs.org/ns/void#")
SITEMAP_LIMIT = 50_000
RDF_FORMATS = ("ttl", "jsonld", "nt")
_SAFE_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")


@dataclass(frozen=True)
class PublishOptions:
    site: Path
    base_url: str
    page_size: int = 100
    harvested: date = field(default_factory=date.today)
    reader: str | None = None
    templates: Path | None = None  # a publisher's templates, over ldcat's own (`ldcat.publish.pages`)


@dataclass(frozen=True, slots=True)
class Entry:
    """What the catalogue-wide files need to know of one record (kept for every record)."""

    key: str
    title: str
    modified: str
    triples: int
    catalogue: str = ""  # the name of the catalogue that holds it (the first), for the index
    sets: tuple[tuple[str, str], ...] = ()  # every catalogue that holds it: (key, name), its OAI-PMH sets
    part: bool = False  # a child dataset a record describes: its page and documents, in its record's graph


def publish(sources: Iterable[Source], options: PublishOptions, progress: Progress | None = None,
            report: Report | None = None) -> Report:
    """Build the site; returns the report (stats: written, unchanged, removed, pages...)."""
    if not options.base_url.startswith(("http://", "https://")) or not options.base_url.endswith("/"):
        raise UsageError(f"--base-url must be an http(s) URL ending in '/', got {options.base_url!r}")
    site = options.site
    _recover(site)
    build = site.parent / f".{site.name}.building"
    shutil.rmtree(build, ignore_errors=True)
    build.mkdir(parents=True)
    state = read_state(site)
    pages.environment.cache_clear()  # templates as they are now, not as an earlier publish in this process read them
    mapping = MapOptions(base_iri=options.base_url, harvested=options.harvested)
    report = report if report is not None else Report()
    entries, catalogues = _write_records(sources, options, mapping, state, build, site, report, progress)
    entries.sort(key=lambda e: e.key)
    _write_catalogue([e for e in entries if not e.part], catalogues, options, mapping, build)
    _write_navigation(entries, options, build)
    root = urlsplit(options.base_url).path  # a site served below a host's root has its paths below it
    (build / "_headers").write_text(signposting.headers_file(
        (f"{root}dataset/{e.key}{slash}", signposting.from_linkset(build / "dataset" / f"{e.key}.linkset.json"))
        for e in entries for slash in ("", "/")), encoding="utf-8")
    removed = sorted(set(state.records) - {e.key for e in entries})
    for key in removed:
        report.add(_info("record-removed", "no longer in the input: removed from the site", key))
    report.count("removed", len(removed))
    kept = {e.key: Kept(state_hash, e.modified, dict(e.sets), e.part) for e, state_hash in _hashes(entries, build)}
    changes = feed.events(state, kept)
    feed.write_feed(site, build, options.base_url, changes, options.harvested,
                    lambda key: (build / "dataset" / f"{key}.nt").read_bytes(), mapping.iris.dataset)
    report.count("events", len(changes))
    write_state(next_state(state, kept, options.base_url, options.harvested.isoformat()), build / STATE)
    _carry_over(build, site)
    _switch(build, site)
    return report


# --- records -----------------------------------------------------------------------------------


def _write_records(sources: Iterable[Source], options: PublishOptions, mapping: MapOptions,
                   state: State, build: Path, site: Path, report: Report,
                   progress: Progress | None) -> tuple[list[Entry], dict[str, Catalogue]]:
    """Every record's documents and page, and those of the child datasets a record describes
    (catalogued as datasets too, so each has its page at its IRI); a record described both inline
    and as a record of its own gets the record's."""
    entries: dict[str, Entry] = {}
    parts: set[str] = set()  # keys written as a record's child, which a record of their own replaces
    catalogues: dict[str, Catalogue] = {}
    for n, item in enumerate(records(sources, report, reader=options.reader, mapping=mapping), 1):
        key = item.record.key
        if not _SAFE_KEY.match(key) or key.startswith(".."):
            report.add(_info("unsafe-key", "key cannot be a file name; record skipped", key, "error"))
            continue
        catalogues.update((c.key, c) for c in item.record.catalogues)
        modified = _modified(item.triples, key, state, options, report)
        triples = _with_modified(item.triples, mapping.iris.record(key), modified)
        catalogue = item.record.catalogues[0].name if item.record.catalogues else ""
        entries[key] = replace(_write_dataset(build, key, triples, mapping, item.record, options, modified, catalogue),
                               sets=tuple((c.key, c.name) for c in item.record.catalogues))
        parts.discard(key)
        described = TripleIndex(triples) if item.record.children else None
        for child in item.record.children:
            if not isinstance(child, Record) or child.key in entries or not _SAFE_KEY.match(child.key) \
                    or child.key.startswith(".."):
                continue
            assert described is not None
            part = _part_triples(described, mapping.iris.dataset(child.key))
            if part:
                entries[child.key] = replace(_write_dataset(build, child.key, part, mapping, child, options,
                                                            modified, catalogue), part=True)
                parts.add(child.key)
        report.count("written")
        if progress:
            progress(n)
    report.count("parts", len(parts))
    return list(entries.values()), catalogues


def _modified(triples: set[Triple], key: str, state: State, options: PublishOptions, report: Report) -> str:
    """The record's dct:modified: as before if its content is unchanged, else the harvest date."""
    old = state.records.get(key)
    same = old is not None and old.hash == _content_hash(triples)
    report.count("unchanged" if same else "changed")
    return old.modified if same and old is not None else options.harvested.isoformat()


def _part_triples(index: TripleIndex, part: URIRef) -> set[Triple]:
    """What a record (its triples, indexed) says of one of its child datasets: the triples about it
    and about the nodes it names (its variables, agents, places...), not crossing into other
    datasets or records."""
    kinds = {DCAT.Dataset, SDO.Dataset, DCAT.CatalogRecord}
    out: set[Triple] = set()
    todo: list[Node] = [part]
    seen: set[Node] = {part}
    while todo:
        subject = todo.pop()
        for p, objects in index.by_subject.get(subject, {}).items():
            for o in objects:
                out.add((subject, p, o))  # type: ignore[arg-type]
                if o in index.by_subject and o not in seen and not kinds & set(index.values(o, RDF.type)):
                    seen.add(o)
                    todo.append(o)
    return out


def _content_hash(triples: set[Triple]) -> str:
    """The record's content, less the catalogue record's dct:modified (which it decides)."""
    lines = sorted(f"{nt_term(s)} {nt_term(p)} {nt_term(o)}" for s, p, o in triples if p != DCT.modified)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _with_modified(triples: set[Triple], record: URIRef, modified: str) -> set[Triple]:
    out = {t for t in triples if not (t[0] == record and t[1] == DCT.modified)}
    if any(t[0] == record for t in triples):
        out.add((record, DCT.modified, Literal(modified, datatype=XSD.date)))
    return out


def _write_dataset(build: Path, key: str, triples: set[Triple], mapping: MapOptions, record: Record,
                   options: PublishOptions, modified: str, catalogue: str) -> Entry:
    """The dataset's documents, its landing page, its content hash and its entry in the search
    index (both kept in build/ until the state and the index are written, in key order)."""
    folder = build / "dataset"
    folder.mkdir(exist_ok=True)
    for ext, fmt in zip(RDF_FORMATS, ("turtle", "jsonld", "nt"), strict=True):
        with (folder / f"{key}.{ext}").open("w", encoding="utf-8", newline="\n") as out:
            writer = WRITERS[fmt](out)
            writer.begin()
            writer.write(triples)
            writer.end()
    dataset = mapping.iris.dataset(key)
    index = TripleIndex(triples)
    facts = dataset_facts(index, dataset)
    (folder / f"{key}.linkset.json").write_text(
        signposting.linkset(f"{options.base_url}dataset/{key}/", signposting.links(facts, options.base_url, key)),
        encoding="utf-8")
    view = pages.dataset_view(index, dataset, mapping.base_iri, facts=facts)
    (folder / key).mkdir(exist_ok=True)
    (folder / key / "index.html").write_text(pages.render_dataset(view, index, dataset, key, options.templates),
                                             encoding="utf-8")
    (build / "search").mkdir(exist_ok=True)
    entry = pages.search_entry(record, view, f"dataset/{key}/", options.harvested.year)
    (build / "search" / key).write_text(json.dumps(entry, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    (build / "hashes").mkdir(exist_ok=True)
    (build / "hashes" / key).write_text(_content_hash(triples))
    return Entry(key, record.name, modified, len(triples), catalogue)


def _hashes(entries: list[Entry], build: Path) -> Iterator[tuple[Entry, str]]:
    for entry in entries:
        yield entry, (build / "hashes" / entry.key).read_text()
    shutil.rmtree(build / "hashes", ignore_errors=True)


# --- catalogue, pages, dumps, VoID --------------------------------------------------------------


def _write_catalogue(entries: list[Entry], catalogues: dict[str, Catalogue], options: PublishOptions,
                     mapping: MapOptions, build: Path) -> None:
    base = options.base_url
    cats = catalogue_graphs(catalogues.values(), mapping)
    catalog = mapping.iris.catalog()
    dump = URIRef(f"{base}dump.nq")
    distribution = URIRef(f"{catalog}#dump")
    extra: set[Triple] = {
        (catalog, DCAT.distribution, distribution), (distribution, RDF.type, DCAT.Distribution),
        (distribution, DCAT.downloadURL, dump), (distribution, DCAT.accessURL, dump),
        (distribution, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/application/n-quads")),
        (distribution, DCT.title, Literal("The whole catalogue as N-Quads, one named graph per record")),
    }
    writers = {ext: WRITERS[fmt] for ext, fmt in (("ttl", "turtle"), ("jsonld", "jsonld"), ("nt", "nt"),
                                                   ("nq", "nq"))}
    handles = {ext: (build / ("dump.nq" if ext == "nq" else f"catalog.{ext}")).open("w", encoding="utf-8",
                                                                                      newline="\n")
               for ext in writers}
    try:
        outs = {ext: writers[ext](handle) for ext, handle in handles.items()}
        for writer in outs.values():
            writer.begin()
        # Each record's documents are read once, and gathered as they are (no term is parsed or
        # rendered again) into the catalogue files and its catalogue page.
        (build / "catalog").mkdir(exist_ok=True)
        size, total = options.page_size, len(entries)
        pages = max(1, -(-total // size))
        documents = build / "dataset"
        for first in range(0, max(total, 1), size):  # an empty catalogue still has its one page
            with _Page(build, first // size + 1, pages, total, options, mapping) as page:
                for entry in entries[first:first + size]:
                    bodies = {ext: outs[ext].body((documents / f"{entry.key}.{ext}").read_text(encoding="utf-8"))
                              for ext in RDF_FORMATS}
                    for ext, body in bodies.items():
                        outs[ext].emit(body)
                        page.writers[ext].emit(body)
                    outs["nq"].emit(in_graph(bodies["nt"], mapping.iris.record(entry.key)))
        for name, graph in cats:
            described = set(graph) | (extra if name == catalog else set())
            for writer in outs.values():
                writer.write(described, name)
        for writer in outs.values():
            writer.end()
    finally:
        for handle in handles.values():
            handle.close()
    _write_void(entries, options, build, sum(e.triples for e in entries) + sum(len(g) for _, g in cats))


class _Page:
    """Catalogue page `n` of `pages`, one file in each format: its records' documents as they are,
    then Hydra paging (and the deprecated PagedCollection terms older CKAN harvesters follow), the
    page IRIs being those documents' URLs. The paging is written as the page closes."""

    def __init__(self, build: Path, n: int, pages: int, total: int, options: PublishOptions,
                 mapping: MapOptions) -> None:
        self.n, self.pages, self.total, self.options, self.catalog = n, pages, total, options, mapping.iris.catalog()
        self.files = ExitStack()
        self.writers: dict[str, Writer] = {}
        for ext, fmt in zip(RDF_FORMATS, ("turtle", "jsonld", "nt"), strict=True):
            out = self.files.enter_context((build / "catalog" / f"page-{n}.{ext}").open("w", encoding="utf-8",
                                                                                        newline="\n"))
            self.writers[ext] = WRITERS[fmt](out)
            self.writers[ext].begin()

    def __enter__(self) -> _Page:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        with self.files:
            if kind is None:  # a failed publish discards the whole build: nothing more to write
                for ext, writer in self.writers.items():
                    writer.write(self._paging(ext))
                    writer.end()

    def _paging(self, ext: str) -> set[Triple]:
        def page_iri(n: int) -> URIRef:
            return URIRef(f"{self.options.base_url}catalog/page-{n}.{ext}")

        n, pages, total, catalog = self.n, self.pages, self.total, self.catalog
        view = page_iri(n)
        described: set[Triple] = {
            (catalog, RDF.type, DCAT.Catalog), (catalog, RDF.type, HYDRA.Collection),
            (catalog, HYDRA.totalItems, Literal(total)), (catalog, HYDRA.view, view),
            (view, RDF.type, HYDRA.PartialCollectionView), (view, RDF.type, HYDRA.PagedCollection),
            (view, HYDRA.totalItems, Literal(total)), (view, HYDRA.itemsPerPage, Literal(self.options.page_size)),
            (view, HYDRA.first, page_iri(1)), (view, HYDRA.last, page_iri(pages)),
            (view, HYDRA.firstPage, page_iri(1)), (view, HYDRA.lastPage, page_iri(pages)),
        }
        if n < pages:
            described |= {(view, HYDRA.next, page_iri(n + 1)), (view, HYDRA.nextPage, page_iri(n + 1))}
        if n > 1:
            described |= {(view, HYDRA.previous, page_iri(n - 1)), (view, HYDRA.previousPage, page_iri(n - 1))}
        return described


def _write_void(entries: list[Entry], options: PublishOptions, build: Path, triples: int) -> None:
    base = options.base_url
    vocabularies = "".join(f"    void:vocabulary <{ns}> ;\n" for p, ns in sorted(PREFIXES.items())
                           if p not in ("rdf", "rdfs", "owl", "xsd", "vcard", "dcatap"))
    text = (f"@prefix void: <{VOID}> .\n@prefix dct: <http://purl.org/dc/terms/> .\n\n"
            f"<{base}.well-known/void#dataset>\n    a void:Dataset ;\n"
            f"    dct:title {json.dumps(AGGREGATOR.name + ' as Linked Data')} ;\n"
            f"    void:triples {triples} ;\n    void:entities {len(entries)} ;\n"
            f"    void:uriSpace \"{base}dataset/\" ;\n    void:rootResource <{base}catalog> ;\n"
            f"    void:dataDump <{base}dump.nq>, <{base}catalog.nt> ;\n{vocabularies}"
            f"    void:feature <http://www.w3.org/ns/formats/N-Quads>, <http://www.w3.org/ns/formats/Turtle> .\n")
    (build / ".well-known").mkdir(exist_ok=True)
    (build / ".well-known" / "void").write_text(text, encoding="utf-8")
    (build / "void.ttl").write_text(text, encoding="utf-8")


def _write_navigation(entries: list[Entry], options: PublishOptions, build: Path) -> None:
    """index pages, sitemap(s) with <lastmod>, robots.txt."""
    size = options.page_size
    chunks = [entries[i:i + size] for i in range(0, len(entries), size)] or [[]]
    names = ["index.html", *(f"index-{n}.html" for n in range(2, len(chunks) + 1))]
    for n, chunk in enumerate(chunks, 1):
        listed = [{"href": f"dataset/{e.key}/", "title": e.title, "catalogue": e.catalogue} for e in chunk]
        html = pages.index_page(AGGREGATOR.name, listed, total=len(entries), pages=names, current=n,
                                templates=options.templates)
        (build / names[n - 1]).write_text(html, encoding="utf-8")
    _write_search(entries, options, build)
    base = options.base_url
    urls = [(f"{base}dataset/{e.key}", e.modified) for e in entries]
    maps = [urls[i:i + SITEMAP_LIMIT] for i in range(0, len(urls), SITEMAP_LIMIT)] or [[]]
    for n, part in enumerate(maps, 1):
        body = "".join(f"  <url><loc>{xml_escape(u)}</loc><lastmod>{m}</lastmod></url>\n" for u, m in part)
        name = "sitemap.xml" if len(maps) == 1 else f"sitemap-{n}.xml"
        (build / name).write_text('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns='
                                  f'"http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}</urlset>\n')
    if len(maps) > 1:
        body = "".join(f"  <sitemap><loc>{base}sitemap-{n}.xml</loc></sitemap>\n" for n in range(1, len(maps) + 1))
        (build / "sitemap.xml").write_text('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns='
                                           f'"http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}</sitemapindex>\n')
    (build / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n")


def _write_search(entries: list[Entry], options: PublishOptions, build: Path) -> None:
    """assets/: the stylesheet, the search script, and the search index (search.json) the script
    reads: every dataset's entry, in key order, and the names of the facets' values."""
    assets = build / "assets"
    assets.mkdir(exist_ok=True)
    for name in pages.ASSETS:
        (assets / name).write_text(pages.asset(name, options.templates), encoding="utf-8")
    names: dict[str, dict[str, str]] = {"catalogue": {}, "country": {}, "design": {}}
    with (assets / "search.json").open("w", encoding="utf-8", newline="\n") as out:
        out.write('{"datasets": [\n')
        for n, entry in enumerate(entries):
            text = (build / "search" / entry.key).read_text(encoding="utf-8")
            found = json.loads(text)
            for facet, labels in found.pop("names").items():
                names[facet].update(labels)
            out.write(("" if n == 0 else ",\n") + json.dumps(found, ensure_ascii=False, sort_keys=True))
        out.write("\n],\n")
        labels = {facet: dict(sorted(values.items())) for facet, values in names.items()}
        out.write(f'"names": {json.dumps(labels, ensure_ascii=False)}}}\n')
    shutil.rmtree(build / "search", ignore_errors=True)


# --- state, carrying files over, switching ---------------------------------------------------------


def _carry_over(build: Path, site: Path) -> None:
    """Where a new file has the same bytes as the old site's, keep the old file itself."""
    if not site.is_dir():
        return
    for path in build.rglob("*"):
        old = site / path.relative_to(build)
        if path.is_file() and old.is_file() and old.stat().st_size == path.stat().st_size \
                and old.read_bytes() == path.read_bytes():
            tmp = path.with_name(path.name + ".link")
            os.link(old, tmp)
            os.replace(tmp, path)


def _switch(build: Path, site: Path) -> None:
    """Put the new site in place of the old one. On Linux the two directories are swapped in one
    step, so the site's path always holds a whole site, and the old one, now under the build's
    name, is removed (by the next publish if this one is killed first). Elsewhere two renames, the
    old site aside first: killed between them, the site is missing until the next publish's
    `_recover` puts the old one back."""
    if site.exists() and _exchange(build, site):
        shutil.rmtree(build, ignore_errors=True)
        return
    old = site.parent / f".{site.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        os.replace(site, old)
    os.replace(build, site)
    shutil.rmtree(old, ignore_errors=True)


RENAME_EXCHANGE = 2  # linux/fs.h
AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories atomically (Linux renameat2); False where the system or the file
    system cannot."""
    if sys.platform != "linux":
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a libc older than glibc 2.28
        return False
    result: int = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    return result == 0


def _recover(site: Path) -> None:
    """A publish interrupted between the two renames of `_switch` left the old site aside."""
    old = site.parent / f".{site.name}.old"
    if old.is_dir() and not site.exists():
        os.replace(old, site)


def _info(code: str, message: str, key: str, severity: Severity = "info") -> Problem:
    return Problem(code, message, severity, key)


__all__ = ["PublishOptions", "publish"]
