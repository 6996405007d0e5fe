"""The SPARQL parts of ldcat's shapes (SHACL-SPARQL constraints, SHACL-AF SPARQL targets) as Python.

A query is recognised by its text (whitespace aside) and by the namespaces its prefixes resolve to
(as pyshacl resolves sh:prefixes / sh:declare); each known text has a hand-written equivalent that
follows rdflib's evaluation of it: STR() of any term is its string (a blank node's too), LCASE is
Python's lower(), string comparison is by code point, xsd:integer() is Python's int() of the
string, and a result row is reported once per distinct (this, value), as pyshacl de-duplicates
them. Any other query is Unsupported: it would need a SPARQL engine, and pyshacl is one.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from rdflib import Graph, Literal
from rdflib.term import Node

from ldcat.namespaces import DCAT, DCT, HEALTH, LDCAT, OWL, RDF, SDO, SH, SKOS, XSD
from ldcat.validate.fast.index import TYPE, Index

Values = Collection[Node]
ConstraintFn = Callable[[Index, Node, Values], list[Node | None]]
TargetFn = Callable[[Index], Collection[Node]]

# Every node the queries name, as the index holds it (see `index.key`).
STUDY_DESIGN = "https://w3id.org/ldcat/study-design"
CONCEPT, IN_SCHEME, PREF_LABEL = str(SKOS.Concept), str(SKOS.inScheme), str(SKOS.prefLabel)
NAME, DESCRIPTION, DATASET = str(SDO.name), str(SDO.description), str(SDO.Dataset)
PROPERTY_VALUE, VARIABLE_MEASURED = str(SDO.PropertyValue), str(SDO.variableMeasured)
PERIOD, START, END = str(DCT.PeriodOfTime), str(DCAT.startDate), str(DCAT.endDate)
MIN_AGE, MAX_AGE = str(HEALTH.minTypicalAge), str(HEALTH.maxTypicalAge)
STUDY_DESIGN_OF = str(LDCAT.studyDesign)
_NS = {"schema": str(SDO), "dct": str(DCT), "dcat": str(DCAT), "healthdcatap": str(HEALTH), "ldcat": str(LDCAT),
       "skos": str(SKOS), "xsd": str(XSD), "rdf": str(RDF)}


def _unsupported(why: str) -> Exception:
    from ldcat.validate.fast.compile import Unsupported

    return Unsupported(why)


def normalise(text: str) -> str:
    return " ".join(text.split())


# --- what the queries compute -------------------------------------------------------------------


def _same_text(ix: Index, this: Node, value: Node) -> bool:
    """FILTER (LCASE(STR(?value)) = LCASE(STR(?name))) for some schema:name of `this`."""
    text = str(value)
    lowered = None
    for name in ix.objects(this, NAME):
        other = str(name)
        if len(other) != len(text) and other.isascii() and text.isascii():
            continue  # lower() keeps the length of ASCII text: these cannot be equal
        if lowered is None:
            lowered = text.lower()
        if other.lower() == lowered:
            return True
    return False


def _after(start: Node, end: Node) -> bool:
    """The PeriodOrder filter: the strings compared at the shorter one's length."""
    s, e = str(start), str(end)
    n = len(s) if len(s) < len(e) else len(e)
    return s[:n] > e[:n]


def _integer(term: Node) -> int | None:
    """xsd:integer(STR(?x)) as rdflib casts it (Python's int() of the string), None for an error."""
    try:
        return int(str(term))
    except ValueError:
        return None


def _above(low: Node, high: Node) -> bool:
    a, b = _integer(low), _integer(high)
    return a is not None and b is not None and a > b


def _bad_design(ix: Index, value: Node) -> bool:
    if CONCEPT not in ix.objects(value, TYPE):
        return True
    schemes = ix.objects(value, IN_SCHEME)
    if STUDY_DESIGN in schemes:
        return False
    return not (ix.objects(value, PREF_LABEL)
                and any(str(s).endswith("/concept/study-design") for s in schemes))


def _described(ix: Index, node: Node) -> bool:
    """FILTER EXISTS { ?node ?p ?o . FILTER (?p != rdf:type) }"""
    return any(p != TYPE for p in ix.predicates_of(node))


def _unlinked(back: str) -> Callable[[Index, Node, Node], bool]:
    def unlinked(ix: Index, this: Node, value: Node) -> bool:
        return this not in ix.objects(value, back) and _described(ix, value)
    return unlinked


def _https_term(ix: Index, this: Node, values: Values) -> list[Node | None]:
    terms = [str(o if p == TYPE else p) for p, objects in ix.predicates_of(this).items() for o in objects]
    found = [t for t in terms if t.startswith("https://schema.org/")]
    return [Literal(min(found))] if found else []


def _path_filter(test: Callable[[Index, Node, Node], bool]) -> ConstraintFn:
    """SELECT $this ?value WHERE { $this $PATH ?value . FILTER ... }"""
    return lambda ix, this, values: [v for v in values if test(ix, this, v)]


def _pair_filter(first: str, second: str, test: Callable[[Node, Node], bool]) -> ConstraintFn:
    """SELECT $this ?value WHERE { $this first ?value ; second ?other . FILTER test(?value, ?other) }"""
    def check(ix: Index, this: Node, values: Values) -> list[Node | None]:
        others = ix.objects(this, second)
        return [v for v in ix.objects(this, first) if any(test(v, o) for o in others)]
    return check


def _typed_pairs(cls: str | None, first: str, second: str, test: Callable[[Node, Node], bool]) -> TargetFn:
    def target(ix: Index) -> set[Node]:
        found: set[Node] = set()
        candidates = ix.subjects(TYPE, cls) if cls is not None else ix.forward(first).keys()
        for s in candidates:
            seconds = ix.objects(s, second)
            if any(test(a, b) for a in ix.objects(s, first) for b in seconds):
                found.add(s)
        return found
    return target


def _same_text_target(ix: Index) -> set[Node]:
    return {s for s in ix.subjects(TYPE, DATASET)
            if any(_same_text(ix, s, v) for v in ix.objects(s, DESCRIPTION))}


def _link_target(forward: str, back: str) -> TargetFn:
    unlinked = _unlinked(back)
    return lambda ix: {s for s, values in ix.forward(forward).items() for v in values if unlinked(ix, s, v)}


def _design_target(ix: Index) -> set[Node]:
    return {s for s, values in ix.forward(STUDY_DESIGN_OF).items() for v in values if _bad_design(ix, v)}


def _measured_target(ix: Index) -> set[Node]:
    types = ix.forward(TYPE)
    return {v for v in ix.inverse(VARIABLE_MEASURED) if PROPERTY_VALUE in types.get(v, ())}


# --- the known texts ----------------------------------------------------------------------------

_DESIGN_FILTERS = """
    FILTER NOT EXISTS { ?value a skos:Concept ; skos:inScheme <https://w3id.org/ldcat/study-design> . }
    FILTER NOT EXISTS { ?value a skos:Concept ; skos:prefLabel ?label ; skos:inScheme ?local .
        FILTER (STRENDS(STR(?local), "/concept/study-design")) }"""
_PERIOD_FILTER = """
    BIND (STR(?{a}) AS ?s) BIND (STR(?end) AS ?e)
    BIND (IF(STRLEN(?s) < STRLEN(?e), STRLEN(?s), STRLEN(?e)) AS ?n)
    FILTER (SUBSTR(?s, 1, ?n) > SUBSTR(?e, 1, ?n))"""

# normalised text → (prefixes it needs, the target's Python)
TARGETS: dict[str, tuple[tuple[str, ...], TargetFn]] = {
    normalise("""SELECT DISTINCT ?this WHERE {
        ?this a schema:Dataset ; schema:description ?value ; schema:name ?name .
        FILTER (LCASE(STR(?value)) = LCASE(STR(?name))) }"""): (("schema",), _same_text_target),
    normalise("SELECT DISTINCT ?this WHERE { ?this a dct:PeriodOfTime ; dcat:startDate ?start ; dcat:endDate ?end ."
              + _PERIOD_FILTER.format(a="start") + " }"):
        (("dct", "dcat"), _typed_pairs(PERIOD, START, END, _after)),
    normalise("""SELECT DISTINCT ?this WHERE {
        ?this healthdcatap:minTypicalAge ?min ; healthdcatap:maxTypicalAge ?max .
        FILTER (xsd:integer(STR(?min)) > xsd:integer(STR(?max))) }"""):
        (("healthdcatap", "xsd"), _typed_pairs(None, MIN_AGE, MAX_AGE, _above)),
    normalise("SELECT DISTINCT ?this WHERE { ?this ldcat:studyDesign ?value ." + _DESIGN_FILTERS + " }"):
        (("ldcat", "skos"), _design_target),
    normalise("""SELECT DISTINCT ?this WHERE {
        ?dataset schema:variableMeasured ?this . ?this a schema:PropertyValue . }"""): (("schema",), _measured_target),
}

# normalised text → (prefixes it needs, whether it uses $PATH, the constraint's Python)
CONSTRAINTS: dict[str, tuple[tuple[str, ...], bool, ConstraintFn]] = {
    normalise("""SELECT $this ?value WHERE { $this $PATH ?value ; schema:name ?name .
        FILTER (LCASE(STR(?value)) = LCASE(STR(?name))) }"""): (("schema",), True, _path_filter(_same_text)),
    normalise("""SELECT $this (MIN(STR(?term)) AS ?value) WHERE { $this ?p ?o .
        BIND (IF(?p = <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>, ?o, ?p) AS ?term)
        FILTER (STRSTARTS(STR(?term), "https://schema.org/")) } GROUP BY $this"""): ((), False, _https_term),
    normalise("SELECT $this ?value WHERE { $this dcat:startDate ?value ; dcat:endDate ?end ."
              + _PERIOD_FILTER.format(a="value") + " }"):
        (("dcat",), False, _pair_filter(START, END, _after)),
    normalise("""SELECT $this ?value WHERE {
        $this healthdcatap:minTypicalAge ?value ; healthdcatap:maxTypicalAge ?max .
        FILTER (xsd:integer(STR(?value)) > xsd:integer(STR(?max))) }"""):
        (("healthdcatap", "xsd"), False, _pair_filter(MIN_AGE, MAX_AGE, _above)),
    normalise("SELECT $this ?value WHERE { $this $PATH ?value ." + _DESIGN_FILTERS + " }"):
        (("skos",), True, _path_filter(lambda ix, this, v: _bad_design(ix, v))),
}

for _ns, _pair in (("dct", (DCT.hasPart, DCT.isPartOf)), ("schema", (SDO.hasPart, SDO.isPartOf))):
    for _forward, _back in (_pair, _pair[::-1]):
        _f, _b = f"{_ns}:{_forward.removeprefix(_NS[_ns])}", f"{_ns}:{_back.removeprefix(_NS[_ns])}"
        _exists = "FILTER EXISTS { ?value ?p ?o . FILTER (?p != rdf:type) }"
        TARGETS[normalise(f"SELECT DISTINCT ?this WHERE {{ ?this {_f} ?value . "
                          f"FILTER NOT EXISTS {{ ?value {_b} ?this }} {_exists} }}")] = (
            (_ns, "rdf"), _link_target(str(_forward), str(_back)))
        CONSTRAINTS[normalise(f"SELECT $this ?value WHERE {{ $this $PATH ?value . "
                              f"FILTER NOT EXISTS {{ ?value {_b} $this }} {_exists} }}")] = (
            (_ns, "rdf"), True, _path_filter(_unlinked(str(_back))))


# --- from a shapes graph ------------------------------------------------------------------------


def prefixes(graph: Graph, node: Node) -> dict[str, str]:
    """The prefixes pyshacl's SPARQLQueryHelper.collect_prefixes gives the query of `node`."""
    found: dict[str, str] = {}
    values = set(graph.objects(node, SH.prefixes))
    if not values:
        return found
    onts = set(graph.subjects(RDF.type, OWL.Ontology))
    named = set(graph.objects(graph.identifier, SH.declare)) if graph.identifier else set()
    global_declares = named | {d for o in onts for d in graph.objects(o, SH.declare)}
    for value in values:
        own = set(graph.objects(value, SH.declare))
        declares = own | named if own and value in onts else global_declares | own
        for declare in declares:
            names = list(graph.objects(declare, SH.prefix))
            spaces = list(graph.objects(declare, SH.namespace))
            if isinstance(declare, Literal) or len(names) != 1 or len(spaces) != 1:
                raise _unsupported(f"sh:declare {declare}: not one sh:prefix and one sh:namespace")
            name, space = names[0], spaces[0]
            if not (isinstance(name, Literal) and isinstance(name.value, str)):
                raise _unsupported(f"sh:declare {declare}: sh:prefix is not a string")
            if not (isinstance(space, Literal) and (space.datatype == XSD.anyURI or isinstance(space.value, str))):
                raise _unsupported(f"sh:declare {declare}: sh:namespace is not an IRI")
            found[str(name.value)] = str(space.value)
    return found


def _known(needs: tuple[str, ...], declared: dict[str, str], what: str) -> None:
    for prefix in needs:
        if declared.get(prefix) != _NS[prefix]:
            raise _unsupported(f"{what}: prefix {prefix}: is not declared as <{_NS[prefix]}>")


def target(text: str, declared: dict[str, str], label: str | None) -> TargetFn:
    known = TARGETS.get(normalise(text))
    if known is None:
        raise _unsupported(f"{label}: a SPARQL target the fast engine does not know")
    _known(known[0], declared, f"{label}: SPARQL target")
    return known[1]


def constraint(graph: Graph, node: Node, has_path: bool, label: str | None) -> ConstraintFn:
    allowed = {RDF.type, SH.select, SH.prefixes}
    if any(p not in allowed for p in graph.predicates(node)) or set(graph.objects(node, RDF.type)) - {
            SH.SPARQLConstraint}:
        raise _unsupported(f"{label}: a SPARQL constraint with more than sh:select and sh:prefixes")
    selects = list(graph.objects(node, SH.select))
    if len(selects) != 1 or not isinstance(selects[0], Literal):
        raise _unsupported(f"{label}: a SPARQL constraint without one sh:select")
    known = CONSTRAINTS.get(normalise(str(selects[0])))
    if known is None:
        raise _unsupported(f"{label}: a SPARQL constraint the fast engine does not know")
    needs, uses_path, check = known
    if uses_path and not has_path:
        raise _unsupported(f"{label}: $PATH in a node shape")
    _known(needs, prefixes(graph, node), f"{label}: SPARQL constraint")
    return check
