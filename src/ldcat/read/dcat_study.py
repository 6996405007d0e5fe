"""The study terms of a dataset node: variables and counts (schema.org, DDI-Discovery), the population
(HealthDCAT-AP; Harmony's sex as ldcat words it), study design, sweeps and genetic data (ldcat),
instruments (DDI-Discovery), and what Harmony's software added (ldcat's Web Annotations).
"""

from __future__ import annotations

import re
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from ldcat.normalise import clean
from ldcat.read import harmonise
from ldcat.read.dcat_terms import Terms
from ldcat.read.statements import DCT, DISCO, HEALTH, LDCAT, OA, RDF, RDFS, SDO, SKOS, Visit, curie

STUDY_DESIGN = "https://w3id.org/ldcat/study-design/"


class StudyTerms(Terms):
    """Reads the study terms of one dataset node."""

    def _study(self, node: Node, schema: dict[str, Any], extra: dict[str, Any], visit: Visit, path: str) -> None:
        """Variables and counts (schema.org, DDI-Discovery), the population (HealthDCAT-AP), study
        design, sweeps and genetic data (ldcat), instruments (DDI-Discovery)."""
        g = self.g
        variables: dict[str, dict[str, str]] = {}
        for p, name_p, desc_p in ((SDO.variableMeasured, SDO.name, SDO.description),
                                  (DISCO.variable, SKOS.prefLabel, DCT.description)):
            for o in g.objects(node, p):
                if isinstance(o, Literal):
                    self.use(node, p, o)
                    variables.setdefault(str(o), {"name": str(o)})
                    continue
                names = [lit for q in (name_p, SDO.name, SKOS.prefLabel, SDO.propertyID)
                         for lit in g.objects(o, q) if isinstance(lit, Literal)]
                if not names:
                    continue
                name = str(names[0])
                for q in (name_p, SDO.name, SKOS.prefLabel, SDO.propertyID):
                    for lit in g.objects(o, q):
                        if str(lit) == name:
                            self.use(o, q, lit)
                self.use(node, p, o)
                self._use_types(o, {SDO.PropertyValue, DISCO.Variable})
                visit.add(o, path + curie(p))
                variable = variables.setdefault(name, {"name": name})
                descriptions = [lit for q in (desc_p, SDO.description, DCT.description)
                                for lit in g.objects(o, q) if isinstance(lit, Literal)]
                if descriptions:
                    chosen = self._pick(descriptions)[0]
                    variable.setdefault("description", str(chosen))
                    for q in (SDO.description, DCT.description):
                        for lit in g.objects(o, q):
                            if str(lit) == variable["description"]:
                                self.use(o, q, lit)
        if variables:
            schema["variableMeasured"] = list(variables.values())
        counts = [o for o in g.objects(node, DISCO.variableQuantity) if isinstance(o, Literal)]
        if counts:
            self.use(node, DISCO.variableQuantity, counts[0])
            number = clean.integer(str(counts[0]))[0]
            if number is not None and number != len(variables):
                extra["num_variables"] = number
        sizes: list[str] = []
        for o in g.objects(node, SDO.size):
            values = [o] if isinstance(o, Literal) else g.objects(o, SDO.value)
            if values:
                sizes.append(str(values[0]))
                self.use(node, SDO.size, o)
                if not isinstance(o, Literal):
                    self.use(o, SDO.value, values[0])
                    self._use_types(o, {SDO.QuantitativeValue})
                    for unit in g.objects(o, SDO.unitText):
                        if str(unit) == "participants":
                            self.use(o, SDO.unitText, unit)
                    visit.add(o, path + "schema:size")
        for o in g.objects(node, HEALTH.numberOfUniqueIndividuals):
            self.use(node, HEALTH.numberOfUniqueIndividuals, o)
            sizes.insert(0, str(o))
        if sizes:
            extra["sample_size"] = sizes[0]
        ages = {}
        for key, p in (("age_lower", HEALTH.minTypicalAge), ("age_upper", HEALTH.maxTypicalAge)):
            for o in g.objects(node, p)[:1]:
                self.use(node, p, o)
                ages[key] = str(o)
        extra.update(ages)
        for lit in self._literals(node, SDO.typicalAgeRange, use=False):
            found = harmonise.age_range(str(lit))
            if not ages:
                schema["typicalAgeRange"] = str(lit)
                self.use(node, SDO.typicalAgeRange, lit)
            elif found is not None and [str(v) if v is not None else None for v in found] == \
                    [ages.get("age_lower"), ages.get("age_upper")]:
                self.use(node, SDO.typicalAgeRange, lit)
        self._population(node, extra, visit, path)
        designs: list[str] = []
        for o in g.objects(node, LDCAT.studyDesign):
            if isinstance(o, URIRef) and str(o).startswith(STUDY_DESIGN):
                designs.append(str(o)[len(STUDY_DESIGN):])
            elif isinstance(o, Literal):
                designs.append(str(o))
            elif labels := [lit for lit in g.objects(o, SKOS.prefLabel) if isinstance(lit, Literal)]:
                designs.append(str(self._pick(labels)[0]))
                for lit in labels:
                    self.use(o, SKOS.prefLabel, lit)
                self._use_types(o, {SKOS.Concept})
                visit.add(o, path + "ldcat:studyDesign")
                if isinstance(o, URIRef) and harmonise.is_ldcat(str(o), self.known):
                    for scheme in g.objects(o, SKOS.inScheme):  # ldcat's scheme of a publisher's designs
                        self.use(o, SKOS.inScheme, scheme)
                        for t in list(g.triples(scheme)):
                            if t[1] in (RDF.type, SKOS.prefLabel):
                                self.use(*t)
            else:
                continue
            self.use(node, LDCAT.studyDesign, o)
        if designs:
            extra["study_design"] = designs
        instruments: list[str] = []
        for o in g.objects(node, DISCO.instrument):
            labels = [lit for lit in g.objects(o, SKOS.prefLabel) if isinstance(lit, Literal)] \
                if not isinstance(o, Literal) else [o]
            if labels:
                instruments.append(str(labels[0]))
                self.use(node, DISCO.instrument, o)
                if not isinstance(o, Literal):
                    self.use(o, SKOS.prefLabel, labels[0])
                    self._use_types(o, {DISCO.Instrument})
                    visit.add(o, path + "disco:instrument")
        if instruments:
            extra["instruments"] = instruments
        for key, p in (("num_sweeps", LDCAT.numberOfSweeps), ("genetic_data_collected", LDCAT.geneticDataCollected)):
            for o in g.objects(node, p)[:1]:
                self.use(node, p, o)
                extra[key] = o.toPython() if isinstance(o, Literal) and key.startswith("genetic") else str(o)
        if isinstance(extra.get("genetic_data_collected"), str):
            extra["genetic_data_collected"] = extra["genetic_data_collected"].strip().lower() == "true"

    def _population(self, node: Node, extra: dict[str, Any], visit: Visit, path: str) -> None:
        """Harmony's sex, which ldcat says as the population covered (HealthDCAT-AP's
        populationCoverage, DDI-Discovery's universe) in its own words: read back only where the
        words are ldcat's (checked by writing them again)."""
        g = self.g
        texts = [(node, HEALTH.populationCoverage, lit) for lit in self._literals(node, HEALTH.populationCoverage,
                                                                                    use=False)]
        universes = [u for u in g.objects(node, DISCO.universe) if not isinstance(u, Literal)]
        for u in universes:
            texts += [(u, p, lit) for p in (SKOS.prefLabel, SKOS.definition)
                      for lit in g.objects(u, p) if isinstance(lit, Literal)]
        if not texts:
            return
        from ldcat.mapping.healthdcat_ap import population_coverage
        from ldcat.model import Record

        def number(value: object) -> int | None:
            return clean.integer(value)[0] if value is not None else None

        low, high = number(extra.get("age_lower")), number(extra.get("age_upper"))
        said = str(texts[0][2])
        quoted = re.fullmatch(r"People of sex '(.*)'(?: aged .*)?", said)
        candidates = ["all", "male", "men", "female", "women", *([quoted.group(1)] if quoted else [])]
        sex = next((c for c in candidates if population_coverage(
            Record(key="-", name="-", origin="-", sex=c, age_lower=low, age_upper=high)) == said), None)
        if sex is None:
            return
        extra["sex"] = sex
        for s, p, o in texts:
            if str(o) == said:
                self.use(s, p, o)
        for u in universes:
            self.use(node, DISCO.universe, u)
            self._use_types(u, {DISCO.Universe, SKOS.Concept})
            visit.add(u, path + "disco:universe")

    def _annotations(self, node: Node, extra: dict[str, Any], visit: Visit, path: str) -> None:
        """What Harmony's software added (ldcat writes it as Web Annotations of the dataset): its
        summary (``ai_summary``) and imputed keywords (``keywords_automatically_imputed``)."""
        g = self.g
        for note in g.subjects(OA.hasTarget, node):
            part = harmonise.ldcat_part(str(note), self.known) if isinstance(note, URIRef) else None
            bodies = self._literals(note, OA.bodyValue, use=False)
            if part is None or not bodies:
                continue
            if part[1] == "ai-summary":
                extra["ai_summary"] = str(bodies[0])
            elif part[1].startswith("imputed-keyword-"):
                extra.setdefault("keywords_automatically_imputed", []).append(str(bodies[0]))
            else:
                continue
            visit.add(note, path + "^oa:hasTarget")
            for p, o in [(p, o) for p, objects in g.spo.get(note, {}).items() for o in objects]:
                ours = p in (RDF.type, OA.hasTarget, OA.motivatedBy, OA.bodyValue, RDFS.comment)
                if ours or (p == DCT.creator and self._agent(o, visit, path + "^oa:hasTarget/dct:creator")):
                    self.use(note, p, o)


__all__ = ["STUDY_DESIGN", "StudyTerms"]
