"""One batch's triples as dictionaries the compiled shapes read: predicate → subject → objects
(and, derived on first use, object → subjects, class closures, every predicate of a node), with
the offline vocabulary mixed in exactly as `ldcat.validate.engine.with_vocabulary` mixes it.

Speed: an rdflib term compares (and a Literal hashes) in Python, which made dictionaries of terms
most of the cost. So an IRI is held as a plain `str` (`key`), which hashes and compares in C;
blank nodes and literals stay rdflib terms. A plain str never equals a BNode or a Literal (their
`__eq__` wins, and says no), so the kinds stay apart; and `str()` of a key is the term's string.
Everything the checks compare with a node (classes, predicates) is made a key the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from rdflib import Literal, URIRef

from ldcat.memo import Memo
from ldcat.namespaces import RDF, RDFS

Key = Any  # a plain str (an IRI), or an rdflib BNode or Literal (or another Node, kept as it is)
_EMPTY: frozenset[Key] = frozenset()
_NONE: dict[Key, list[Key]] = {}
_NO_SUBJECTS: dict[Key, list[Key]] = {}  # never written to
TYPE = str(RDF.type)
SUBCLASS = str(RDFS.subClassOf)


def key(term: Any) -> Key:
    """How the index holds `term`: an IRI as a plain str, anything else as it is."""
    return str(term) if type(term) is URIRef else term


class Index:
    """The triples of one batch. `add` them (data first), then the vocabulary once.

    Adding files each triple under its predicate and subject (predicate → subject → objects, in
    the order added); what else the checks read (object → subjects, class closures, every
    predicate of a node) is derived on first use. Repeated triples (a node shared by two pieces)
    are dropped from a predicate's lists when it is first read, keeping the first of each.
    """

    __slots__ = ("_clean", "_fwd", "_inverse", "_keys", "_sp", "_sub", "_super", "vocabulary_objects")

    def __init__(self) -> None:
        self.vocabulary_objects: set[Key] = set()
        self._fwd: dict[Key, dict[Key, list[Key]]] = {}  # predicate → subject → objects
        self._clean: set[Key] = set()  # predicates whose lists have no repeats
        # Each IRI's key, made once while the batch lasts: the mapping makes one object per IRI, so
        # finding it again is an identity check, cheaper than copying its text.
        self._keys: Memo[URIRef, str] = Memo(str)
        self._inverse: dict[Key, dict[Key, set[Key]]] = {}
        self._sp: dict[Key, dict[Key, list[Key]]] | None = None
        self._sub: dict[Key, set[Key]] = {}
        self._super: dict[Key, set[Key]] = {}

    def add(self, triples: Iterable[tuple[Any, Any, Any]], vocabulary: Any = _EMPTY) -> None:
        """Add triples; objects that are keys of `vocabulary` (a dict by `key`) are remembered
        in `vocabulary_objects`."""
        if self._clean or self._inverse or self._sp is not None or self._sub or self._super:
            self._clean, self._inverse, self._sp, self._sub, self._super = set(), {}, None, {}, {}
        fwd, found = self._fwd, self.vocabulary_objects
        uri, literal = URIRef, Literal
        keys = self._keys
        for s, p, o in triples:
            if type(s) is uri:
                s = keys[s]
            if type(p) is uri:
                p = keys[p]
            kind = type(o)
            if kind is uri:
                o = keys[o]
                if o in vocabulary:
                    found.add(o)
            elif kind is not literal and o in vocabulary:
                found.add(o)
            by_s = fwd.get(p)
            if by_s is None:
                fwd[p] = {s: [o]}
            else:
                objects = by_s.get(s)
                if objects is None:
                    by_s[s] = [o]
                else:
                    objects.append(o)

    def predicates(self) -> Iterable[Key]:
        return self._fwd.keys()

    def first(self, s: Key, p: Key) -> Key | None:
        """The first object of (s, p) added: what rdflib's `Graph.value` gives for the same additions."""
        objects = self.forward(p).get(s)
        return objects[0] if objects else None

    def forward(self, p: Key) -> dict[Key, list[Key]]:
        """subject → objects, for one predicate: lists without repeats (most subjects have one
        object, which then is never hashed: a Literal hashes in Python)."""
        found = self._fwd.get(p)
        if found is None:
            return _NO_SUBJECTS
        if p not in self._clean:
            self._clean.add(p)
            for s, objects in found.items():
                if len(objects) > 1:
                    distinct = list(dict.fromkeys(objects))
                    if len(distinct) < len(objects):
                        found[s] = distinct
        return found

    def objects(self, s: Key, p: Key) -> Collection[Key]:
        return self.forward(p).get(s, _EMPTY)

    def predicates_of(self, s: Key) -> dict[Key, list[Key]]:
        """Every predicate of `s`, with its objects (built whole on first use: few checks need it)."""
        sp = self._sp
        if sp is None:
            sp = self._sp = {}
            for p in list(self._fwd):
                for subject, objects in self.forward(p).items():
                    by_p = sp.get(subject)
                    if by_p is None:
                        sp[subject] = {p: objects}
                    else:
                        by_p[p] = objects
        return sp.get(s, _NONE)

    def subjects(self, p: Key, o: Key) -> set[Key] | frozenset[Key]:
        return self.inverse(p).get(o, _EMPTY)

    def inverse(self, p: Key) -> dict[Key, set[Key]]:
        """object → subjects, for one predicate."""
        found = self._inverse.get(p)
        if found is None:
            found = self._inverse[p] = defaultdict(set)  # read with .get only, so nothing is added
            for s, objects in self.forward(p).items():
                for o in objects:
                    found[o].add(s)
        return found

    def subclasses(self, c: Key) -> set[Key]:
        """`c` and every class below it (rdflib's transitive_subjects over rdfs:subClassOf)."""
        found = self._sub.get(c)
        if found is None:
            found = _closure(c, self.inverse(SUBCLASS))
            self._sub[c] = found
        return found

    def superclasses(self, c: Key) -> set[Key]:
        """`c` and every class above it (rdflib's transitive_objects over rdfs:subClassOf)."""
        found = self._super.get(c)
        if found is None:
            found = _closure(c, self.forward(SUBCLASS))
            self._super[c] = found
        return found

    def instances(self, c: Key) -> Collection[Key]:
        """What is typed `c` or a subclass of it (pyshacl's targetClass)."""
        typed = self.inverse(TYPE)
        subclasses = self.subclasses(c)
        if len(subclasses) == 1:
            return typed.get(c) or _EMPTY
        found: set[Key] = set()
        for sub in subclasses:
            found |= typed.get(sub, _EMPTY)
        return found

    def is_instance(self, v: Key, c: Key) -> bool:
        """pyshacl's sh:class test: some rdf:type of `v` is `c` or below it."""
        return any(t == c or c in self.superclasses(t) for t in self.forward(TYPE).get(v, _EMPTY))


def _closure(c: Key, below: Mapping[Key, Collection[Key]]) -> set[Key]:
    found = {c}
    todo = [c]
    while todo:
        for sub in below.get(todo.pop(), _EMPTY):
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return found
