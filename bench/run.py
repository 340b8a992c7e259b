"""Scale benchmark: kg build, ingest, saved queries, export and validate on synthetic corpora.

For each corpus size N (articles made by bench/generate.py, deterministic from --seed) it measures:
kg build (wall time, articles/s, peak RSS of the process tree), kg ingest of one more article into
the N-article store (when this kg has `kg ingest`), the p50/p95 latency of every saved query run
in-process (pyoxigraph, store opened once) and as a whole `kg query` process (start-up included),
kg export (N-Triples) and kg validate; and, up to --rdflib-max articles, the same queries on a plain
rdflib in-memory graph of the same data, as the ratio kg/rdflib. Listing queries (no parameter) run
with --limit 100; conflicting-figures and the aggregate (statistics counted per measure) run in full.
Prints the figures and writes bench/RESULTS.md. Measured, never asserted.

    python bench/run.py                         # 1,000 articles
    python bench/run.py --articles 1000 10000   # both sizes in one RESULTS.md
    python bench/run.py --articles 10000 --large   # and 100,000 (long; rdflib is left out there)
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import article_text, minister_of, write_corpus  # noqa: E402

from kg.namespaces import PREFIXES, search_key  # noqa: E402
from kg.queries import SavedQuery, bind_params, list_queries, parse_query_text, run_sparql  # noqa: E402
from kg.store import open_store  # noqa: E402

__all__ = ["Figures", "measure", "main"]

KG = [sys.executable, "-m", "kg"]
LIMIT = 100
UNLIMITED = {"conflicting-figures", "aggregate"}
RDFLIB_ALWAYS = {"conflicting-figures", "aggregate"}  # the targets' comparison (up to --rdflib-max)
# parameter values that exist in every generated corpus (bench/generate.py)
PARAMS = {
    "official": minister_of("Kementerian Perindustrian", 1),
    "agency": "Kementerian Perindustrian",
    "measure": "tenaga kerja",
    "entity": "Kementerian Perindustrian",
    "from": "2024-01-01",
    "to": "2024-06-30",
}
AGGREGATE = parse_query_text(
    "aggregate",
    "#+ title: Statistics counted per measure\n"
    "SELECT ?measure (COUNT(?s) AS ?n) WHERE { ?s a kgo:Statistic ; kgo:measureKey ?measure } "
    "GROUP BY ?measure ORDER BY DESC(?n)",
)


@dataclass
class QueryFigures:
    """Latencies of one query (seconds): in-process p50/p95, whole process p50/p95, rdflib median."""

    name: str
    parameterized: bool
    rows: int = 0
    p50: float = 0.0
    p95: float = 0.0
    process_p50: float = 0.0
    process_p95: float = 0.0
    rdflib: float | None = None


@dataclass
class Figures:
    """Everything measured for one corpus size."""

    articles: int
    triples: int = 0
    build_s: float = 0.0
    build_rss_mb: float = 0.0
    build_summary: str = ""
    ingest_s: float | None = None
    export_s: float = 0.0
    validate_s: float | None = None
    queries: list[QueryFigures] = field(default_factory=list)


def _peak_rss_mb(pid: int, stop: threading.Event, out: list[float]) -> None:
    """Sample the RSS of process ``pid`` and its descendants every 0.1 s; keep the peak sum in out[0]."""
    while not stop.is_set():
        total, todo = 0, [pid]
        while todo:
            p = todo.pop()
            try:
                with open(f"/proc/{p}/status") as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1])
                for task in os.listdir(f"/proc/{p}/task"):
                    with open(f"/proc/{p}/task/{task}/children") as f:
                        todo.extend(int(c) for c in f.read().split())
            except (OSError, ValueError):
                continue
        out[0] = max(out[0], total / 1024)
        stop.wait(0.1)


def run(cmd: list[str], timeout: float | None = None) -> tuple[float, float, str]:
    """Run ``cmd``; return (wall seconds, peak RSS of its process tree in MB, stderr's last line)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak, stop = [0.0], threading.Event()
    sampler = threading.Thread(target=_peak_rss_mb, args=(proc.pid, stop, peak), daemon=True)
    sampler.start()
    try:
        _, err = proc.communicate(timeout=timeout)
    finally:
        stop.set()
        sampler.join()
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {err.strip()[-500:]}")
    lines = err.strip().splitlines()
    return seconds, peak[0], lines[-1] if lines else ""


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def _queries() -> list[SavedQuery]:
    return [*list_queries(), AGGREGATE]


def _values(q: SavedQuery) -> dict[str, str]:
    return {p.name: PARAMS.get(p.name, p.example) for p in q.params}


def _kg_times(store_path: Path, name: str, repeat: int) -> tuple[list[float], int]:
    """Return the in-process run times of query ``name`` on the store (after a warm-up) and its rows."""
    q = next(q for q in _queries() if q.name == name)
    limit = None if q.name in UNLIMITED else LIMIT
    store = open_store(store_path)
    bindings = bind_params(q, _values(q))
    rows = len(run_sparql(store, q.text, bindings, limit).rows)  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run_sparql(store, q.text, bindings, limit)
        times.append(time.perf_counter() - started)
    return times, rows


def _rdflib_times(store_path: Path, name: str, repeat: int) -> tuple[list[float], int]:
    """Return the run times of query ``name`` on an rdflib memory graph of the store's data, and rows."""
    import pyoxigraph as ox
    from rdflib import Dataset, Graph, Literal, Variable

    q = next(q for q in _queries() if q.name == name)
    store = open_store(store_path)
    if "GRAPH" in q.text.upper():  # named graphs needed: the article graphs, union as default
        named = (q for q in store if isinstance(q.graph_name, ox.NamedNode))
        data = ox.serialize(named, format=ox.RdfFormat.N_QUADS) or b""
        graph = Dataset(default_union=True)
        graph.parse(data=data, format="nquads")
    else:  # the union, each triple once, as kg's default graph
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        graph = Graph()
        graph.parse(data=data, format="nt")
    del store
    bindings = {}
    for k, v in _values(q).items():
        bindings[Variable(k)] = Literal(v)
        bindings[Variable(f"{k}Key")] = Literal(search_key(v))
    times, rows = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        result = graph.query(q.text, initNs=dict(PREFIXES), initBindings=bindings)
        rows = len(list(itertools.islice(result, None if q.name in UNLIMITED else LIMIT)))
        times.append(time.perf_counter() - started)
    return times, rows


def _child(engine: str, store_path: Path, name: str, repeat: int, timeout: float) -> list[float] | None:
    """Return the times of ``_kg_times``/``_rdflib_times`` run in a child process, None on timeout.

    Neither engine can be interrupted inside a query, so each query runs in its own process.
    """
    cmd = [sys.executable, __file__, "--child", engine, str(store_path), name, str(repeat)]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True).stdout
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as e:  # e.g. rdflib's regex engine lacks \\p{...}
        print(f"  {engine} cannot run {name}: {e.stderr.strip().splitlines()[-1]}", flush=True)
        return [0, math.nan]
    return json.loads(out.strip().splitlines()[-1])


def time_queries(
    store_path: Path, args: argparse.Namespace, rdflib: bool, rdflib_some: bool
) -> list[QueryFigures]:
    """Return the latencies of every saved query on the store: in-process, as a process, on rdflib."""
    out = []
    for q in _queries():
        limit = None if q.name in UNLIMITED else LIMIT
        f = QueryFigures(q.name, bool(q.params))
        found = _child("kg", store_path, q.name, args.repeat, args.query_timeout)
        if found is None:
            f.p50 = f.p95 = math.inf
        else:
            f.rows, times = int(found[0]), found[1:]
            f.p50, f.p95 = _pct(times, 0.5), _pct(times, 0.95)
        if q.path is not None and found is not None:
            cmd = [*KG, "query", q.name, "--format", "csv", "--store", str(store_path)]
            cmd += [a for k, v in _values(q).items() for a in ("--param", f"{k}={v}")]
            cmd += [] if limit is None else ["--limit", str(limit)]
            ptimes = [run(cmd)[0] for _ in range(args.process_repeat)]
            f.process_p50, f.process_p95 = _pct(ptimes, 0.5), _pct(ptimes, 0.95)
        if rdflib or (rdflib_some and q.name in RDFLIB_ALWAYS):
            found = _child("rdflib", store_path, q.name, args.rdflib_repeat, args.query_timeout * 5)
            f.rdflib = math.inf if found is None else statistics.median(found[1:])
        print(f"  {q.name}: p50 {_ms(f.p50)} ms, p95 {_ms(f.p95)} ms, process p50 {_ms(f.process_p50)} ms, "
              f"rdflib {_ms(f.rdflib)} ms ({f.rows} rows)", flush=True)
        out.append(f)
    return out


def measure(n: int, work: Path, seed: int, args: argparse.Namespace) -> Figures:
    """Return the Figures of a corpus of ``n`` articles (corpus and stores kept under ``work``)."""
    corpus = work / f"corpus-{n}-{seed}"
    if not (corpus / ".complete").exists():
        print(f"[{n}] generating the corpus in {corpus}", flush=True)
        shutil.rmtree(corpus, ignore_errors=True)
        write_corpus(corpus, n, seed)
        (corpus / ".complete").write_text("")
    store = work / f"store-{n}"
    fig = Figures(n)
    print(f"[{n}] kg build", flush=True)
    fig.build_s, fig.build_rss_mb, fig.build_summary = run(
        [*KG, "build", str(corpus), "--store", str(store), "-q"]
    )
    print(
        f"[{n}]   {fig.build_s:.1f}s, {n / fig.build_s:.0f} articles/s, peak {fig.build_rss_mb:.0f} MB: "
        f"{fig.build_summary}",
        flush=True,
    )
    fig.triples = int(__import__("json").loads((store / "kg-store.json").read_text())["quads"])

    if "ingest" in subprocess.run([*KG, "--help"], capture_output=True, text=True).stdout:
        extra = work / f"extra-{n}.txt"
        extra.write_text(article_text(seed + 1, n).text, encoding="utf-8")
        copy = work / f"store-{n}-ingest"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(store, copy)
        fig.ingest_s = run([*KG, "ingest", str(extra), "--store", str(copy), "-q"])[0]
        shutil.rmtree(copy, ignore_errors=True)
        print(f"[{n}] kg ingest of one article: {fig.ingest_s:.2f}s", flush=True)

    print(f"[{n}] queries", flush=True)
    fig.queries = time_queries(store, args, rdflib=n <= args.rdflib_all_max, rdflib_some=n <= args.rdflib_max)

    out = work / f"export-{n}.nt"
    fig.export_s = run([*KG, "export", "--format", "nt", "-o", str(out), "--store", str(store)])[0]
    out.unlink(missing_ok=True)
    print(f"[{n}] kg export: {fig.export_s:.1f}s", flush=True)
    if not args.no_validate:
        try:
            fig.validate_s = run([*KG, "validate", "--store", str(store)], timeout=args.validate_timeout)[0]
            print(f"[{n}] kg validate: {fig.validate_s:.1f}s", flush=True)
        except subprocess.TimeoutExpired:
            print(f"[{n}] kg validate: over {args.validate_timeout:.0f}s, stopped", flush=True)

    return fig


def _ms(seconds: float | None) -> str:
    if seconds is not None and math.isinf(seconds):
        return "timeout"
    if seconds is not None and math.isnan(seconds):
        return "error"
    return "–" if seconds is None else f"{1000 * seconds:.0f}" if seconds >= 0.1 else f"{1000 * seconds:.1f}"


def seeds_process_times(work: Path, repeat: int = 10) -> list[float]:
    """Return the wall times of whole `kg query` processes on a store of seeds/ (start-up included)."""
    store = work / "store-seeds"
    subprocess.run([*KG, "build", str(HERE.parent / "seeds"), "--store", str(store), "-q"], check=True,
                   capture_output=True)
    cmd = [*KG, "query", "programs-by-official", "--param", "official=Reni Yanita", "--store", str(store)]
    return [run(cmd)[0] for _ in range(repeat)]


def results_md(all_figures: list[Figures], seed: int, seeds_times: list[float] | None = None) -> str:
    """Return bench/RESULTS.md for the figures."""
    cpu = platform.processor() or platform.machine()
    lines = [
        "# kg scale benchmark",
        "",
        f"Written by `python bench/run.py` (seed {seed}) on {os.cpu_count()} cores ({cpu}), "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}. "
        "Synthetic corpora from bench/generate.py. Times are wall-clock; peak RSS is the sum over the "
        "build's process tree (sampled every 0.1 s).",
        "",
        "## Build, ingest, export, validate",
        "",
        "| articles | triples | kg build (s) | articles/s | peak RSS (MB) | kg ingest 1 article (s) "
        "| kg export nt (s) | kg validate (s) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for f in all_figures:
        lines.append(
            f"| {f.articles} | {f.triples} | {f.build_s:.1f} | {f.articles / f.build_s:.0f} | "
            f"{f.build_rss_mb:.0f} | {'–' if f.ingest_s is None else f'{f.ingest_s:.2f}'} | "
            f"{f.export_s:.1f} | {'–' if f.validate_s is None else f'{f.validate_s:.1f}'} |"
        )
    lines += ["", "Build summaries: " + "; ".join(f"{f.articles}: {f.build_summary}" for f in all_figures)]
    if seeds_times:
        lines += [
            "",
            f"`kg query programs-by-official` as a whole process on the seeds store: p50 "
            f"{_ms(_pct(seeds_times, 0.5))} ms, p95 {_ms(_pct(seeds_times, 0.95))} ms "
            f"({len(seeds_times)} runs, start-up included).",
        ]
    for f in all_figures:
        lines += [
            "",
            f"## Queries at {f.articles} articles (ms)",
            "",
            "In-process: store opened once, p50/p95 of repeated runs; process: "
            "`kg query ... --format csv` including start-up. Listing queries with --limit 100.",
            "",
            "| query | param | rows | p50 | p95 | process p50 | process p95 | rdflib | kg/rdflib |",
            "|---|:-:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for q in f.queries:
            ok = q.rdflib and math.isfinite(q.rdflib) and math.isfinite(q.p50)
            ratio = f"{q.p50 / q.rdflib:.3f}" if ok else "–"
            proc = (_ms(q.process_p50), _ms(q.process_p95)) if q.process_p50 else ("–", "–")
            lines.append(
                f"| {q.name} | {'yes' if q.parameterized else ''} | {q.rows} | {_ms(q.p50)} | {_ms(q.p95)} | "
                f"{proc[0]} | {proc[1]} | {_ms(q.rdflib)} | {ratio} |"
            )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000], help="corpus sizes (default 1000)")
    parser.add_argument("--large", action="store_true", help="also 100,000 articles (long)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument(
        "--work", type=Path, default=None, help="folder for corpora and stores (default: tmp)"
    )
    parser.add_argument("--repeat", type=int, default=20, help="in-process runs per query (default 20)")
    parser.add_argument("--process-repeat", type=int, default=5, help="kg query processes per query (5)")
    parser.add_argument(
        "--rdflib-max", type=int, default=10_000, help="largest N compared with rdflib (aggregate, conflicts)"
    )
    parser.add_argument(
        "--rdflib-all-max", type=int, default=1_000, help="largest N where rdflib runs every query"
    )
    parser.add_argument("--no-validate", action="store_true", help="skip kg validate")
    parser.add_argument("--validate-timeout", type=float, default=3600, help="stop kg validate after S s")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md", help="results file")
    parser.add_argument("--query-timeout", type=float, default=120, help="stop a query after S s (120)")
    parser.add_argument("--rdflib-repeat", type=int, default=3, help="rdflib runs per query (default 3)")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        engine, store, name, repeat = args.child
        times, rows = (_kg_times if engine == "kg" else _rdflib_times)(Path(store), name, int(repeat))
        print(json.dumps([rows, *times]))
        return 0
    sizes = sorted(set(args.articles) | ({100_000} if args.large else set()))
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    seeds_times = seeds_process_times(work)
    print(f"kg query on the seeds store (whole process): p50 {_ms(_pct(seeds_times, 0.5))} ms", flush=True)
    figures = [measure(n, work, args.seed, args) for n in sizes]
    args.out.write_text(results_md(figures, args.seed, seeds_times), encoding="utf-8")
    print(f"wrote {args.out}")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
