"""A shapes graph compiled into plain Python checks (once per graph), and run over an `Index`.

Each check mirrors the pyshacl 0.40 code of its constraint component line for line where the
results could differ: which value nodes fail, what value, path, message and severity a result
carries. Anything else in a shapes graph raises `Unsupported` (see the package docstring).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Container
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection as RDFList
from rdflib.term import Node

from ldcat.namespaces import OWL, RDF, RDFS, SH, XSD
from ldcat.validate.fast import sparql
from ldcat.validate.fast.index import Index, Key, key
from ldcat.validate.report import Result, Severity


class Unsupported(Exception):
    """The shapes use something the fast engine does not implement: validate them with pyshacl."""


# (values of the path or the focus node) → the value node of each result (None: a result without one)
Values = Collection[Key]
Check = Callable[[Index, Key, Values], list[Key | None]]
# the same for many focus nodes: [(focus, its values)] → [(focus, value)]
BatchCheck = Callable[[Index, list[tuple[Key, Collection[Key]]]], list[tuple[Key, Key | None]]]
PathFn = Callable[[Index, Node], Collection[Node]]
Target = Callable[[Index], Collection[Key]]

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
# What a shape may say besides its constraints; any other sh: term on a shape is Unsupported.
_HARMLESS = {SH.name, SH.description, SH.order, SH.group, SH.defaultValue, SH.message, SH.severity,
             SH.deactivated, SH.path, SH.target, SH.flags, *TARGETS}
_NODE_KINDS = {SH.BlankNode, SH.IRI, SH.Literal, SH.BlankNodeOrIRI, SH.BlankNodeOrLiteral, SH.IRIOrLiteral}
# Whole-graph features that change what pyshacl does (rules, custom components and functions...).
_REFUSED_TYPES = {SH.ConstraintComponent, SH.SPARQLFunction, SH.Function, SH.JSConstraint, SH.JSFunction,
                  SH.SPARQLTargetType, SH.JSTarget, SH.JSTargetType, SH.TripleRule, SH.SPARQLRule, SH.JSRule,
                  SH.SPARQLAskValidator, SH.SPARQLSelectValidator, SH.Parameter}
_REFUSED_PREDICATES = {SH.rule, SH.entailment, SH.shapesGraph, SH.parameter, SH.validator, SH.js}
_EMPTY: frozenset[Key] = frozenset()
_INTEGER = {XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger}
# Namespace attributes make a new URIRef at every access: the checks use these.
_WARNING, _INFO, _STRING, _LANG_STRING, _LITERAL, _DATATYPE = (
    SH.Warning, SH.Info, XSD.string, RDF.langString, RDFS.Literal, RDFS.Datatype)


@dataclass
class Shape:
    node: Node
    label: str | None
    severity_iri: Node
    message: Literal | None
    path: PathFn | None = None
    path_label: str | None = None
    forward: Key | None = None  # the predicate, when the path is one IRI (the common case, done inline)
    targets: list[tuple[tuple[str, Key], Target]] = field(default_factory=list)  # (memo key, target)
    checks: list[CompiledCheck] = field(default_factory=list)
    deactivated: bool = False

    def values(self, ix: Index, focus: Node) -> Collection[Node]:
        return (focus,) if self.path is None else self.path(ix, focus)

    def conforms(self, ix: Index, focus: Node) -> bool:
        """As a member of sh:or: pyshacl counts a failing member of an allowed severity (warning,
        info: ldcat runs with allow_warnings) as conforming."""
        if self.deactivated or self.severity_iri in (_WARNING, _INFO):
            return True
        values: Collection[Key] = (ix.forward(self.forward).get(focus, _EMPTY) if self.forward is not None
                                   else self.values(ix, focus))
        return all(not c.check(ix, focus, values) for c in self.checks)

    def conformer(self) -> Callable[[Index, Key], bool]:
        """`conforms`, as a function made for this shape (sh:or asks it of every value node)."""
        if self.deactivated or self.severity_iri in (_WARNING, _INFO):
            return lambda ix, v: True
        fails = [c.fails for c in self.checks]
        assert all(f is not None for f in fails)
        p = self.forward
        if p is not None and len(fails) == 1:
            one = fails[0]
            assert one is not None
            return lambda ix, v: not one(ix, v, ix.forward(p).get(v, _EMPTY))
        if self.path is None and len(fails) == 1:
            alone = fails[0]
            assert alone is not None
            return lambda ix, v: not alone(ix, v, (v,))
        return self.conforms

    def focus_nodes(self, ix: Index, memo: dict[tuple[str, Key], Collection[Key]]) -> Collection[Key]:
        """The focus nodes of every target (each target's computed once per batch, in `memo`)."""
        found: list[Collection[Key]] = []
        for memo_key, target in self.targets:
            nodes = memo.get(memo_key)
            if nodes is None:
                nodes = memo[memo_key] = target(ix)
            if nodes:
                found.append(nodes)
        if len(found) == 1:
            return found[0]
        union: set[Key] = set()
        for nodes in found:
            union.update(nodes)
        return union


@dataclass
class CompiledCheck:
    """One constraint component of a shape: `check` for one focus node, `batch` for many."""

    constraint: str
    check: Check
    sparql_based: bool = False
    batch: BatchCheck | None = None
    fails: Callable[[Index, Key, Values], bool] | None = None  # whether `check` finds anything

    def __post_init__(self) -> None:
        check = self.check
        if self.batch is None:
            self.batch = lambda ix, fvs: [(f, v) for f, vs in fvs for v in check(ix, f, vs)]
        if self.fails is None:
            self.fails = lambda ix, f, vs: bool(check(ix, f, vs))


About = Callable[[str], tuple[str | None, str | None]]


@dataclass
class Compiled:
    shapes: list[Shape]

    def run(self, ix: Index, profile: str, about: About | None = None,
            skip: Container[str] = frozenset()) -> list[Result]:
        """Every result on the batch in `ix`. With `about`, each is attributed to a dataset (and
        its title) as it is made; results whose focus node is in `skip` are left out."""
        results: list[Result] = []
        memo: dict[tuple[str, Key], Collection[Key]] = {}
        for shape in self.shapes:
            if shape.deactivated:
                continue
            focus = shape.focus_nodes(ix, memo)
            if not focus:
                continue
            fvs: list[tuple[Key, Collection[Key]]]
            if shape.forward is not None:
                get = ix.forward(shape.forward).get
                fvs = [(f, get(f, _EMPTY)) for f in focus]
            elif shape.path is not None:
                path = shape.path
                fvs = [(f, path(ix, f)) for f in focus]
            else:
                fvs = [(f, (f,)) for f in focus]
            severity = _severity(shape.severity_iri)
            assert shape.message is not None
            plain, raw = str(shape.message), str(shape.message.value)
            for c in shape.checks:
                assert c.batch is not None
                for f, value in c.batch(ix, fvs):
                    focus_text = str(f)
                    if focus_text in skip:
                        continue
                    if c.sparql_based:
                        if value is None and shape.path is None:
                            value = f
                        message = _format(raw, f, value)
                    else:
                        message = plain
                    dataset, title = about(focus_text) if about is not None else (None, None)
                    results.append(Result(profile, severity, focus_text, shape.path_label, message,
                                          None if value is None else str(value), c.constraint, shape.label,
                                          dataset, title))
        return results


def compile_shapes(graph: Graph) -> Compiled:
    """Every shape of `graph` that pyshacl would validate, compiled; Unsupported if any feature is not."""
    for t in _REFUSED_TYPES:
        if (None, RDF.type, t) in graph:
            raise Unsupported(f"the shapes declare a {_name(t)}")
    for p in _REFUSED_PREDICATES:
        if (None, p, None) in graph:
            raise Unsupported(f"the shapes use {_name(p)}")
    typed = {s for t in (SH.NodeShape, SH.PropertyShape) for s in graph.subjects(RDF.type, t)}
    targeted = {s for p in TARGETS for s in graph.subjects(p, None)}
    for s in graph.subjects(SH.target, None):
        if s not in typed | targeted:
            raise Unsupported(f"{term_label(s)}: sh:target on a node that is not typed as a shape")
    classes = {RDFS.Class, OWL.Class, *graph.subjects(RDFS.subClassOf, RDFS.Class)}
    shapes: list[Shape] = []
    for node in sorted(typed | targeted, key=str):
        if any(t in classes for t in graph.objects(node, RDF.type)):
            raise Unsupported(f"{term_label(node)}: a shape that is also a class (implicit class target)")
        shape = _shape(graph, node, top=True)
        if shape.targets:
            shapes.append(shape)
    return Compiled(shapes)


def _shape(graph: Graph, node: Node, *, top: bool, depth: int = 0) -> Shape:
    if depth > 8:
        raise Unsupported(f"{term_label(node)}: shapes nested too deep")
    label = term_label(node)
    severity = _one(graph, node, SH.severity, SH.Violation)
    messages = list(graph.objects(node, SH.message))
    message: Literal | None = None
    if top:
        if len(messages) != 1 or not _is_text(messages[0]):
            raise Unsupported(f"{label}: pyshacl's generic messages (a shape needs exactly one sh:message text)")
        assert isinstance(messages[0], Literal)
        message = messages[0]
    deactivated = _one(graph, node, SH.deactivated, Literal(False))
    if not isinstance(deactivated, Literal) or not isinstance(deactivated.value, bool):
        raise Unsupported(f"{label}: sh:deactivated is not a boolean")
    shape = Shape(node, label, severity, message, deactivated=bool(deactivated.value))
    types = set(graph.objects(node, RDF.type))
    paths = list(graph.objects(node, SH.path))
    if len(paths) > 1 or (paths and SH.NodeShape in types) or (not paths and SH.PropertyShape in types):
        raise Unsupported(f"{label}: sh:path does not match the shape's type")
    if paths:
        shape.path, shape.path_label = _path(graph, paths[0])
        if isinstance(paths[0], URIRef):
            shape.forward = key(paths[0])
    done: set[Node] = set()
    for p, _ in graph.predicate_objects(node):
        if not str(p).startswith(str(SH)) or p in done:
            continue
        done.add(p)
        if p in _HARMLESS:
            continue
        compiled = _constraint(graph, node, p, shape, depth)
        if compiled is None:
            raise Unsupported(f"{label}: {_name(p)} is not supported by the fast engine")
        shape.checks.append(compiled)
    for p in TARGETS:
        for o in graph.objects(node, p):
            shape.targets.append(((str(p), key(o)), _target(p, o)))
    for t in graph.objects(node, SH.target):
        shape.targets.append((("sparql", t), _sparql_target(graph, t, label)))
    if not top and (shape.targets or any(c.sparql_based for c in shape.checks)):
        raise Unsupported(f"{label}: a nested shape with targets or SPARQL")
    return shape


def _target(p: Node, term: Node) -> Target:
    o = key(term)
    if p == SH.targetClass:
        return lambda ix: ix.instances(o)
    if p == SH.targetNode:
        return lambda ix: (o,)
    if p == SH.targetSubjectsOf:
        return lambda ix: ix.forward(o).keys()
    return lambda ix: ix.inverse(o).keys()


def _sparql_target(graph: Graph, t: Node, label: str | None) -> Target:
    selects = list(graph.objects(t, SH.select))
    if set(graph.objects(t, RDF.type)) != {SH.SPARQLTarget} or len(selects) != 1:
        raise Unsupported(f"{label}: a sh:target other than one SPARQLTarget with one sh:select")
    return sparql.target(str(selects[0]), sparql.prefixes(graph, t), label)


def _path(graph: Graph, path: Node) -> tuple[PathFn, str | None]:
    if isinstance(path, URIRef):
        forward = key(path)
        return (lambda ix, f: ix.objects(f, forward)), term_label(path)
    if isinstance(path, BNode):
        pairs = list(graph.predicate_objects(path))
        if len(pairs) == 1 and pairs[0][0] == SH.inversePath and isinstance(pairs[0][1], URIRef):
            inverse = key(pairs[0][1])
            return (lambda ix, f: ix.subjects(inverse, f)), f"^{term_label(pairs[0][1])}"
    raise Unsupported(f"sh:path {path}: only IRI and sh:inversePath paths are supported")


def _constraint(graph: Graph, node: Node, p: Node, shape: Shape, depth: int) -> CompiledCheck | None:
    values = list(graph.objects(node, p))
    label = shape.label
    if p == SH.sparql:
        checks = [sparql.constraint(graph, c, shape.path is not None, label) for c in values]
        return CompiledCheck("sh:SPARQLConstraintComponent", _all(checks), True)
    if p == SH["class"]:
        classes = [key(c) for c in values]
        return CompiledCheck("sh:ClassConstraintComponent", (
            lambda ix, f, vs: [v for c in classes for v in vs if isinstance(v, Literal) or not ix.is_instance(v, c)]
        ), batch=lambda ix, fvs: [(f, v) for c in classes for f, vs in fvs for v in vs
                                  if isinstance(v, Literal) or not ix.is_instance(v, c)],
            fails=lambda ix, f, vs: any(isinstance(v, Literal) or not ix.is_instance(v, c)
                                        for c in classes for v in vs))
    if p == SH["or"]:
        lists: list[list[Shape]] = []
        for head in values:
            try:
                members = list(RDFList(graph, head))
            except Exception:  # a malformed list: pyshacl's error, not ours to copy
                raise Unsupported(f"{label}: sh:or is not a well-formed list") from None
            if not members:
                raise Unsupported(f"{label}: an empty sh:or")
            lists.append([_shape(graph, m, top=False, depth=depth + 1) for m in dict.fromkeys(members)])
        conformers = [[m.conformer() for m in members] for members in lists]

        def either(ix: Index, fvs: list[tuple[Key, Collection[Key]]]) -> list[tuple[Key, Key | None]]:
            found: list[tuple[Key, Key | None]] = []
            for members in conformers:
                for f, vs in fvs:
                    for v in vs:
                        for conforms in members:
                            if conforms(ix, v):
                                break
                        else:
                            found.append((f, v))
            return found

        return CompiledCheck("sh:OrConstraintComponent", (
            lambda ix, f, vs: [v for _, v in either(ix, [(f, vs)])]), batch=either)
    if len(values) != 1:
        return _refuse(label, p, "more than one value")
    rule = values[0]
    if p in (SH.minCount, SH.maxCount, SH.minLength, SH.maxLength):
        if not (isinstance(rule, Literal) and rule.datatype in _INTEGER and not rule.ill_typed
                and isinstance(rule.value, int) and rule.value >= 0):
            return _refuse(label, p, "not a non-negative integer")
        n = rule.value
        if p == SH.minCount:
            return CompiledCheck("sh:MinCountConstraintComponent", (lambda ix, f, vs: [None] if len(vs) < n else []),
                                 batch=lambda ix, fvs: [(f, None) for f, vs in fvs if len(vs) < n],
                                 fails=lambda ix, f, vs: len(vs) < n)
        if p == SH.maxCount:
            return CompiledCheck("sh:MaxCountConstraintComponent", (lambda ix, f, vs: [None] if len(vs) > n else []),
                                  batch=lambda ix, fvs: [(f, None) for f, vs in fvs if len(vs) > n])
        if p == SH.minLength:
            return CompiledCheck("sh:MinLengthConstraintComponent", (
                lambda ix, f, vs: [] if n == 0 else [v for v in vs if isinstance(v, BNode) or len(_string(v)) < n]))
        return CompiledCheck("sh:MaxLengthConstraintComponent", (
            lambda ix, f, vs: [v for v in vs if isinstance(v, BNode) or len(_string(v)) > n]))
    if p == SH.datatype:
        return CompiledCheck("sh:DatatypeConstraintComponent", (
            lambda ix, f, vs: [v for v in vs if not _datatype(v, rule)]),
            fails=lambda ix, f, vs: not all(_datatype(v, rule) for v in vs))
    if p == SH.nodeKind:
        if rule not in _NODE_KINDS:
            return _refuse(label, p, "not a node kind")
        blank = rule in (SH.BlankNode, SH.BlankNodeOrLiteral, SH.BlankNodeOrIRI)
        literal = rule in (SH.Literal, SH.BlankNodeOrLiteral, SH.IRIOrLiteral)
        iri = rule in (SH.IRI, SH.IRIOrLiteral, SH.BlankNodeOrIRI)

        def kind(v: Key) -> bool:
            if type(v) is str:
                return iri
            return blank if isinstance(v, BNode) else literal if isinstance(v, Literal) else iri

        if literal and not blank and not iri:  # sh:Literal, the common case, inline
            return CompiledCheck("sh:NodeKindConstraintComponent", (
                lambda ix, f, vs: [v for v in vs if not isinstance(v, Literal)]),
                batch=lambda ix, fvs: [(f, v) for f, vs in fvs for v in vs if not isinstance(v, Literal)])
        return CompiledCheck("sh:NodeKindConstraintComponent", (lambda ix, f, vs: [v for v in vs if not kind(v)]),
                              batch=lambda ix, fvs: [(f, v) for f, vs in fvs for v in vs if not kind(v)])
    if p == SH.pattern:
        return CompiledCheck("sh:PatternConstraintComponent", _pattern(graph, node, rule, label))
    return None


def _refuse(label: str | None, p: Node, why: str) -> CompiledCheck:
    raise Unsupported(f"{label}: {_name(p)} is {why}")


def _all(checks: list[Check]) -> Check:
    if len(checks) == 1:
        return checks[0]
    return lambda ix, f, vs: [v for check in checks for v in check(ix, f, vs)]


def _pattern(graph: Graph, node: Node, rule: Node, label: str | None) -> Check:
    if not isinstance(rule, Literal):
        raise Unsupported(f"{label}: sh:pattern is not a literal")
    flags = list(graph.objects(node, SH.flags))
    if len(flags) > 1 or (flags and not _is_text(flags[0])):
        raise Unsupported(f"{label}: sh:flags is not one text")
    re_flags = 0
    if flags:
        assert isinstance(flags[0], Literal)
        text = str(flags[0].value).lower()
        re_flags |= re.I if "i" in text else 0
        re_flags |= re.M if "m" in text else 0
    source = str(rule.value) if rule.value is not None and len(rule.value) > 1 else str(rule)
    try:
        matcher = re.compile(source, re_flags)
    except re.error:
        raise Unsupported(f"{label}: sh:pattern is not a Python regular expression") from None
    search = matcher.search
    return lambda ix, f, vs: [v for v in vs if isinstance(v, BNode) or not search(_string(v))]


def _string(v: Node) -> str:
    """pyshacl's value_node_to_string."""
    if isinstance(v, Literal) and v.value is not None and v.datatype in (None, _LANG_STRING, _STRING):
        return str(v.value)
    return str(v)


def _datatype(v: Node, rule: Node) -> bool:
    """pyshacl's DatatypeConstraintComponent: True when `v` matches."""
    if not isinstance(v, Literal):
        return False
    if v.datatype == rule:
        return v.ill_typed is not True and _actual(v, rule)
    if rule == _LITERAL:
        return True
    if rule == _DATATYPE and v.datatype:
        return True
    if v.datatype is None and v.language is None and rule == _STRING:
        return _actual(v, rule)
    if rule == _LANG_STRING and v.language:
        return _actual(v, rule)
    return False


_KINDS: dict[Node, type | tuple[type, ...]] = {
    XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
    XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime}


def _actual(v: Literal, rule: Node) -> bool:
    """pyshacl's _assert_actual_datatype: the Python value rdflib made is of the datatype's kind."""
    kind = _KINDS.get(rule)
    return True if kind is None else isinstance(v.value, kind)


def _format(message: str, this: Node, value: Node | None) -> str:
    """pyshacl's _format_sparql_based_result_message for a row binding $this and ?value, but with
    the value put in as it is: pyshacl hands it to re.sub as a replacement template, so a value
    holding a backslash (``a\\1b``) raises re.error there."""
    for var, val in (("this", this), ("value", value)):
        if val is not None:
            message = re.sub(f"{{[?$]{var}}}", str(val).replace("\\", "\\\\"), message)
    return message


def _severity(term: Node) -> Severity:
    name = str(term).removeprefix(str(SH))
    return "warning" if name == "Warning" else "info" if name == "Info" else "violation"


def _one(graph: Graph, node: Node, p: Node, default: Node) -> Node:
    values = list(graph.objects(node, p))
    if len(values) > 1:
        raise Unsupported(f"{term_label(node)}: more than one {_name(p)}")
    return values[0] if values else default


def _is_text(term: Node) -> bool:
    return (isinstance(term, Literal) and isinstance(term.value, str)
            and term.datatype in (None, XSD.string, RDF.langString))


def _name(term: Node) -> str:
    return "sh:" + str(term).removeprefix(str(SH)) if str(term).startswith(str(SH)) else str(term)


def term_label(term: Node | None) -> str | None:
    from ldcat.validate.engine import term_label as label

    return label(term)
