"""`ldcat load` and `ldcat query`: triple stores (embedded or any SPARQL 1.1 server) and SPARQL."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ldcat.cli.common import (
    config_option,
    count_lines,
    counted,
    exit_with,
    from_option,
    library_errors,
    map_options,
    output_to,
    problem_log,
    report_options,
    set_option,
    settings,
    sources_argument,
    stacked,
    stdin_or,
    write_report,
)
from ldcat.config import DEFAULT_STORE, STORE_ENV, default_store
from ldcat.errors import UsageError

if TYPE_CHECKING:
    from ldcat.store import Endpoint

store_option = click.option("--store", "store_path", type=click.Path(file_okay=False, path_type=Path),
                            help=f"Embedded store directory (default: ./{DEFAULT_STORE} or ${STORE_ENV}).")

endpoint_options = stacked(
    click.option("--endpoint", metavar="URL", help="A SPARQL 1.1 server's base URL instead of the embedded store."),
    click.option("--server", default="oxigraph", show_default=True, metavar="KIND",
                 help="Which paths the server uses (Graph Store, query, update) and its auth: oxigraph, virtuoso "
                      "or fuseki."),
    click.option("--user", envvar="LDCAT_USER", help="User for the endpoint (or LDCAT_USER, or ~/.netrc)."),
    click.option("--password", envvar="LDCAT_PASSWORD", help="Password (better: LDCAT_PASSWORD or ~/.netrc)."),
)


def endpoint_of(url: str, server: str, user: str | None, password: str | None) -> Endpoint:
    from ldcat.store import Endpoint

    try:
        return Endpoint.from_base(url, server, user, password)
    except UsageError as exc:
        raise click.BadParameter(str(exc), param_hint="--endpoint/--server") from exc


@click.command(name="load", short_help="Load records or RDF into a triple store (embedded or SPARQL 1.1).")
@sources_argument
@store_option
@endpoint_options
@click.option("--protocol", type=click.Choice(["gsp", "update"]), default="gsp", show_default=True,
              help="With --endpoint: Graph Store Protocol (a PUT per graph) or batched SPARQL Update.")
@click.option("--append", is_flag=True, help="Add to the graphs instead of replacing them (GSP POST).")
@click.option("--batch", "batch_size", type=click.IntRange(1), default=50, show_default=True,
              help="Graphs per SPARQL Update request.")
@click.option("--sync", is_flag=True, help="Also remove the record graphs that are not in this input.")
@click.option("-j", "--jobs", type=click.IntRange(1), default=lambda: os.cpu_count() or 1,
              show_default="the number of cores", help="Worker processes converting records; the store does not "
              "depend on it.")
@from_option
@click.option("--base-iri", help="Base IRI for records converted on the way (default: as for convert).")
@click.option("--harvested", metavar="DATE", help="Harvest date for records converted on the way (default: today).")
@set_option
@config_option
@report_options
def load_command(sources: tuple[str, ...], store_path: Path | None, endpoint: str | None, server: str,
                 user: str | None, password: str | None, protocol: str, append: bool, batch_size: int,
                 sync: bool, jobs: int, reader: str | None, base_iri: str | None, harvested: str | None,
                 assignments: tuple[str, ...], config_path: Path | None, quiet: bool, verbose: bool,
                 report_file: str | None, report_json: str | None) -> None:
    """Load records (converted on the way) or RDF files into a triple store, one named graph per
    record: loading a record again replaces it. SOURCES are files, directories of ldcat output,
    or - for standard input.

    \b
    Examples:
      ldcat load output/                          # output/catalog.nq into ./ldcat.store
      ldcat load records.jsonl --store ./harmony.store --sync
      ldcat load output/catalog.nq --endpoint http://127.0.0.1:7878
      LDCAT_PASSWORD=... ldcat load output/ --endpoint http://127.0.0.1:8890 --server virtuoso --user dba
    """
    from ldcat.cli.terminal import Terminal
    from ldcat.problems import Report
    from ldcat.store import LoadOptions, input_graphs, load_embedded, load_remote, open_store

    config = settings(config_path)
    mapping = map_options(config, base_iri=base_iri, harvested=harvested, assignments=assignments)
    namespaces = (str(mapping.iris.record("")), str(mapping.iris.catalog()))
    total = count_lines(sources) if not quiet else None
    with problem_log(report_file) as log, \
            Terminal("load", quiet=quiet, verbose=verbose, total=total, report_file=log) as terminal:
        report = Report(sink=terminal.show, keep=report_json is not None)
        graphs = counted(input_graphs(stdin_or(sources), report, mapping, reader, jobs=jobs), terminal.advance)
        with library_errors():
            if endpoint:
                target = endpoint_of(endpoint, server, user, password)
                load_remote(target, graphs, report, protocol=protocol, append=append, batch_size=batch_size,
                            sync=sync, namespaces=namespaces)
                where = target.gsp_url if protocol == "gsp" else target.update_url
            else:
                path = store_path or default_store()
                load_embedded(open_store(path), graphs, report, LoadOptions(sync=sync, namespaces=namespaces))
                where = str(path)
        write_report(report, report_json, "load")
        s = report.stats
        terminal.finish(f"{s['graphs']:,} graph(s) loaded into {where} ({s['replaced']:,} replaced, "
                        f"{s['removed']:,} removed), {s['quads']:,} triples, {s['failed']:,} failed in "
                        f"{terminal.elapsed:.1f} s")
    exit_with(report)


@click.command(name="query", short_help="Run SPARQL over files, the embedded store or an endpoint.")
@click.argument("args", nargs=-1, type=str)
@click.option("-Q", "--query-file", metavar="FILE", type=click.Path(dir_okay=False, allow_dash=True, path_type=str),
              help="Read the query from a .rq file ('-': standard input).")
@click.option("--named", metavar="NAME", help="Run a bundled query (see --list).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A named query's parameter.")
@click.option("--list", "list_queries", is_flag=True, help="List the bundled queries and their parameters.")
@store_option
@endpoint_options
@click.option("-f", "--format", "fmt", default="table", show_default=True, metavar="FORMAT",
              help="table, json, xml, csv, tsv (the SPARQL 1.1 result formats) for SELECT/ASK; turtle, nt, jsonld, "
              "rdfxml for CONSTRUCT/DESCRIBE.")
@click.option("-o", "--output", metavar="FILE", help="Write the results to FILE (default: stdout).")
def query_command(args: tuple[str, ...], query_file: str | None, named: str | None, params: tuple[str, ...],
                  list_queries: bool, store_path: Path | None, endpoint: str | None, server: str,
                  user: str | None, password: str | None, fmt: str, output: str | None) -> None:
    """Run SPARQL over RDF files, the embedded store or an endpoint. ARGS are RDF files to query
    and, unless -Q or --named is given, the query text. Common prefixes (dcat, dct, schema, foaf,
    skos, xsd, ldcat...) are pre-declared.

    \b
    Examples:
      ldcat query "SELECT ?title WHERE { ?d a dcat:Dataset ; dct:title ?title }"
      ldcat query --store ./harmony.store --named datasets-by-keyword --param keyword=COVID-19 -f csv
      ldcat query output/catalog.ttl -Q my-query.rq -f json
      echo 'ASK { ?s ?p ?o }' | ldcat query output/catalog.nt -Q -
      ldcat query --list
    """
    from ldcat import sparql

    if list_queries:
        for query in sparql.named_queries().values():
            click.echo(f"{query.name}: {query.description}")
            for param in query.params:
                click.echo(f"    --param {param.name}=...  ({param.kind}) {param.description}")
        return
    files = [Path(a) for a in args if _is_file(a)]
    texts = [a for a in args if not _is_file(a)]
    with library_errors():
        if fmt not in (*sparql.RESULT_FORMATS, *sparql.GRAPH_FORMATS):
            raise UsageError(f"unknown result format {fmt!r}; choose from "
                             f"{', '.join([*sparql.RESULT_FORMATS, *sparql.GRAPH_FORMATS])}")
        text, bindings = _query_text(texts, query_file, named, params)
        target = endpoint_of(endpoint, server, user, password) if endpoint else None
        result = sparql.run(text, files=files, store=None if files or target else (store_path or default_store()),
                            endpoint=target, bindings=bindings)
        with output_to(output) as out:
            # A table fits the terminal it is shown on (a file gets a wide one); the other formats are raw.
            width = shutil.get_terminal_size((160, 24)).columns if out.isatty() else 160
            out.write(sparql.render(result, fmt, width=width))


def _is_file(arg: str) -> bool:
    """An RDF file to query, rather than the query's text (which may be longer than a file name can be)."""
    try:
        return Path(arg).is_file()
    except (OSError, ValueError):  # too long for a path, or a NUL in it: query text
        return False


def _query_text(texts: list[str], query_file: str | None, named: str | None,
                params: tuple[str, ...]) -> tuple[str, dict[str, Any]]:
    from ldcat import sparql

    given = [x for x in (texts and "text", query_file and "-Q", named and "--named") if x]
    if len(given) != 1:
        raise UsageError("give exactly one query: its text, -Q FILE or --named NAME"
                         + (f" (got {', '.join(given)}; is a file name misspelt?)" if given else ""))
    if named:
        queries = sparql.named_queries()
        if named not in queries:
            raise UsageError(f"no named query {named!r}; `ldcat query --list` shows them")
        values = dict(p.partition("=")[::2] for p in params)
        return queries[named].text, sparql.bind(queries[named], values)
    if params:
        raise UsageError("--param goes with --named")
    if query_file == "-":
        return sys.stdin.read(), {}
    if query_file is not None:
        try:
            return Path(query_file).read_text(encoding="utf-8"), {}
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read the query file {query_file}: {exc}") from None
    return texts[0], {}
