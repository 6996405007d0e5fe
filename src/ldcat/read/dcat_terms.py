"""The general terms of a dataset node, read into Harmony fields: schema.org and DCAT / DCAT-AP alike.

Titles and descriptions, identifiers (DOIs in ldcat's ``#doi-n`` order, articles' DOIs), URLs and
pages, coverage in time and space, languages, agents by role, licences, images and access (the
access text, and each distribution's access and download URLs). The study terms are in
`ldcat.read.dcat_study`; which nodes are records, in `ldcat.read.dcat`.
"""

from __future__ import annotations

import re
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ldcat.normalise import clean, temporal
from ldcat.read import harmonise
from ldcat.read.statements import (
    ADMS,
    AGENT_TYPES,
    DC,
    DCAT,
    DCT,
    DISCO,
    FOAF,
    LOCN,
    OWL,
    PROV,
    RDFS,
    SDO,
    SKOS,
    TIME,
    VCARD,
    Reading,
    Visit,
    curie,
)

DOI_REGISTRY = "https://registry.identifiers.org/registry/doi"
DOI_AGENCY = "International DOI Foundation"


class Terms(Reading):
    """Reads the general terms of one dataset node into its ``dataset_schema`` / ``extra_data``."""

    def _text(self, node: Node, predicates: tuple[URIRef, ...], schema: dict[str, Any], key: str) -> None:
        """One text (title, description): the same text said in several vocabularies is one."""
        literals = [lit for p in predicates for lit in self.g.objects(node, p) if isinstance(lit, Literal)]
        if not literals:
            return
        chosen, _ = self._pick(literals)
        schema[key] = str(chosen)
        for p in predicates:
            for lit in self.g.objects(node, p):
                if isinstance(lit, Literal) and str(lit) == str(chosen):
                    self.use(node, p, lit)

    def _texts(self, node: Node, predicates: tuple[URIRef, ...], visit: Visit, path: str) -> list[Literal]:
        """Many texts (keywords) in the kept language; a schema:DefinedTerm gives its name."""
        literals: list[Literal] = []
        for p in predicates:
            for o in self.g.objects(node, p):
                if isinstance(o, Literal):
                    literals.append(o)
                else:
                    names = self._literals(o, SDO.name)
                    if names:
                        self.use(node, p, o)
                        self._use_types(o, {SDO.DefinedTerm})
                        visit.add(o, path + curie(p))
                        literals.append(self._pick(names)[0])
        kept = self._in_language(literals)
        for p in predicates:
            for o in self.g.objects(node, p):
                if isinstance(o, Literal) and any(o == k for k in kept):
                    self.use(node, p, o)
        return kept

    def _identifiers(self, node: Node, visit: Visit, path: str, schema: dict[str, Any],
                     extra: dict[str, Any]) -> list[str]:
        """DOIs (in their ``#doi-n`` order) and other identifiers; returns the dct:identifier texts."""
        g = self.g
        dois: list[tuple[tuple[int, int], str]] = []
        others: list[tuple[int, str]] = []
        # A graph has no order: identifiers not numbered by ldcat are sorted by value, so that the
        # record (and the IRIs numbered after its identifiers) is the same whatever order the parser
        # handed the statements over in.
        said = [(p, o) for p in (SDO.identifier, ADMS.identifier) for o in g.objects(node, p)]
        for p, o in said:
            if isinstance(o, Literal):
                self.use(node, p, o)
                if clean.doi(str(o))[0]:
                    dois.append(((1, 0), str(o)))
                else:
                    others.append((10**6, str(o)))
                continue
            value = self._identifier_node(o, visit, path + curie(p))
            if value is None:
                continue
            self.use(node, p, o)
            part = harmonise.ldcat_part(str(o), self.known) if isinstance(o, URIRef) else None
            numbered = re.fullmatch(r"(?:doi|identifier)-(\d+)", part[1]) if part else None
            order = int(numbered.group(1)) if numbered else 10**6  # ldcat's own: in its numbering
            if clean.doi(value)[0]:
                dois.append(((0, order), value))
            else:
                others.append((order, value))
        # Articles about the dataset: DOIs the normaliser tells from the dataset's own again.
        for p in (SDO.citation, DCT.isReferencedBy):
            for o in g.objects(node, p):
                value = self._value(o)
                if value and clean.doi(value)[0]:
                    self.use(node, p, o)
                    self._use_types(o, {SDO.CreativeWork})
                    visit.add(o, path + curie(p))
                    dois.append(((2, len(dois)), value))
        found = {clean.doi(v)[0].casefold() for _, v in dois if clean.doi(v)[0]}  # type: ignore[union-attr]
        for o in g.objects(node, SDO.sameAs):
            value = self._value(o)
            name = clean.doi(value)[0] if value else None
            if name and harmonise.is_doi_iri(value or ""):
                self.use(node, SDO.sameAs, o)
                if name.casefold() not in found:
                    dois.append(((3, len(dois)), value or name))
        dct_ids = [str(o) for o in g.objects(node, DCT.identifier) if isinstance(o, Literal | URIRef)]
        values = [v for _, v in sorted(dois)] + [v for _, v in sorted(others)]
        if values:
            schema["identifier"] = list(dict.fromkeys(values))
        return dct_ids

    def _identifier_node(self, node: Node, visit: Visit, path: str) -> str | None:
        g = self.g
        visit.add(node, path)
        values = [*g.objects(node, SDO.value), *g.objects(node, SKOS.notation)]
        value = next((str(v) for v in values if isinstance(v, Literal)), None)
        if value is None:
            urls = g.objects(node, SDO.url)
            value = self._value(urls[0]) if urls else (str(node) if isinstance(node, URIRef)
                                                       and not harmonise.is_ldcat(str(node), self.known) else None)
            if value is None:
                return None
        doi = clean.doi(value)[0]
        for p, o in [(q, o) for q in (SDO.value, SKOS.notation) for o in g.objects(node, q)]:
            # One identifier node may say its value twice (ldcat: schema:value "doi:…", skos:notation "10.…").
            if str(o) == value or (doi is not None and (clean.doi(str(o))[0] or "").casefold() == doi.casefold()):
                self.use(node, p, o)
        self._use_types(node, {SDO.PropertyValue, ADMS.Identifier})
        for o in g.objects(node, SDO.propertyID):
            if str(o) in (DOI_REGISTRY, "DOI", "doi") and doi:
                self.use(node, SDO.propertyID, o)
        for p in (SDO.url, DCT.source):
            for o in g.objects(node, p):
                if (doi and self._value(o) == clean.doi_iri(doi)) or self._value(o) == value:
                    self.use(node, p, o)
        for o in g.objects(node, ADMS.schemaAgency):
            if doi and str(o) == DOI_AGENCY:
                self.use(node, ADMS.schemaAgency, o)
        return value

    def _harmony_id(self, node: Node, key: str | None, dct_ids: list[str], extra: dict[str, Any],
                    schema: dict[str, Any]) -> None:
        """dct:identifier: Harmony's id for ldcat's own datasets (unless it is the key or the first
        DOI, which ldcat writes there when there is no Harmony id); another identifier otherwise."""
        g = self.g
        if key is not None:
            record = URIRef(self.known[0] + "record/" + key)
            for base in self.known:
                if URIRef(base + "record/" + key) in g.spo:
                    record = URIRef(base + "record/" + key)
            on_record = [str(o) for o in g.objects(record, DCT.identifier) if isinstance(o, Literal)]
            first_doi = next((clean.doi(v)[0] for v in schema.get("identifier", []) if clean.doi(v)[0]), None)
            harmony_id = next((v for v in on_record if v != key), None)
            if harmony_id is None:
                harmony_id = next((v for v in dct_ids if v not in (key, first_doi)), None)
            if harmony_id is not None:
                extra["harmony_id"] = harmony_id
            for o in g.objects(node, DCT.identifier):
                if str(o) in (harmony_id, key, first_doi):
                    self.use(node, DCT.identifier, o)
            return
        for o in g.objects(node, DCT.identifier):
            self.use(node, DCT.identifier, o)
            value = str(o)
            if value not in schema.get("identifier", []):
                schema.setdefault("identifier", []).append(value)

    def _urls(self, node: Node, schema: dict[str, Any], extra: dict[str, Any], key: str | None) -> list[str]:
        """The dataset's URLs (schema:url first), its page on Harmony (its slug), and the pages about
        it in its catalogues (``schema:mainEntityOfPage``, ldcat's only), which are returned."""
        g = self.g
        first = [v for o in g.objects(node, SDO.url) if (v := self._value(o))]
        pages = [v for o in g.objects(node, DCAT.landingPage) if (v := self._value(o))]
        same = [v for o in g.objects(node, SDO.sameAs) if (v := self._value(o)) and not harmonise.is_doi_iri(v)]
        about = [v for p in (SDO.mainEntityOfPage, FOAF.page) for o in g.objects(node, p)
                 if (v := self._value(o))
                 and (harmonise.harmony_page(v) or (key is not None and p == SDO.mainEntityOfPage))]
        catalogue_pages = [v for v in dict.fromkeys(about) if harmonise.harmony_page(v) is None]
        for p in (SDO.url, DCAT.landingPage, SDO.sameAs, SDO.mainEntityOfPage, FOAF.page):
            for o in g.objects(node, p):
                value = self._value(o)
                if value and (p in (SDO.url, DCAT.landingPage) or (p == SDO.sameAs and not harmonise.is_doi_iri(value))
                              or value in about):
                    self.use(node, p, o)
                    if isinstance(o, URIRef):
                        self._use_types(o, {FOAF.Document})
        urls: list[str] = []
        # A landing page that is a catalogue's page about the dataset is not one of its own URLs,
        # unless schema.org names it so too.
        pages = [v for v in pages if v not in catalogue_pages]
        for url in dict.fromkeys([*first, *same, *pages, *(v for v in about if v not in catalogue_pages)]):
            page = harmonise.harmony_page(url)
            if page is not None:
                extra.setdefault("slug", page[1])
                if page[0] == "studies":
                    extra.setdefault("resource_type", "study")
            else:
                urls.append(url)
        for o in g.objects(node, OWL.sameAs):  # ldcat links a study's other keys (its slug key)
            key = harmonise.ldcat_key(str(o), self.known)
            if key is not None:
                self.use(node, OWL.sameAs, o)
                if not re.fullmatch(r"[0-9a-f]{32}", key):
                    extra.setdefault("slug", key.removeprefix("s-"))
        if urls:
            schema["url"] = urls
        return catalogue_pages

    def _temporal(self, node: Node, schema: dict[str, Any], visit: Visit, path: str) -> None:
        g = self.g
        periods: list[str] = []
        for o in g.objects(node, DCT.temporal):
            start = self._date(o, (DCAT.startDate, SDO.startDate), TIME.hasBeginning)
            end = self._date(o, (DCAT.endDate, SDO.endDate), TIME.hasEnd)
            if start is None and end is None:
                continue
            self.use(node, DCT.temporal, o)
            self._use_types(o, {DCT.PeriodOfTime})
            visit.add(o, path + "dct:temporal")
            periods.append(f"{start or '..'}/{end or '..'}")
        literals = self._literals(node, SDO.temporalCoverage, use=False)
        chosen = periods[0] if periods else (str(literals[0]) if literals else None)
        if chosen is None:
            return
        schema["temporalCoverage"] = chosen
        try:
            wanted = temporal.parse(chosen)[0]
        except temporal.TemporalError:
            wanted = None
        for lit in literals:
            try:
                same = temporal.parse(str(lit))[0] == wanted
            except temporal.TemporalError:
                same = str(lit) == chosen
            if same:
                self.use(node, SDO.temporalCoverage, lit)

    def _date(self, period: Node, direct: tuple[URIRef, ...], instant: URIRef) -> str | None:
        g = self.g
        for p in direct:
            for o in g.objects(period, p):
                if isinstance(o, Literal) and str(o).strip():
                    self.use(period, p, o)
                    return str(o).strip()
        for moment in g.objects(period, instant):
            for p in (TIME.inXSDDate, TIME.inXSDDateTime, TIME.inXSDDateTimeStamp, TIME.inXSDgYear,
                      TIME.inXSDgYearMonth):
                for o in g.objects(moment, p):
                    if isinstance(o, Literal):
                        self.use(period, instant, moment)
                        self.use(moment, p, o)
                        self._use_types(moment, {TIME.Instant})
                        return str(o).strip()
        return None

    def _places(self, node: Node, schema: dict[str, Any], visit: Visit, path: str) -> None:
        g = self.g
        places: list[dict[str, Any]] = []
        for p in (SDO.spatialCoverage, DCT.spatial):
            for o in g.objects(node, p):
                code = harmonise.country_code(str(o)) if isinstance(o, URIRef) else None
                if code is not None:
                    self.use(node, p, o)
                    self._use_types(o, {SDO.Place, DCT.Location})
                    for name in self._literals(o, SDO.name):
                        self.use(o, SDO.name, name)
                    places.append({"@id": str(o)})
                    continue
                if isinstance(o, Literal):
                    self.use(node, p, o)
                    places.append({"name": str(o)})
                    continue
                names = [lit for q in (SDO.name, SKOS.prefLabel, RDFS.label, LOCN.geographicName)
                         for lit in g.objects(o, q) if isinstance(lit, Literal)]
                if not names:
                    continue
                chosen = self._pick(names)[0]
                for q in (SDO.name, SKOS.prefLabel, RDFS.label, LOCN.geographicName):
                    for lit in g.objects(o, q):
                        if isinstance(lit, Literal) and str(lit) == str(chosen):
                            self.use(o, q, lit)
                self.use(node, p, o)
                self._use_types(o, {SDO.Place, DCT.Location})
                visit.add(o, path + curie(p))
                place: dict[str, Any] = {"name": str(chosen)}
                if isinstance(o, URIRef):  # a named place is that place, whatever its name says
                    place["@id"] = str(o)
                places.append(place)
        unique: dict[str, dict[str, Any]] = {}
        for place in places:
            unique.setdefault(place.get("@id") or place["name"], place)
        if unique:
            schema["spatialCoverage"] = list(unique.values())

    def _languages(self, node: Node, schema: dict[str, Any]) -> None:
        g = self.g
        codes: list[str] = []
        for p in (SDO.inLanguage, DCT.language, DC.language):
            for o in g.objects(node, p):
                value = self._value(o)
                if value is None:
                    names = [*g.objects(o, SDO.alternateName), *g.objects(o, SDO.name)]
                    value = next((str(v) for v in names if isinstance(v, Literal)), None)
                code = harmonise.language_code(value) if value else None
                if code is not None:
                    self.use(node, p, o)
                    codes.append(code)
        if codes:
            schema["inLanguage"] = list(dict.fromkeys(codes))

    def _agents(self, node: Node, schema: dict[str, Any], visit: Visit, path: str) -> None:
        """Agents by role. DCAT-AP's one publisher comes first (ldcat writes the first there);
        Disco's fundedBy holds funders and sponsors, so a sponsor named elsewhere is not a funder."""
        g = self.g
        roles: dict[str, list[str]] = {}
        attributed: dict[str, list[tuple[int, str]]] = {}
        for o in g.objects(node, PROV.qualifiedAttribution):
            role_iri = next((r for r in g.objects(o, DCAT.hadRole) if isinstance(r, URIRef)), None)
            name_of = next((self._agent(a, visit, path + "prov:qualifiedAttribution/prov:agent")
                            for a in g.objects(o, PROV.agent)), None)
            local = str(role_iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1] if role_iri else ""
            if name_of is None or local not in ("funder", "sponsor"):
                continue
            for a in g.objects(o, PROV.agent):
                self.use(o, PROV.agent, a)
            self.use(node, PROV.qualifiedAttribution, o)
            self.use(o, DCAT.hadRole, role_iri)  # type: ignore[arg-type]
            self._use_types(o, {PROV.Attribution})
            visit.add(o, path + "prov:qualifiedAttribution")
            part = harmonise.ldcat_part(str(o), self.known) if isinstance(o, URIRef) else None
            order = int(part[1].rsplit("-", 1)[1]) if part and re.fullmatch(r"(funder|sponsor)-\d+", part[1]) else 99
            attributed.setdefault(local, []).append((order, name_of))
        for role, predicates in (("publisher", (DCT.publisher, SDO.publisher)),
                                 ("creator", (DCT.creator, SDO.creator, SDO.author)),
                                 ("funder", (SDO.funder,)), ("sponsor", (SDO.sponsor,)),
                                 ("copyrightHolder", (DCT.rightsHolder, SDO.copyrightHolder))):
            names = roles.setdefault(role, [name for _, name in sorted(attributed.get(role, []))])
            for p in predicates:
                for o in g.objects(node, p):
                    name = self._agent(o, visit, path + curie(p))
                    if name is not None:
                        self.use(node, p, o)
                        names.append(name)
        sponsors = {n.casefold() for n in roles["sponsor"]}
        for o in g.objects(node, DISCO.fundedBy):
            name = self._agent(o, visit, path + "disco:fundedBy")
            if name is not None:
                self.use(node, DISCO.fundedBy, o)
                if name.casefold() not in sponsors:
                    roles["funder"].append(name)
        for role, names in roles.items():
            unique = list(dict.fromkeys(names))
            if unique:
                schema[role] = [{"@type": "Organization", "name": name} for name in unique]

    def _agent(self, node: Node, visit: Visit, path: str) -> str | None:
        if isinstance(node, Literal):
            return str(node).strip() or None
        g = self.g
        names = [lit for p in (SDO.name, FOAF.name, VCARD.fn, RDFS.label, SKOS.prefLabel)
                 for lit in g.objects(node, p) if isinstance(lit, Literal)]
        if names:
            chosen = str(self._pick(names)[0])
        else:
            given = [str(v) for p in (SDO.givenName, FOAF.givenName) for v in g.objects(node, p)]
            family = [str(v) for p in (SDO.familyName, FOAF.familyName) for v in g.objects(node, p)]
            chosen = " ".join([*given[:1], *family[:1]]).strip()
            if not chosen:
                return None
            for p in (SDO.givenName, FOAF.givenName, SDO.familyName, FOAF.familyName):
                for v in g.objects(node, p)[:1]:
                    self.use(node, p, v)
        for p in (SDO.name, FOAF.name, VCARD.fn, RDFS.label, SKOS.prefLabel):
            for lit in g.objects(node, p):
                if isinstance(lit, Literal) and str(lit) == chosen:
                    self.use(node, p, lit)
        self._use_types(node, AGENT_TYPES)
        visit.add(node, path)
        return chosen

    def _licences(self, node: Node, schema: dict[str, Any], visit: Visit, path: str) -> None:
        g = self.g
        licences: list[str] = []
        for p in (SDO.license, DCT.license):
            for o in g.objects(node, p):
                value = self._licence(o, visit, path + curie(p))
                if value is not None:
                    self.use(node, p, o)
                    licences.append(value)
        if not licences:
            # DCAT-AP puts licences on distributions: one licence every distribution has is the dataset's.
            dists = g.objects(node, DCAT.distribution)
            found = [[o for o in g.objects(d, DCT.license) if isinstance(o, URIRef)] for d in dists]
            if dists and all(len(f) == 1 for f in found) and len({f[0] for f in found}) == 1:
                licences.append(str(found[0][0]))
                for d in dists:
                    self.use(d, DCT.license, found[0][0])
                self._use_types(found[0][0], {DCT.LicenseDocument})
        if licences:
            schema["license"] = list(dict.fromkeys(licences))

    def _licence(self, node: Node, visit: Visit, path: str) -> str | None:
        if isinstance(node, Literal):
            return str(node).strip() or None
        self._use_types(node, {DCT.LicenseDocument, SDO.CreativeWork})
        if isinstance(node, URIRef):
            return str(node)
        urls = [v for o in self.g.objects(node, SDO.url) if (v := self._value(o))]
        if urls:
            self.use(node, SDO.url, self.g.objects(node, SDO.url)[0])
            visit.add(node, path)
            return urls[0]
        return None

    def _image(self, node: Node, schema: dict[str, Any], visit: Visit, path: str) -> None:
        for o in self.g.objects(node, SDO.image):
            value = self._value(o)
            if value is None or (isinstance(o, BNode)):
                urls = [*self.g.objects(o, SDO.contentUrl), *self.g.objects(o, SDO.url)]
                value = self._value(urls[0]) if urls else None
                if value is None:
                    continue
                for p in (SDO.contentUrl, SDO.url):
                    for u in self.g.objects(o, p)[:1]:
                        self.use(o, p, u)
                self._use_types(o, {SDO.ImageObject})
                visit.add(o, path + "schema:image")
            self.use(node, SDO.image, o)
            schema["image"] = value
            return

    def _access(self, node: Node, schema: dict[str, Any], extra: dict[str, Any], visit: Visit, path: str) -> None:
        """The access text (a rights statement, schema:conditionsOfAccess) and the access URLs (each
        distribution's, in ``#distribution-n`` order) → ``data_access``."""
        g = self.g
        texts: list[str] = []
        rights_iris: list[tuple[URIRef, Node]] = []
        for p in (DCT.accessRights, DCT.rights):
            for o in g.objects(node, p):
                if isinstance(o, Literal):
                    if p == DCT.accessRights:
                        self.use(node, p, o)
                        texts.append(str(o))
                    continue
                labels = [lit for q in (RDFS.label, DCT.description, SKOS.prefLabel)
                          for lit in g.objects(o, q) if isinstance(lit, Literal)]
                if isinstance(o, URIRef) and re.match(r"https?://publications\.europa\.eu/resource/authority/"
                                                      r"access-right/", str(o)):
                    rights_iris.append((p, o))
                    continue
                if not labels or (p == DCT.rights and DCT.RightsStatement not in g.types(o)):
                    continue
                chosen = self._pick(labels)[0]
                for q in (RDFS.label, DCT.description, SKOS.prefLabel):
                    for lit in g.objects(o, q):
                        if isinstance(lit, Literal) and str(lit) == str(chosen):
                            self.use(o, q, lit)
                self.use(node, p, o)
                self._use_types(o, {DCT.RightsStatement})
                visit.add(o, path + curie(p))
                texts.append(str(chosen))
        conditions = self._literals(node, SDO.conditionsOfAccess, use=False)
        urls: list[tuple[tuple[int, int], str]] = []
        for n, dist in enumerate(g.objects(node, DCAT.distribution)):
            found = [v for p in (DCAT.accessURL, DCAT.downloadURL) for o in g.objects(dist, p)
                     if (v := self._value(o))]
            if not found:
                continue
            self.use(node, DCAT.distribution, dist)
            self._use_types(dist, {DCAT.Distribution})
            visit.add(dist, path + "dcat:distribution")
            for p in (DCAT.accessURL, DCAT.downloadURL):
                for o in g.objects(dist, p):
                    self.use(dist, p, o)
                    if isinstance(o, URIRef):
                        self._use_types(o, {RDFS.Resource})
            part = harmonise.ldcat_part(str(dist), self.known) if isinstance(dist, URIRef) else None
            order = (0, int(part[1].rsplit("-", 1)[1])) if part and re.fullmatch(r"distribution-\d+", part[1]) \
                else (1, n)
            if part is not None:  # ldcat's own distribution: its title and description are ldcat's words
                for p in (DCT.title, DCT.description):
                    for lit in self._literals(dist, p, use=False):
                        if p == DCT.title or str(lit) in texts:
                            self.use(dist, p, lit)
            urls.extend((order, url) for url in found)
        for o in g.objects(node, SDO.distribution):
            found = [v for p in (SDO.contentUrl, SDO.url) for u in g.objects(o, p) if (v := self._value(u))]
            if found:
                self.use(node, SDO.distribution, o)
                for p in (SDO.contentUrl, SDO.url):
                    for u in g.objects(o, p):
                        self.use(o, p, u)
                self._use_types(o, {SDO.DataDownload})
                visit.add(o, path + "schema:distribution")
                urls.extend(((2, len(urls)), url) for url in found)
        access_urls = list(dict.fromkeys(url for _, url in sorted(urls)))
        for lit in conditions:  # schema.org says each access page the text does not show as a condition
            text = str(lit).strip()
            if clean.url(text)[0] == text and text not in texts:
                self.use(node, SDO.conditionsOfAccess, lit)
                if text not in access_urls:
                    access_urls.append(text)
            elif not texts or text in texts:
                self.use(node, SDO.conditionsOfAccess, lit)
                if text not in texts:
                    texts.append(text)
        access_text = texts[0] if texts else None
        if rights_iris and access_text is not None:  # ldcat decides the EU access right from the text
            for p, o in rights_iris:
                self.use(node, p, o)
        value, pages = harmonise.access_value(access_text, access_urls)
        if value is not None:
            extra["data_access"] = value
        if pages:  # the normaliser reads access pages the text does not give as license values naming no licence
            schema["license"] = [*schema.get("license", []), *pages]


__all__ = ["DOI_AGENCY", "DOI_REGISTRY", "Terms"]
