"""Cost of validation and reasoning per article and for a large corpus (default 10,000 articles).

The corpus is made from real mapper output: the articles in seeds/ (and any folders given with
--articles-from, e.g. the dev articles) are mapped once, then copied with new article IRIs (the
article, its sentences, statistics, statements and assertions get a new slug; officials, agencies,
programs and events stay shared, as they are across real articles). Prints the figures; no asserts.

    python bench/reason_validate.py                       # seeds, 10,000 articles
    python bench/reason_validate.py --articles 1000 --articles-from /path/to/articles
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from rdflib import Graph

from kg.articles import find_articles, load_article
from kg.build import load_ontology, load_reference
from kg.mapper import map_article
from kg.namespaces import GRAPH_REFERENCE, ID
from kg.reason import entity_layer, infer
from kg.validate import entity_layer as shapes_layer
from kg.validate import load_entity_shapes, load_shapes, validate_graph

REPO = Path(__file__).resolve().parents[1]


def mapped_articles(folders: list[Path]) -> list[tuple[str, str]]:
    """Return (article slug, N-Triples) of every article in ``folders``."""
    out = []
    for path in find_articles(folders):
        article = load_article(path)
        out.append((article.iri.rsplit("/", 1)[-1], map_article(article).serialize(format="nt")))
    return out


def copies(originals: list[tuple[str, str]], n: int) -> Iterator[Graph]:
    """Yield ``n`` article graphs: the originals, then copies with re-identified article IRIs."""
    for i in range(n):
        slug, nt = originals[i % len(originals)]
        if i >= len(originals):
            new = f"{slug}-copy{i}"
            nt = re.sub(rf"({re.escape(str(ID))}(?:article|statistic|statement|assertion)/){re.escape(slug)}",
                        rf"\g<1>{new}", nt)
        yield Graph().parse(data=nt, format="nt")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="corpus size (default 10000)")
    parser.add_argument("--articles-from", type=Path, action="append", default=[],
                        help="more article folders to copy from (seeds/ is always used)")
    args = parser.parse_args()

    originals = mapped_articles([REPO / "seeds", *args.articles_from])
    shapes, entity_shapes = load_shapes(), load_entity_shapes()
    ontology, reference = load_ontology(), load_reference()
    print(f"{len(originals)} mapped articles, copied to {args.articles}")

    # per article: validation and reasoning of each original alone (with ontology and reference)
    validate_one, reason_one = [], []
    for g in copies(originals, len(originals)):
        started = time.perf_counter()
        validate_graph(g, shapes)
        validate_one.append(time.perf_counter() - started)
        reason_one.append(infer(ontology, reference, [g], asserted=set(g)).seconds)
    base = infer(ontology, reference, [], asserted=set(reference)).seconds
    print(f"per article: validation {1000 * statistics.mean(validate_one):.1f} ms; reasoning "
          f"{1000 * statistics.mean(reason_one):.0f} ms alone, of which {1000 * base:.0f} ms is the "
          "ontology and reference list on their own")

    # the corpus: every article validated on its own, then the entity layer and the closure once
    started = time.perf_counter()
    layer, checked, triples = Graph(), Graph(), 0
    for i, g in enumerate(copies(originals, args.articles), 1):
        report = validate_graph(g, shapes)
        if not report.conforms:
            print(f"copy {i} does not conform: {report.errors[0].line()}", file=sys.stderr)
        triples += len(g)
        layer += entity_layer([g])
        checked += shapes_layer([g])
        if i % 1000 == 0:
            print(f"  validated {i} articles ({time.perf_counter() - started:.0f}s)", flush=True)
    articles_s = time.perf_counter() - started
    print(f"{args.articles} articles ({triples} triples): validation of each article {articles_s:.1f}s "
          f"({1000 * articles_s / args.articles:.1f} ms/article)")

    started = time.perf_counter()
    report = validate_graph(checked + shapes_layer([reference]), entity_shapes, GRAPH_REFERENCE)
    print(f"entity layer ({len(checked)} triples): validation {time.perf_counter() - started:.1f}s, "
          f"{len(report.errors)} violation(s)")

    result = infer(ontology, reference, [layer], asserted=set(layer) | set(reference) | set(ontology))
    print(f"reasoning over the entity layer ({result.input_triples} triples in): {result.seconds:.1f}s, "
          f"{len(result.graph)} inferred triples ({1000 * result.seconds / args.articles:.1f} ms/article)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
