"""OWL-RL compiled to rules for the kg ontology: the same inferences as kg.reason.infer, per article.

kg.reason.infer runs owlrl's OWL 2 RL closure over the ontology, the reference graph and the entity
layer of every article, then keeps the new, useful triples. The ontology only uses a few axioms, so
the same closure can be computed without owlrl, by rules compiled once (``compile_rules``):

- one premise: rdfs:subClassOf and owl:equivalentClass (``x a C`` gives ``x a D`` for every
  superclass D), rdfs:subPropertyOf and owl:equivalentProperty (``x p y`` gives ``x q y``),
  owl:inverseOf (``y q x``), owl:SymmetricProperty (``y p x``), rdfs:domain and rdfs:range (``x a D``,
  ``y a R``). For each predicate, everything one triple entails through chains of these is
  precomputed (``PropertyRule``), so ``local`` is one pass over the triples.
- two premises: owl:TransitiveProperty (``x p y``, ``y p z`` give ``x p z``) and
  owl:FunctionalProperty (``x p y1``, ``x p y2`` give ``y1 owl:sameAs y2``, and then owlrl's eq-*
  rules copy every triple of y1 to y2 and back).

**Why the work splits by article.** A one-premise rule derives from one triple alone, so the closure
under those rules distributes over union: local(A ∪ B) = local(A) ∪ local(B). Each article's entity
layer (``article_layer``, exactly what kg.reason.entity_layer takes from it) is closed alone, in a
worker (``local`` or ``prepare``); the ontology and the whole reference graph once (``base``). Let U
be the union of those closures. The two-premise rules read only triples whose predicate is
transitive or functional (``union_properties``); ``close`` takes those triples of U (``edges``: the
agency hierarchy and one value per statistic, small) and returns what the transitive rule adds:
the transitive closure, the one-premise consequences of the new edges (superproperties, inverses,
types; possibly edges of another transitive property), again, until nothing changes. U ∪ close(edges
of U) is then closed under every rule: under the one-premise rules because U and the added triples
are; under a transitive rule because it reads only edges of its own property, all in the closed
edge set; under the functional rule because ``close`` checks that no functional property has two
values for one subject, so no owl:sameAs (other than owlrl's reflexive ones, which add nothing)
arises. It is the least such set, the fixpoint owlrl computes, so after infer()'s filter the
inferences are the same. (Inverse and transitive properties interact only through triples: owlrl
does not declare kgo:hasPart transitive either; ``hasPart`` chains close through their inverse
``partOf`` edges, in the union step.)

**Equality.** When a functional property does have two values for one subject, owl:sameAs copies
triples that are not union edges, so ``close`` raises ``EqualityNeeded``; ``closure`` and
``Rules.infer``, which have every triple, compute it exactly: equal terms are merged into one
representative, the rewritten triples closed again (until no functional property has two values),
and the result expanded to every combination of equal terms, with owl:sameAs between every two.
Merging a term the ontology mentions (a class or a property) is not supported.

**What is not supported** raises ``UnsupportedOntology`` (callers fall back to owlrl): any other
term of the OWL, RDFS or RDF vocabulary in an axiom (owl:propertyChainAxiom, owl:hasKey,
restrictions, class expressions and lists, owl:InverseFunctionalProperty, asymmetric, irreflexive
and reflexive properties, disjointness, owl:sameAs or owl:differentFrom, owl:Nothing, ...), blank
nodes in axioms, vocabulary terms as super- or subclasses, properties, domains or ranges (except
owl:Thing, rdfs:Resource, rdf:Statement, datatypes as ranges and annotation properties), and
schema vocabulary in the data (a data triple whose predicate, or whose rdf:type, is such a term),
which would add axioms.

Consequences owlrl derives and infer() always drops (reflexive owl:sameAs, literals typed by their
datatype, owl:Thing, schema triples about the ontology) are not all derived here; ``useful`` and
``Rules.infer`` apply infer()'s filter, so the outputs are equal.

A build: ``rules = compile_rules(ontology)``; per article, in a worker, ``part = rules.prepare(graph)``
(its new useful triples and its edges); in the main process ``base = rules.base(reference)`` and
``rules.close(rules.edges(base) + all parts' edges)``; the inferred graph is the useful triples of
base and of that, plus every part's, minus what some graph states. On EqualityNeeded (or
UnsupportedOntology from anything) use kg.reason.infer.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import KgError
from .namespaces import OWL, RDF, RDFS, XSD
from .reason import ENTITY_CLASSES, ReasonResult, _useful, reasoned_properties

__all__ = [
    "Triple",
    "UnsupportedOntology",
    "EqualityNeeded",
    "PropertyRule",
    "Local",
    "Rules",
    "compile_rules",
    "infer",
]

Triple = tuple[Node, Node, Node]

_VOCABULARIES = (str(RDF), str(RDFS), str(OWL), str(XSD))
_TYPE = RDF.type
_SAME_AS = OWL.sameAs

# Annotation properties (owlrl's list, plus ontology header terms): no OWL-RL rule reads them.
_ANNOTATIONS = frozenset(
    {
        RDFS.label,
        RDFS.comment,
        RDFS.seeAlso,
        RDFS.isDefinedBy,
        OWL.deprecated,
        OWL.versionInfo,
        OWL.priorVersion,
        OWL.backwardCompatibleWith,
        OWL.incompatibleWith,
        OWL.imports,
        OWL.versionIRI,
    }
)
# rdf:type objects in the ontology that only declare a term (their OWL-RL consequences are schema triples).
_DECLARATIONS = frozenset(
    {
        OWL.Class,
        RDFS.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        RDF.Property,
        OWL.Ontology,
        OWL.NamedIndividual,
        OWL.Thing,
        RDFS.Resource,
    }
)
_CHARACTERISTICS = frozenset({OWL.TransitiveProperty, OWL.SymmetricProperty, OWL.FunctionalProperty})
# Vocabulary classes an instance may have: no OWL-RL rule reads them (infer() drops these types).
_SAFE_CLASSES = frozenset({OWL.Thing, RDFS.Resource, RDF.Statement, OWL.NamedIndividual})
# Datatypes allowed as a range besides the xsd: ones.
_DATATYPES = frozenset({RDFS.Literal, RDF.langString, RDF.PlainLiteral, RDF.XMLLiteral, RDF.HTML, RDF.JSON})
_CLASS_AXIOMS = frozenset({RDFS.subClassOf, OWL.equivalentClass})
_PROPERTY_AXIOMS = frozenset({RDFS.subPropertyOf, OWL.equivalentProperty, OWL.inverseOf})
_TYPING_AXIOMS = frozenset({RDFS.domain, RDFS.range})


class UnsupportedOntology(KgError):
    """The ontology (or data acting as one) uses an axiom the compiled rules do not implement exactly.

    Callers reason with owlrl (kg.reason.infer) instead."""


class EqualityNeeded(UnsupportedOntology):
    """A functional property has two values for one subject, so owlrl would derive owl:sameAs.

    Raised by ``Rules.close``, which only sees the union edges: ``Rules.closure`` over every triple
    (or owlrl) computes the consequences."""


@dataclass(frozen=True, slots=True)
class PropertyRule:
    """What one triple ``s p o`` entails under the one-premise rules, for one predicate ``p``.

    ``s q o`` for q in ``forward`` (p itself and its superproperties, ...), ``o q s`` for q in
    ``reverse`` (inverses, symmetric), ``s a C`` for C in ``subject_types`` and ``o a C`` for C in
    ``object_types`` (domains and ranges with their superclasses)."""

    forward: tuple[URIRef, ...]
    reverse: tuple[URIRef, ...]
    subject_types: tuple[URIRef, ...]
    object_types: tuple[URIRef, ...]


@dataclass(frozen=True, slots=True)
class Local:
    """One article's share of the inferences (``Rules.prepare``).

    ``layer``: the article's entity layer (what infer() reads from it); ``inferred``: the new useful
    triples its layer entails by itself (not in the article graph, kg.reason's filter applied);
    ``edges``: the triples of the local closure on ``Rules.union_properties``, for ``Rules.close``."""

    layer: tuple[Triple, ...]
    inferred: frozenset[Triple]
    edges: tuple[Triple, ...]


def _vocabulary(term: Node) -> bool:
    """Return whether ``term`` is an IRI of the RDF, RDFS, OWL or XSD vocabulary."""
    return isinstance(term, URIRef) and str.startswith(term, _VOCABULARIES)


def _unsupported(triple: tuple, why: str) -> UnsupportedOntology:
    """Return the error for an ontology ``triple`` the rules do not cover."""
    s, p, o = triple
    return UnsupportedOntology(f"compiled rules do not cover {why}: {s.n3()} {p.n3()} {o.n3()}")


def _check_axiom(triple: tuple) -> None:
    """Raise UnsupportedOntology unless the ontology ``triple`` is covered by the compiled rules."""
    s, p, o = triple
    if p == _TYPE:
        if o in _CHARACTERISTICS:
            if not isinstance(s, URIRef) or _vocabulary(s):
                raise _unsupported(triple, "a property characteristic on this term")
        elif o in _DECLARATIONS:
            if isinstance(s, BNode):
                raise _unsupported(triple, "blank nodes (class or property expressions)")
        elif _vocabulary(o) or not isinstance(o, (URIRef, BNode)):
            raise _unsupported(triple, "this type")
        return
    if p in _CLASS_AXIOMS:
        if not (isinstance(s, URIRef) and isinstance(o, URIRef)):
            raise _unsupported(triple, "class expressions")
        if _vocabulary(s) or (_vocabulary(o) and not (p == RDFS.subClassOf and o in _SAFE_CLASSES)):
            raise _unsupported(triple, "class axioms on the OWL/RDF vocabulary")
        return
    if p in _PROPERTY_AXIOMS:
        if not (isinstance(s, URIRef) and isinstance(o, URIRef)):
            raise _unsupported(triple, "property expressions")
        allowed = _ANNOTATIONS if p != OWL.inverseOf else frozenset()
        if (_vocabulary(s) and s not in allowed) or (_vocabulary(o) and o not in allowed):
            raise _unsupported(triple, "property axioms on the OWL/RDF vocabulary")
        return
    if p in _TYPING_AXIOMS:
        if not (isinstance(s, URIRef) and isinstance(o, URIRef)):
            raise _unsupported(triple, "class expressions")
        if _vocabulary(s) and s not in _ANNOTATIONS:
            raise _unsupported(triple, "domains and ranges of the OWL/RDF vocabulary")
        if _vocabulary(o) and not (o in _SAFE_CLASSES or o in _DATATYPES or str.startswith(o, str(XSD))):
            raise _unsupported(triple, "this domain or range")
        return
    if _vocabulary(p) and p not in _ANNOTATIONS:
        raise _unsupported(triple, "this axiom")


def _reach(edges: Mapping[Node, Iterable[Node]], start: Node) -> set:
    """Return ``start`` and every node reachable from it along ``edges``."""
    seen = {start}
    stack = [start]
    while stack:
        for nxt in edges.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def _transitive_pairs(edges: Mapping[Node, set]) -> set[tuple[Node, Node]]:
    """Return the pairs (x, z) with a path of one or more ``edges`` from x to z (x == z on a cycle)."""
    pairs = set()
    for x, direct in edges.items():
        seen: set = set()
        stack = list(direct)
        while stack:
            y = stack.pop()
            if y in seen:
                continue
            seen.add(y)
            stack.extend(edges.get(y, ()))
        pairs.update((x, z) for z in seen)
    return pairs


@dataclass(frozen=True, eq=False)
class Rules:
    """The OWL-RL rules of an ontology, compiled (``compile_rules``).

    ``superclasses`` maps a class with a superclass to itself and all its superclasses;
    ``property_rules`` maps each property with an axiom to what one of its triples entails;
    ``transitive_properties`` and ``functional_properties`` are the two-premise rules, whose triples
    (``union_properties``) ``close`` takes from the union; ``properties`` are the predicates of the
    entity layer (kg.reason.reasoned_properties); ``ontology_triples`` the ontology's own triples, which
    infer() also reasons over, and ``ontology_closure`` their one-premise closure; ``tbox`` the ontology's
    subjects (kg.reason's filter drops triples about them); ``ontology_terms`` every IRI or blank node
    it mentions (owl:sameAs may not merge those)."""

    superclasses: Mapping[Node, tuple[Node, ...]]
    property_rules: Mapping[Node, PropertyRule]
    transitive_properties: frozenset[URIRef]
    functional_properties: frozenset[URIRef]
    properties: frozenset[URIRef]
    ontology_triples: frozenset[Triple]
    ontology_closure: frozenset[Triple]
    tbox: frozenset[Node]
    ontology_terms: frozenset[Node]

    @cached_property
    def union_properties(self) -> frozenset[URIRef]:
        """Return the predicates whose triples the two-premise rules read (give them all to ``close``)."""
        return self.transitive_properties | self.functional_properties

    # --- what infer() reads ------------------------------------------------------------------------

    def article_layer(self, graph: Graph) -> list[Triple]:
        """Return the triples of ``graph`` that kg.reason.entity_layer takes from one article.

        Those whose subject is typed in ``graph`` with one of ENTITY_CLASSES and whose predicate is in
        ``properties`` (rdf:type and the properties with a subproperty, inverse or transitive axiom)."""
        properties = self.properties
        entities = {s for cls in ENTITY_CLASSES for s in graph.subjects(_TYPE, cls)}
        return [(s, p, o) for s in entities for p, o in graph.predicate_objects(s) if p in properties]

    # --- one-premise rules ---------------------------------------------------------------------------

    def local(self, triples: Iterable[Triple], trusted: bool = False) -> set[Triple]:
        """Return the closure of ``triples`` under the one-premise rules, ``triples`` included.

        This is what they entail by themselves; it distributes over union. It may hold triples that
        are not RDF or that infer() drops (a literal typed by a property's range): ``useful`` filters
        them. Raises UnsupportedOntology if a triple uses schema vocabulary (it would add axioms),
        unless ``trusted`` (derived or ontology triples, checked already)."""
        out: set[Triple] = set()
        superclasses, rules = self.superclasses, self.property_rules
        for t in triples:
            s, p, o = t
            if p == _TYPE:
                classes = superclasses.get(o)
                if classes is None:
                    if not trusted and isinstance(o, URIRef) and str.startswith(o, _VOCABULARIES) and (
                        o not in _SAFE_CLASSES
                    ):
                        raise UnsupportedOntology(f"data types {s.n3()} with the vocabulary class {o.n3()}")
                    out.add(t)
                else:
                    out.update([(s, _TYPE, c) for c in classes])
                continue
            rule = rules.get(p)
            if rule is None:
                if not trusted and isinstance(p, URIRef) and str.startswith(p, _VOCABULARIES) and (
                    p not in _ANNOTATIONS
                ):
                    raise UnsupportedOntology(f"data uses the schema property {p.n3()}: {s.n3()} {o.n3()}")
                out.add(t)
                continue
            self._entail(s, rule, o, out)
        return out

    def _entail(self, s: Node, rule: PropertyRule, o: Node, out: set[Triple]) -> None:
        """Add to ``out`` what ``s p o`` entails by the one-premise rules (``rule`` is p's)."""
        out.update([(s, q, o) for q in rule.forward])
        if rule.reverse:
            out.update([(o, q, s) for q in rule.reverse])
        if rule.subject_types:
            out.update([(s, _TYPE, c) for c in rule.subject_types])
        if rule.object_types:
            out.update([(o, _TYPE, c) for c in rule.object_types])

    def edges(self, triples: Iterable[Triple]) -> list[Triple]:
        """Return the triples of ``triples`` whose predicate is in ``union_properties``."""
        wanted = self.union_properties
        return [t for t in triples if t[1] in wanted]

    def useful(self, triples: Iterable[Triple], stated: Container | None = None) -> set[Triple]:
        """Return the triples of ``triples`` kg.reason.infer would report, leaving out those in ``stated``.

        kg.reason's filter: no literal or blank subject, no blank object, nothing about the ontology's
        subjects or the RDF/OWL vocabularies, no schema triples, no noise types, no tautologies."""
        tbox = self.tbox
        return {t for t in triples if (stated is None or t not in stated) and _useful(t, tbox)}

    def prepare(self, graph: Graph) -> Local:
        """Return one article's Local share: its entity layer, new useful triples and union edges."""
        layer = self.article_layer(graph)
        closed = self.local(layer)
        tbox = self.tbox
        inferred = frozenset(t for t in closed.difference(layer) if _useful(t, tbox) and t not in graph)
        return Local(tuple(layer), inferred, tuple(self.edges(closed)))

    def base(self, reference: Graph) -> set[Triple]:
        """Return the one-premise closure of what infer() reads besides articles: ontology and reference.

        The whole reference graph goes in (not only its entity layer), as in kg.reason.infer."""
        return set(self.ontology_closure) | self.local(reference)

    # --- two-premise rules ---------------------------------------------------------------------------

    def close(self, triples: Iterable[Triple]) -> set[Triple]:
        """Return what the two-premise rules add to ``triples``: the union step of a split build.

        ``triples`` are the triples on ``union_properties`` of a set closed under the one-premise
        rules (``edges`` of the union of ``local`` results). Returned: the transitive consequences and
        their one-premise consequences, to a fixpoint, that the one-premise closure of ``triples``
        lacks; that set joined to the locally closed union is the closure of the union. Raises
        EqualityNeeded when a functional property gets two values for one subject (owl:sameAs then
        needs every triple: use ``closure``), UnsupportedOntology on schema vocabulary in the data."""
        isolated = self._isolated
        plain: list[Triple] = []
        seeds: list[Triple] = []
        for t in triples:
            (plain if t[1] in isolated else seeds).append(t)
        facts = self.local(seeds)
        added = self._close_two_premise(facts)
        conflict = self._functional_conflict(plain, facts)
        if conflict is not None:
            s, p, values = conflict
            shown = ", ".join(sorted(v.n3() for v in values)[:3])
            raise EqualityNeeded(f"functional property {p.n3()} has values {shown} for {s.n3()}")
        return added

    def closure(self, triples: Iterable[Triple]) -> set[Triple]:
        """Return the closure of ``triples`` under every rule, ``triples`` and owl:sameAs included.

        ``triples`` must be everything (equality copies any triple). Raises UnsupportedOntology when
        owl:sameAs would merge a term of the ontology, or on schema vocabulary in the data."""
        facts = self.local(triples)
        self._close_two_premise(facts)
        if self._functional_conflict(facts) is None:
            return facts
        return self._equality_closure(facts)

    @cached_property
    def _isolated(self) -> frozenset[Node]:
        """Return the functional properties whose triples entail no other triple on ``union_properties``.

        ``close`` only checks their values, without closing them."""
        union = self.union_properties
        found = set()
        for p in self.functional_properties - self.transitive_properties:
            rule = self.property_rules.get(p)
            if rule is None or (
                union.intersection(rule.forward) == {p} and not union.intersection(rule.reverse)
            ):
                found.add(p)
        return frozenset(found)

    def _close_two_premise(self, facts: set[Triple]) -> set[Triple]:
        """Add to ``facts`` (closed under the one-premise rules) the consequences of transitivity.

        Returns the triples added."""
        added: set[Triple] = set()
        if not self.transitive_properties:
            return added
        adjacency: dict[Node, dict[Node, set]] = {p: defaultdict(set) for p in self.transitive_properties}
        for s, p, o in facts:
            if p in adjacency:
                adjacency[p][s].add(o)
        while True:
            new = []
            for p, edges in adjacency.items():
                for x, z in _transitive_pairs(edges):
                    if z not in edges[x]:
                        new.append((x, p, z))
            if not new:
                return added
            derived = self.local(new, trusted=True) - facts
            facts |= derived
            added |= derived
            for s, p, o in derived:
                if p in adjacency:
                    adjacency[p][s].add(o)

    def _functional_conflict(self, *sets: Iterable[Triple]) -> tuple[Node, Node, set] | None:
        """Return (subject, property, two values) for a functional property with two values in ``sets``.

        None if there is none."""
        functional = self.functional_properties
        if not functional:
            return None
        first: dict[tuple[Node, Node], Node] = {}
        for triples in sets:
            for s, p, o in triples:
                if p in functional:
                    value = first.setdefault((s, p), o)
                    if value != o:
                        return s, p, {value, o}
        return None

    def _equality_closure(self, facts: set[Triple]) -> set[Triple]:
        """Return the closure of ``facts`` (closed but for equality) with owl:sameAs (functional properties).

        Equal terms are merged into one representative; the facts, rewritten, are closed again until
        no functional property has two values; then each fact is expanded to every combination of
        equal terms, and owl:sameAs links every two equal terms (as owlrl's eq-* rules do)."""
        parent: dict[Node, Node] = {}

        def find(x: Node) -> Node:
            root = x
            while parent.get(root, root) != root:
                root = parent[root]
            while x != root:
                parent[x], x = root, parent[x]
            return root

        canonical = facts
        while True:
            merged = False
            values: dict[tuple[Node, Node], set] = defaultdict(set)
            for s, p, o in canonical:
                if p in self.functional_properties:
                    values[(s, p)].add(o)
            for found in values.values():
                if len(found) > 1:
                    first, *others = found
                    for other in others:
                        a, b = find(first), find(other)
                        if a != b:
                            parent.setdefault(a, a)
                            parent[b] = a
                            merged = True
            if not merged:
                break
            members: dict[Node, list[Node]] = defaultdict(list)
            for term in parent:
                members[find(term)].append(term)
            for group in members.values():
                if len(group) > 1:
                    for term in group:
                        if term in self.ontology_terms or _vocabulary(term):
                            raise UnsupportedOntology(f"owl:sameAs would merge the ontology term {term.n3()}")
            canonical = self.local({(find(s), find(p), find(o)) for s, p, o in canonical}, trusted=True)
            self._close_two_premise(canonical)
        groups: dict[Node, list[Node]] = defaultdict(list)
        for term in parent:
            groups[find(term)].append(term)
        out: set[Triple] = set()
        for s, p, o in canonical:
            for s2 in groups.get(s) or (s,):
                for p2 in groups.get(p) or (p,):
                    out.update([(s2, p2, o2) for o2 in groups.get(o) or (o,)])
        for group in groups.values():
            out.update([(a, _SAME_AS, b) for a in group for b in group])
        return out

    # --- all of it ------------------------------------------------------------------------------------

    def infer(
        self, reference: Graph, articles: Iterable[Graph], asserted: Container[tuple] | None = None
    ) -> ReasonResult:
        """Return what kg.reason.infer(ontology, reference, articles, asserted) returns, without owlrl.

        Raises UnsupportedOntology when the data needs what the rules do not cover (see module doc)."""
        layers = [self.article_layer(g) for g in articles]
        before: set[Triple] = set(self.ontology_triples)
        before.update(reference)
        for layer in layers:
            before.update(layer)
        started = time.perf_counter()
        facts = self.base(reference)
        for layer in layers:
            facts |= self.local(layer)
        self._close_two_premise(facts)
        if self._functional_conflict(facts) is not None:
            facts = self._equality_closure(facts)
        seconds = time.perf_counter() - started
        inferred = Graph()
        for t in self.useful(facts):
            if t in before or (asserted is not None and t in asserted):
                continue
            inferred.add(t)
        return ReasonResult(graph=inferred, input_triples=len(before), seconds=seconds)


def compile_rules(ontology: Graph) -> Rules:
    """Return the Rules of ``ontology``; raise UnsupportedOntology if it uses an axiom they do not cover.

    Supported: rdfs:subClassOf, owl:equivalentClass, rdfs:subPropertyOf, owl:equivalentProperty,
    owl:inverseOf, rdfs:domain, rdfs:range, owl:TransitiveProperty, owl:SymmetricProperty,
    owl:FunctionalProperty, declarations, annotations, and plain (non-schema) triples."""
    triples = frozenset(ontology)
    for t in triples:
        _check_axiom(t)
    up: dict[Node, set] = defaultdict(set)  # class -> direct superclasses (equivalence both ways)
    for s, o in ontology.subject_objects(RDFS.subClassOf):
        up[s].add(o)
    for s, o in ontology.subject_objects(OWL.equivalentClass):
        up[s].add(o)
        up[o].add(s)
    superclasses = {}
    for c in list(up):
        found = _reach(up, c)
        if found != {c}:
            superclasses[c] = tuple(sorted(found))

    def types(classes: Iterable[Node]) -> set:
        out = set()
        for c in classes:
            out.update(superclasses.get(c, (c,)))
        return out

    steps: dict[Node, set[tuple[Node, bool]]] = defaultdict(set)  # property -> (property, flipped)
    for s, o in ontology.subject_objects(RDFS.subPropertyOf):
        steps[s].add((o, False))
    for s, o in ontology.subject_objects(OWL.equivalentProperty):
        steps[s].add((o, False))
        steps[o].add((s, False))
    for s, o in ontology.subject_objects(OWL.inverseOf):
        steps[s].add((o, True))
        steps[o].add((s, True))
    for p in ontology.subjects(_TYPE, OWL.SymmetricProperty):
        steps[p].add((p, True))
    domains: dict[Node, set] = defaultdict(set)
    ranges: dict[Node, set] = defaultdict(set)
    for s, o in ontology.subject_objects(RDFS.domain):
        domains[s].add(o)
    for s, o in ontology.subject_objects(RDFS.range):
        ranges[s].add(o)
    property_rules = {}
    for p in set(steps) | set(domains) | set(ranges):
        states = {(p, False)}
        stack = [(p, False)]
        while stack:
            q, flipped = stack.pop()
            for r, flip in steps.get(q, ()):
                state = (r, flipped != flip)
                if state not in states:
                    states.add(state)
                    stack.append(state)
        forward = sorted(q for q, flipped in states if not flipped)
        reverse = sorted(q for q, flipped in states if flipped)
        subject_types = types(c for q, f in states for c in (ranges if f else domains).get(q, ()))
        object_types = types(c for q, f in states for c in (domains if f else ranges).get(q, ()))
        property_rules[p] = PropertyRule(
            tuple(forward), tuple(reverse), tuple(sorted(subject_types)), tuple(sorted(object_types))
        )
    terms = {x for t in triples for x in t if not isinstance(x, Literal)}
    rules = Rules(
        superclasses=superclasses,
        property_rules=property_rules,
        transitive_properties=frozenset(ontology.subjects(_TYPE, OWL.TransitiveProperty)),
        functional_properties=frozenset(ontology.subjects(_TYPE, OWL.FunctionalProperty)),
        properties=frozenset(reasoned_properties(ontology)),
        ontology_triples=triples,
        ontology_closure=frozenset(),
        tbox=frozenset(ontology.subjects()),
        ontology_terms=frozenset(terms),
    )
    return replace(rules, ontology_closure=frozenset(rules.local(triples, trusted=True)))


def infer(
    ontology: Graph,
    reference: Graph,
    articles: Iterable[Graph],
    asserted: Container[tuple] | None = None,
) -> ReasonResult:
    """Return what kg.reason.infer returns: by the compiled rules, or by owlrl when they do not cover it."""
    from .reason import infer as owlrl_infer

    articles = list(articles)
    try:
        rules = compile_rules(ontology)
        return rules.infer(reference, articles, asserted)
    except UnsupportedOntology:
        return owlrl_infer(ontology, reference, articles, asserted)
