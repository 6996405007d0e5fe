"""`convert --engine dask`: JSON Lines partitions over a Dask cluster (the `dask` extra).

The driver only finds partition boundaries (byte offsets every `PARTITION_LINES` lines); each
worker reads its own byte range of the file (no records travel through the scheduler), runs the
same `ldcat.engine.work.process` as the local engine, and writes its own output shard and rejects shard
into the output directory (which must be shared by the workers). The driver then assembles the
catalogue from the shards in partition order, so the result is the same as a single-machine run.
"""

from __future__ import annotations

import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from ldcat.engine.work import Job, process
from ldcat.errors import UsageError
from ldcat.mapping import catalogue_graphs
from ldcat.model import Catalogue
from ldcat.pipeline import ConvertOptions, _validate_catalogues
from ldcat.problems import Problem, Report
from ldcat.read import read
from ldcat.serialise import WRITERS, atomic_open, extension, format_name

PARTITION_LINES = 5000


@dataclass(frozen=True, slots=True)
class Partition:
    number: int
    path: str
    start: int  # byte offsets
    end: int
    first_line: int


@dataclass
class ShardResult:
    """What a partition tells the driver: small data only (the triples stay in the shard files)."""

    number: int
    problems: list[Problem]
    records: list[tuple[str, str, list[Catalogue]]]  # key, origin, catalogues
    failed: int
    rejected: int
    triples: int
    links: list[tuple[str, str, str]]


def partitions(sources: list[str], lines: int = PARTITION_LINES) -> list[Partition]:
    """Byte ranges of `lines` lines each over JSON Lines files (directories: their *.jsonl)."""
    files: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix in (".jsonl", ".ndjson"))
        elif path.is_file():
            files.append(path)
        else:
            raise UsageError(f"{source}: the dask engine reads JSON Lines files or directories of them")
    parts: list[Partition] = []
    for path in files:
        with path.open("rb") as handle:
            start, first = 0, 1
            for line, _ in enumerate(iter(handle.readline, b""), 1):
                if line - first + 1 == lines:
                    parts.append(Partition(len(parts), str(path), start, handle.tell(), first))
                    start, first = handle.tell(), line + 1
            if handle.tell() > start:
                parts.append(Partition(len(parts), str(path), start, handle.tell(), first))
    return parts


def run_partition(part: Partition, job: Job, shard_dir: str, rejects: bool) -> ShardResult:
    """One worker's task: read its byte range, process it, write its shards."""
    with open(part.path, "rb") as handle:
        handle.seek(part.start)
        data = handle.read(part.end - part.start)
    items = [_renumbered(item, part) for item in read(io.BytesIO(data), "jsonl", name=part.path)]
    result = ShardResult(part.number, [], [], 0, 0, 0, [])
    texts: dict[str, list[str]] = {fmt: [] for fmt in job.formats}
    reject_lines: list[str] = []
    for start in range(0, len(items), 64):
        for outcome in process(items[start:start + 64], job):
            result.problems += outcome.problems
            if outcome.record is None:
                result.failed += 1
                continue
            if outcome.violations and rejects:
                result.rejected += 1
                reject_lines.append(json.dumps(outcome.reject(), ensure_ascii=False) + "\n")
                continue
            result.records.append((outcome.record.key, outcome.origin, outcome.record.catalogues))
            result.triples += outcome.count
            result.links += [(str(s), str(p), str(o)) for s, p, o in outcome.links]
            for fmt in job.formats:
                if outcome.rendered[fmt]:
                    texts[fmt].append(outcome.rendered[fmt])
    folder = Path(shard_dir)
    for fmt, parts in texts.items():
        glue = ",\n    " if fmt == "jsonld" else ""
        (folder / f"shard-{part.number:06d}.{extension(fmt)}").write_text(glue.join(parts), encoding="utf-8")
    (folder / f"rejects-{part.number:06d}.jsonl").write_text("".join(reject_lines), encoding="utf-8")
    return result


def _renumbered(item: object, part: Partition) -> object:
    """Origins say the line in the whole file, not in the partition."""
    def fix(origin: str | None) -> str | None:
        if origin and origin.startswith(part.path + ":"):
            line, _, rest = origin[len(part.path) + 1:].partition(" ")
            if line.isdigit():
                return f"{part.path}:{int(line) + part.first_line - 1}" + (f" {rest}" if rest else "")
        return origin

    if isinstance(item, Problem):
        return Problem(item.code, item.message, item.severity, fix(item.record), item.field)
    return type(item)(item.data, fix(item.origin), item.reader)  # type: ignore[attr-defined]


def convert_dask(sources: list[str], options: ConvertOptions, *, scheduler: str | None = None) -> Report:
    """Convert JSON Lines over Dask; the output is what `convert` would have written."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise UsageError("the dask engine needs the extra: pip install 'ldcat[dask]'") from exc
    if options.output is None or options.split or options.strict:
        raise UsageError("the dask engine writes to -o DIR, without --split or --strict")
    formats = tuple(dict.fromkeys(format_name(f) for f in options.formats))
    job = Job(mapping=options.mapping, formats=formats, validate=options.validate)
    shard_dir = options.output / ".shards"
    shutil.rmtree(shard_dir, ignore_errors=True)
    shard_dir.mkdir(parents=True)
    parts = partitions(sources)
    cluster = None if scheduler else LocalCluster(n_workers=options.jobs, threads_per_worker=1, processes=True,
                                                  host="127.0.0.1", dashboard_address=None)
    try:
        with Client(scheduler or cluster) as client:
            futures = client.map(run_partition, parts, job=job, shard_dir=str(shard_dir),
                                 rejects=options.on_invalid == "skip" and bool(options.validate), pure=False)
            results = sorted(client.gather(futures), key=lambda r: r.number)
    finally:
        if cluster is not None:
            cluster.close()
    report = _assemble(results, parts, options, formats, shard_dir)
    shutil.rmtree(shard_dir, ignore_errors=True)
    return report


def _assemble(results: list[ShardResult], parts: list[Partition], options: ConvertOptions,
              formats: tuple[str, ...], shard_dir: Path) -> Report:
    assert options.output is not None
    report = Report()
    catalogues: dict[str, Catalogue] = {}
    seen: dict[str, str] = {}
    for result in results:
        report.extend(result.problems)
        report.count("failed", result.failed)
        report.count("rejected", result.rejected)
        report.count("triples", result.triples)
        for key, origin, cats in result.records:
            if key in seen:  # already written by another shard: say so (the local engine skips it)
                report.add(Problem("duplicate-record", f"same record as {seen[key]}; both copies written",
                                   "warning", origin, "extra_data.uuid"))
            seen.setdefault(key, origin)
            catalogues.update((c.key, c) for c in cats)
            report.count("records")
            report.count("written")
            report.count("read")
    summary = catalogue_graphs(catalogues.values(), options.mapping)
    report.count("triples", sum(len(g) for _, g in summary))
    if options.validate:
        from rdflib import Graph, URIRef

        links = Graph()
        for result in results:
            for s, p, o in result.links:
                links.add((URIRef(s), URIRef(p), URIRef(o)))
        _validate_catalogues(sum((g for _, g in summary), links), options, report)
    for fmt in formats:
        with atomic_open(options.output / f"catalog.{extension(fmt)}") as out:
            writer = WRITERS[fmt](out)
            writer.begin()
            for part in parts:
                writer.emit((shard_dir / f"shard-{part.number:06d}.{extension(fmt)}").read_text(encoding="utf-8"))
            for name, graph in summary:
                writer.write(graph, name)
            writer.end()
    if report.stats["rejected"] and options.rejects is not None:
        with atomic_open(options.rejects) as out:
            for part in parts:
                out.write((shard_dir / f"rejects-{part.number:06d}.jsonl").read_text(encoding="utf-8"))
    return report

