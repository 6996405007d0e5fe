"""The `ldcat` command: a thin shell over the library.

Each command parses options, calls one library function and renders its report. Exit codes:
0 success, 1 some records failed (the others were written), 2 usage error or unreadable input.
"""

from __future__ import annotations

import json
import sys
import time
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import click

from ldcat import sparql
from ldcat.errors import InputError, StopRun, UsageError
from ldcat.mapping import PROFILES, MapOptions, check_profiles
from ldcat.mapping.iris import DEFAULT_BASE
from ldcat.namespaces import RDF, SH
from ldcat.pipeline import ConvertOptions, OnInvalid, convert, default_jobs, validate_sources
from ldcat.problems import Problem, Report
from ldcat.publish import PublishOptions, publish
from ldcat.read import FORMATS as READ_FORMATS
from ldcat.read.rdf import RDF_FORMATS
from ldcat.serialise import ALIASES, WRITERS
from ldcat.serve import make_server
from ldcat.sparql import GRAPH_FORMATS, RESULT_FORMATS, bind, named_queries
from ldcat.store import (
    DEFAULT_STORE,
    SERVERS,
    Endpoint,
    LoadOptions,
    default_store,
    input_graphs,
    load_embedded,
    load_remote,
    open_store,
)
from ldcat.validate import PROFILE_FILES, profile_description, shapes_graph

CONFIG_NAME = "ldcat.toml"
FORMAT_CHOICES = click.Choice([*WRITERS, *ALIASES], case_sensitive=False)


class Progress:
    """A progress bar on stderr (records, records/s, ETA when the total is known), redrawn in
    place; silent when stderr is not a terminal, and with --quiet."""

    def __init__(self, enabled: bool, total: int | None = None) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.total = total
        self.start = time.monotonic()
        self.last = 0.0

    def __call__(self, n: int) -> None:
        now = time.monotonic()
        if self.enabled and now - self.last > 0.25:
            self.last = now
            rate = n / max(now - self.start, 1e-9)
            line = f"{n:,} records  {rate:,.0f}/s"
            if self.total:
                done = min(n / self.total, 1.0)
                bar = "#" * int(done * 30)
                eta = (self.total - n) / rate if rate else 0
                line = f"[{bar:<30}] {n:,}/{self.total:,}  {rate:,.0f}/s  ETA {int(eta // 60)}:{int(eta % 60):02d}"
            click.echo("\r" + line, nl=False, err=True)

    def done(self) -> None:
        if self.enabled and self.last:
            click.echo("\r" + " " * 79 + "\r", nl=False, err=True)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.start


def count_lines(sources: tuple[str, ...]) -> int | None:
    """The number of records when every source is a JSON Lines file (for the ETA), else None."""
    total = 0
    for source in sources:
        path = Path(source)
        if source == "-" or path.suffix not in (".jsonl", ".ndjson") or not path.is_file():
            return None
        with path.open("rb") as handle:
            total += sum(1 for line in handle if line.strip())
    return total


@contextmanager
def library_errors() -> Iterator[None]:
    """The library's errors as the CLI's exits: usage errors exit 2 with click's usage message,
    unreadable input exits 2 with its message, a stopped run exits 1."""
    try:
        yield
    except UsageError as exc:
        raise click.UsageError(str(exc)) from exc
    except InputError as exc:
        click.secho(f"Error: {exc}", fg="red", err=True)
        sys.exit(2)
    except StopRun as exc:
        click.secho(f"Error: stopped: {exc}", fg="red", err=True)
        sys.exit(1)


def load_config(path: Path | None) -> dict[str, Any]:
    """Settings from --config, else ./ldcat.toml if there is one."""
    if path is None:
        path = Path(CONFIG_NAME)
        if not path.is_file():
            return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise click.UsageError(f"cannot read config {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise click.UsageError(f"config {path} is not valid TOML: {exc}") from exc


def mapping_options(config: dict[str, Any], base_iri: str | None, profiles: tuple[str, ...],
                    harvested: str | None) -> MapOptions:
    try:
        chosen = check_profiles(profiles or config.get("profiles") or PROFILES)
        when = harvested or config.get("harvested")
        day = when if isinstance(when, date) else date.fromisoformat(when) if when else date.today()
    except UsageError as exc:
        raise click.BadParameter(str(exc), param_hint="--profile") from exc
    except (TypeError, ValueError) as exc:
        raise click.BadParameter(f"not an ISO date: {when!r}", param_hint="--harvested") from exc
    base = base_iri or config.get("base_iri") or DEFAULT_BASE
    if not str(base).startswith(("http://", "https://")):
        raise click.BadParameter(f"{base!r} is not an http(s) IRI", param_hint="--base-iri")
    return MapOptions(base_iri=str(base), profiles=chosen, harvested=day)


def problem_printer(*, quiet: bool = False, verbose: bool = False) -> Callable[[Problem], None]:
    """Prints problems as they come (errors only with --quiet, info too with --verbose)."""
    shown = {"error"} | (set() if quiet else {"warning"}) | ({"info"} if verbose and not quiet else set())

    def show(problem: Problem) -> None:
        if problem.severity in shown:
            colour = {"error": "red", "warning": "yellow"}.get(problem.severity)
            click.secho(str(problem), fg=colour, err=True)

    return show


def live_report(*, quiet: bool, verbose: bool, as_json: bool) -> Report:
    """A report that prints problems as they come and keeps only counts (all of it for JSON)."""
    if as_json:
        return Report()
    return Report(sink=problem_printer(quiet=quiet, verbose=verbose), keep=False)


def summarise(report: Report, *, as_json: bool, seconds: float | None = None) -> None:
    """The report as JSON, or the one-line summary (the problems were printed as they came)."""
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False), err=True)
        return
    s = report.stats
    rejected = f", {s['rejected']} rejected" if "rejected" in s else ""
    took = f" in {seconds:.1f} s" if seconds is not None else ""
    click.echo(f"{s['written']} record(s) converted, {s['failed']} failed{rejected}, {s['warnings']} "
               f"warning(s), {s['triples']} triples{took}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ldcat")
def main() -> None:
    """Publish research-data catalogue records (Harmony Data Discovery) as Linked Data:
    schema.org and DCAT 3 in Turtle, JSON-LD and N-Triples."""


@main.command(name="convert")
@click.argument("sources", nargs=-1, required=True, type=click.Path(allow_dash=True, path_type=str))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=str),
              help="Directory to write catalog.<ext> into (one file per format); '-' or omitted: stdout.")
@click.option("-f", "--format", "formats", multiple=True, type=FORMAT_CHOICES,
              help="turtle (default), jsonld, nt, or nq (a named graph per record); repeat for several (needs -o DIR).")
@click.option("--from", "reader", type=click.Choice(READ_FORMATS),
              help="Input format, when auto-detection by content is not wanted.")
@click.option("--profile", "profiles", multiple=True, type=click.Choice(list(PROFILES)),
              help="Vocabularies to emit (default: all): schema = schema.org, dcat = DCAT 3 / DCAT-AP 3.")
@click.option("--base-iri", help=f"Base IRI that every minted IRI starts with (default {DEFAULT_BASE}).")
@click.option("--harvested", metavar="DATE", help="When the records were harvested: the catalogue "
              "records' dct:modified (default: today). Pin it for byte-identical reruns.")
@click.option("--split", is_flag=True, help="Also write one file per record to DIR/datasets/.")
@click.option("--validate", "validate", is_flag=True, help="Check every record against SHACL shapes as it goes.")
@click.option("--shapes", "shape_profiles", multiple=True, type=click.Choice(list(PROFILE_FILES)),
              help="Shape profiles for --validate (default: all; see `ldcat shapes list`).")
@click.option("--on-invalid", type=click.Choice(["skip", "keep", "fail"]), default="skip", show_default=True,
              help="With --validate, what to do with a record that has violations: skip it (and list it in the "
              "rejects file), keep it, or fail the run (nothing is written).")
@click.option("--rejects", type=click.Path(dir_okay=False, path_type=Path),
              help="Where skipped records are listed with the reasons (default: DIR/rejects.jsonl).")
@click.option("--strict", is_flag=True, help="Stop at the first bad record (nothing is written).")
@click.option("-j", "--jobs", type=click.IntRange(1), default=default_jobs, show_default="the number of cores",
              help="Worker processes; output order does not depend on it.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this machine (--jobs); dask: partitions of JSON Lines files over a Dask cluster.")
@click.option("--scheduler", metavar="ADDRESS", help="With --engine dask: a scheduler (tcp://host:8786); "
              "default: a local cluster of --jobs workers.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help=f"TOML file with base_iri, harvested, profiles (default: ./{CONFIG_NAME} if present).")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no warnings, only errors and the summary.")
@click.option("-v", "--verbose", is_flag=True, help="Also show informational notes.")
@click.option("--report-json", is_flag=True, help="Print the report as JSON on stderr.")
def convert_command(sources: tuple[str, ...], output: str | None, formats: tuple[str, ...], reader: str | None,
                    profiles: tuple[str, ...], base_iri: str | None, harvested: str | None, split: bool,
                    validate: bool, shape_profiles: tuple[str, ...], on_invalid: OnInvalid, rejects: Path | None,
                    strict: bool, jobs: int, engine: str, scheduler: str | None, config_path: Path | None,
                    quiet: bool, verbose: bool, report_json: bool) -> None:
    """Convert Harmony records (API JSON, JSON Lines, page payloads, schema.org JSON-LD or HTML)
    into schema.org + DCAT RDF.

    SOURCES are files, or - for standard input.

    \b
    Examples:
      ldcat convert records.jsonl -o output/ -f turtle -f jsonld -f nt
      ldcat convert page.rsc.txt -f turtle
      curl -s "$HARMONY/discover/lookup?uuid=..." | ldcat convert - -f nt > all.nt
      ldcat convert records.jsonl -o output/ --validate --on-invalid skip
    """
    config = load_config(config_path)
    directory = None if output in (None, "-") else Path(output)
    options = ConvertOptions(
        formats=formats or tuple(config.get("formats", ())) or ("turtle",),
        output=directory,
        split=split, reader=reader, strict=strict,
        mapping=mapping_options(config, base_iri, profiles, harvested),
        validate=(shape_profiles or tuple(PROFILE_FILES)) if validate else (),
        on_invalid=on_invalid,
        rejects=rejects or (directory / "rejects.jsonl" if directory else None),
        jobs=jobs,
    )
    show = not quiet and options.output is not None and sys.stderr.isatty()
    progress = Progress(show, count_lines(sources) if show else None)
    live = live_report(quiet=quiet, verbose=verbose, as_json=report_json)
    try:
        with library_errors():
            if engine == "dask":
                from ldcat.engine.dask import convert_dask

                report = convert_dask(list(sources), options, scheduler=scheduler)
                for problem in report if live.sink else ():
                    live.sink(problem)
            else:
                report = convert([sys.stdin.buffer if s == "-" else s for s in sources], options,
                                 progress=progress, report=live)
    finally:
        progress.done()
    summarise(report, as_json=report_json, seconds=progress.elapsed)
    sys.exit(0 if report.ok else 1)


@main.command(name="validate")
@click.argument("sources", nargs=-1, required=True, type=click.Path(allow_dash=True, path_type=str))
@click.option("--profile", "profiles", multiple=True, metavar="PROFILE",
              help=f"Shape profile to check ({', '.join(PROFILE_FILES)}); repeat for several. Default: all.")
@click.option("--report", "report_format", type=click.Choice(["text", "json", "turtle"]), default="text",
              show_default=True, help="text for people, json (stable schema), turtle (the SHACL report graph).")
@click.option("--fail-on", type=click.Choice(["violation", "warning"]), default="violation", show_default=True,
              help="Which severity makes the exit code 1.")
@click.option("--from", "reader", type=click.Choice([*RDF_FORMATS, *READ_FORMATS]),
              help="Input format when detection by content is not wanted.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help=f"TOML settings for converting records first (default: ./{CONFIG_NAME} if present).")
def validate_command(sources: tuple[str, ...], profiles: tuple[str, ...], report_format: str, fail_on: str,
                     reader: str | None, config_path: Path | None) -> None:
    """Check RDF (Turtle, JSON-LD, N-Triples) or records (converted first) against SHACL shapes.

    Exit code 0 when everything conforms, 1 on violations (or warnings with --fail-on warning),
    2 on usage errors (missing or unreadable input, unknown profile).

    \b
    Examples:
      ldcat validate output/catalog.ttl
      ldcat validate records.json --profile google --profile dcat-ap-3
      ldcat validate output/catalog.nt --report json > report.json
    """
    config = load_config(config_path)
    with library_errors():
        report, problems = validate_sources(list(sources), profiles, reader,
                                            mapping_options(config, None, (), None))
    for problem in problems.errors:
        click.secho(str(problem), fg="red", err=True)
    severity = "warning" if fail_on == "warning" else "violation"
    if report_format == "json":
        click.echo(report.to_json(severity), nl=False)
    elif report_format == "turtle":
        click.echo(report.to_graph().serialize(format="turtle"), nl=False)
    else:
        click.echo(report.to_text(severity), nl=False)
    sys.exit(0 if report.conforms(severity) and problems.ok else 1)


@main.group(name="shapes")
def shapes_group() -> None:
    """The SHACL shape profiles ldcat validates against.

    \b
    Example:
      ldcat shapes list
    """


@shapes_group.command(name="list")
def shapes_list() -> None:
    """List the shape profiles, what each checks and how many shapes it has.

    \b
    Example:
      ldcat shapes list
    """
    for profile, filename in PROFILE_FILES.items():
        graph = shapes_graph(profile)
        count = len(set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.subjects(RDF.type, SH.PropertyShape)))
        click.echo(f"{profile:10} shapes/{filename} ({count} shapes)")
        click.echo(f"           {profile_description(profile)}")


def _endpoint(url: str, server: str, user: str | None, password: str | None) -> Endpoint:
    try:
        return Endpoint.from_base(url, server, user, password)
    except UsageError as exc:
        raise click.BadParameter(str(exc), param_hint="--endpoint") from exc


endpoint_options = [
    click.option("--endpoint", metavar="URL", help="A SPARQL 1.1 server's base URL instead of the embedded store."),
    click.option("--server", type=click.Choice(list(SERVERS)), default="oxigraph", show_default=True,
                 help="Which paths the server uses (Graph Store, query, update) and its auth."),
    click.option("--user", envvar="LDCAT_USER", help="User for the endpoint (or LDCAT_USER, or ~/.netrc)."),
    click.option("--password", envvar="LDCAT_PASSWORD", help="Password (better: LDCAT_PASSWORD or ~/.netrc)."),
]


def with_endpoint_options(func: Any) -> Any:
    for option in reversed(endpoint_options):
        func = option(func)
    return func


@main.command(name="load")
@click.argument("sources", nargs=-1, required=True, type=click.Path(allow_dash=True, path_type=str))
@click.option("--store", "store_path", type=click.Path(file_okay=False, path_type=Path),
              help=f"Embedded store directory (default: ./{DEFAULT_STORE} or $LDCAT_STORE).")
@with_endpoint_options
@click.option("--protocol", type=click.Choice(["gsp", "update"]), default="gsp", show_default=True,
              help="With --endpoint: Graph Store Protocol (a PUT per graph) or batched SPARQL Update.")
@click.option("--append", is_flag=True, help="Add to the graphs instead of replacing them (GSP POST).")
@click.option("--batch", "batch_size", type=click.IntRange(1), default=50, show_default=True,
              help="Graphs per SPARQL Update request.")
@click.option("--sync", is_flag=True, help="Also remove the record graphs that are not in this input.")
@click.option("--from", "reader", type=click.Choice(READ_FORMATS), help="Input format of record files.")
@click.option("--base-iri", help=f"Base IRI for records converted on the way (default {DEFAULT_BASE}).")
@click.option("--harvested", metavar="DATE", help="Harvest date for records converted on the way (default: today).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help=f"TOML settings (default: ./{CONFIG_NAME} if present).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors and the summary.")
def load_command(sources: tuple[str, ...], store_path: Path | None, endpoint: str | None, server: str,
                 user: str | None, password: str | None, protocol: str, append: bool, batch_size: int,
                 sync: bool, reader: str | None, base_iri: str | None, harvested: str | None,
                 config_path: Path | None, quiet: bool) -> None:
    """Load records (converted on the way) or RDF files into a triple store, one named graph per
    record: loading a record again replaces it.

    \b
    Examples:
      ldcat load output/                          # output/catalog.nq into ./ldcat.store
      ldcat load records.jsonl --store ./harmony.store --sync
      ldcat load output/catalog.nq --endpoint http://127.0.0.1:7878
      LDCAT_PASSWORD=... ldcat load output/ --endpoint http://127.0.0.1:8890 --server virtuoso --user dba
    """
    config = load_config(config_path)
    mapping = mapping_options(config, base_iri, (), harvested)
    report = live_report(quiet=quiet, verbose=False, as_json=False)
    graphs = input_graphs([sys.stdin.buffer if s == "-" else s for s in sources], report, mapping, reader)
    namespaces = (str(mapping.iris.record("")), str(mapping.iris.catalog()))
    with library_errors():
        if endpoint:
            target = _endpoint(endpoint, server, user, password)
            load_remote(target, graphs, report, protocol=protocol, append=append, batch_size=batch_size,
                        sync=sync, namespaces=namespaces)
            where = target.gsp_url if protocol == "gsp" else target.update_url
        else:
            path = store_path or default_store()
            load_embedded(open_store(path), graphs, report, LoadOptions(sync=sync, namespaces=namespaces))
            where = str(path)
    s = report.stats
    click.echo(f"{s['graphs']} graph(s) loaded into {where} ({s['replaced']} replaced, {s['removed']} removed), "
               f"{s['quads']} triples, {s['failed']} failed", err=True)
    sys.exit(0 if report.ok else 1)


@main.command(name="query")
@click.argument("args", nargs=-1, type=str)
@click.option("-q", "--query-file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Read the query from a .rq file.")
@click.option("--named", metavar="NAME", help="Run a bundled query (see --list).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A named query's parameter.")
@click.option("--list", "list_queries", is_flag=True, help="List the bundled queries and their parameters.")
@click.option("--store", "store_path", type=click.Path(file_okay=False, path_type=Path),
              help=f"Embedded store to query (default: ./{DEFAULT_STORE} or $LDCAT_STORE).")
@with_endpoint_options
@click.option("-f", "--format", "fmt", type=click.Choice([*RESULT_FORMATS, *GRAPH_FORMATS]), default="table",
              show_default=True, help="table, csv, tsv, json for SELECT/ASK; turtle, nt, jsonld for CONSTRUCT.")
def query_command(args: tuple[str, ...], query_file: Path | None, named: str | None, params: tuple[str, ...],
                  list_queries: bool, store_path: Path | None, endpoint: str | None, server: str,
                  user: str | None, password: str | None, fmt: str) -> None:
    """Run SPARQL over RDF files, the embedded store or an endpoint. ARGS are RDF files to query
    and, unless -q or --named is given, the query text. Common prefixes (dcat, dct, schema, foaf,
    skos, xsd, ldcat...) are pre-declared.

    \b
    Examples:
      ldcat query "SELECT ?title WHERE { ?d a dcat:Dataset ; dct:title ?title }"
      ldcat query --store ./harmony.store --named datasets-by-keyword --param keyword=COVID-19 --format csv
      ldcat query output/catalog.ttl -q my-query.rq --format json
      ldcat query --list
    """
    if list_queries:
        for query in named_queries().values():
            click.echo(f"{query.name}: {query.description}")
            for param in query.params:
                click.echo(f"    --param {param.name}=...  ({param.kind}) {param.description}")
        return
    files = [Path(a) for a in args if Path(a).exists()]
    texts = [a for a in args if not Path(a).exists()]
    with library_errors():
        text, bindings = _query_text(texts, query_file, named, params)
        target = _endpoint(endpoint, server, user, password) if endpoint else None
        result = sparql.run(text, files=files, store=None if files or target else (store_path or default_store()),
                            endpoint=target, bindings=bindings)
    click.echo(sparql.render(result, fmt), nl=False)


def _query_text(texts: list[str], query_file: Path | None, named: str | None,
                params: tuple[str, ...]) -> tuple[str, dict[str, Any]]:
    given = [x for x in (texts and "text", query_file and "-q", named and "--named") if x]
    if len(given) != 1:
        raise UsageError("give exactly one query: its text, -q FILE or --named NAME"
                         + (f" (got {', '.join(given)}; is a file name misspelt?)" if given else ""))
    if named:
        queries = named_queries()
        if named not in queries:
            raise UsageError(f"no named query {named!r}; `ldcat query --list` shows them")
        values = dict(p.partition("=")[::2] for p in params)
        return queries[named].text, bind(queries[named], values)
    if params:
        raise UsageError("--param goes with --named")
    return (query_file.read_text(encoding="utf-8") if query_file else texts[0]), {}


@main.command(name="publish")
@click.argument("sources", nargs=-1, required=True, type=click.Path(allow_dash=True, path_type=str))
@click.option("--site", type=click.Path(file_okay=False, path_type=Path), default=Path("output/site"),
              show_default=True, help="The site directory (built beside it, then switched in).")
@click.option("--base-url", help="Where the site will be served, ending in '/': every IRI starts with it "
              "(default: the config's base_iri).")
@click.option("--page-size", type=click.IntRange(1), default=100, show_default=True,
              help="Datasets per catalogue page (Hydra paging) and per index page.")
@click.option("--harvested", metavar="DATE", help="dct:modified for new and changed records (default: today).")
@click.option("--from", "reader", type=click.Choice(READ_FORMATS), help="Input format of record files.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help=f"TOML settings (default: ./{CONFIG_NAME} if present).")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no warnings.")
def publish_command(sources: tuple[str, ...], site: Path, base_url: str | None, page_size: int,
                    harvested: str | None, reader: str | None, config_path: Path | None, quiet: bool) -> None:
    """Publish records as a static site for harvesters: the catalogue (paged with Hydra), one
    document per dataset in Turtle, JSON-LD and N-Triples, an HTML landing page per dataset with
    its schema.org JSON-LD, an N-Quads dump, VoID, sitemap.xml and robots.txt.

    \b
    Examples:
      ldcat publish records.jsonl --site output/site --base-url https://data.example.org/
      ldcat serve output/site --port 8080
    """
    config = load_config(config_path)
    mapping = mapping_options(config, base_url, (), harvested)
    options = PublishOptions(site=site, base_url=mapping.base_iri, page_size=page_size,
                             harvested=mapping.harvested, reader=reader)
    progress = Progress(not quiet)
    printer = problem_printer(quiet=quiet)

    def show(problem: Problem) -> None:
        if problem.code == "record-removed":  # listed, though it is no error
            click.echo(str(problem), err=True)
        else:
            printer(problem)

    try:
        with library_errors():
            report = publish([sys.stdin.buffer if s == "-" else s for s in sources], options, progress,
                             Report(sink=show, keep=False))
    finally:
        progress.done()
    s = report.stats
    click.echo(f"{s['written']} dataset(s) published to {site} ({s['changed']} new or changed, {s['unchanged']} "
               f"unchanged, {s['removed']} removed), {s['failed']} failed", err=True)
    sys.exit(0 if report.ok else 1)


@main.command(name="serve")
@click.argument("site", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
def serve_command(site: Path, port: int, host: str) -> None:
    """Serve a published site locally: content negotiation on dataset IRIs and the catalogue,
    Link headers on catalogue pages, and a SPARQL endpoint at /sparql.

    \b
    Examples:
      ldcat serve output/site --port 8080
      curl -H 'Accept: text/turtle' http://127.0.0.1:8080/dataset/<key>
      curl --data-urlencode 'query=SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' http://127.0.0.1:8080/sparql
    """
    with library_errors():
        server = make_server(site, host, port)
    address = f"http://{host}:{server.server_address[1]}/"
    click.echo(f"Serving {site} at {address} (SPARQL at {address}sparql); Ctrl-C stops", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
