"""`ldcat publish` and `ldcat serve`: a static site for harvesters, and a local server for it."""

from __future__ import annotations

from pathlib import Path

import click

from ldcat.cli.common import (
    config_option,
    count_lines,
    exit_with,
    from_option,
    library_errors,
    map_options,
    problem_log,
    report_options,
    settings,
    sources_argument,
    stdin_or,
    write_report,
)


@click.command(name="publish", short_help="Build a static site: catalogue, dataset pages and documents, dump.")
@sources_argument
@click.option("-o", "--site", type=click.Path(file_okay=False, path_type=Path), default=Path("output/site"),
              show_default=True, help="The site directory (built beside it, then switched in).")
@click.option("--base-iri", help="Base IRI: where the site will be served, ending in '/'; every IRI starts with it "
              "(default: the config's base_iri).")
@click.option("--page-size", type=click.IntRange(1), default=100, show_default=True,
              help="Datasets per catalogue page (Hydra paging) and per index page.")
@click.option("--harvested", metavar="DATE", help="dct:modified for new and changed records (default: today).")
@click.option("--templates", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="A directory of Jinja2 templates over ldcat's own (base.html, dataset.html, index.html, style.css, "
                   "search.js): a publisher's look, the same data.")
@from_option
@config_option
@report_options
def publish_command(sources: tuple[str, ...], site: Path, base_iri: str | None, page_size: int,
                    harvested: str | None, templates: Path | None, reader: str | None, config_path: Path | None,
                    quiet: bool, verbose: bool, report_file: str | None, report_json: str | None) -> None:
    """Publish records as a static site for harvesters: the catalogue (paged with Hydra), one
    document per dataset in Turtle, JSON-LD and N-Triples, an HTML landing page per dataset with
    its schema.org JSON-LD, an N-Quads dump, VoID, sitemap.xml and robots.txt.

    \b
    Examples:
      ldcat publish records.jsonl -o output/site --base-iri https://data.example.org/
      ldcat serve output/site --port 8080
    """
    from ldcat.cli.terminal import Terminal
    from ldcat.problems import Report
    from ldcat.publish import PublishOptions, publish

    config = settings(config_path)
    mapping = map_options(config, base_iri=base_iri, harvested=harvested)
    options = PublishOptions(site=site, base_url=mapping.base_iri, page_size=page_size,
                             harvested=mapping.harvested, reader=reader, templates=templates)
    with problem_log(report_file) as log, \
            Terminal("publish", quiet=quiet, verbose=verbose, total=None if quiet else count_lines(sources),
                     report_file=log, always=lambda p: p.code == "record-removed") as terminal:  # listed, not an error
        with library_errors():
            report = publish(stdin_or(sources), options, terminal.advance,
                             Report(sink=terminal.show, keep=report_json is not None))
        write_report(report, report_json, "publish")
        s = report.stats
        terminal.finish(f"{s['written']:,} dataset(s) published to {site} ({s['changed']:,} new or changed, "
                        f"{s['unchanged']:,} unchanged, {s['removed']:,} removed), {s['failed']:,} failed in "
                        f"{terminal.elapsed:.1f} s")
    exit_with(report)


@click.command(name="serve", short_help="Serve a published site: content negotiation, SPARQL endpoint.")
@click.argument("site", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--timeout", "seconds", type=click.FloatRange(0.1), default=10.0, show_default=True,
              help="Seconds a SPARQL query may run before it is stopped (503).")
@click.option("--max-results", "rows", type=click.IntRange(1), default=100_000, show_default=True,
              help="Rows (or triples) a query may return (more: 507, add a LIMIT).")
@click.option("--allow-service", is_flag=True, help="Let queries use SERVICE, which makes this server fetch from "
              "the URLs clients name (refused by default).")
@click.option("--admin-email", metavar="ADDRESS", help="Turn on the OAI-PMH provider at /oai, with this contact "
              "(the protocol requires one).")
@click.option("--oai-page-size", type=click.IntRange(1), default=100, show_default=True,
              help="Records (or headers) per OAI-PMH list response; a resumption token gives the next.")
def serve_command(site: Path, port: int, host: str, seconds: float, rows: int, allow_service: bool,
                  admin_email: str | None, oai_page_size: int) -> None:
    """Serve a published site locally: content negotiation on dataset IRIs and the catalogue,
    Link headers on catalogue pages, a read-only SPARQL endpoint at /sparql whose queries are
    bounded in time and size, and (with --admin-email) an OAI-PMH 2.0 provider at /oai offering
    oai_dc, oai_ddi25 (DDI-Codebook 2.5) and dcat_ap (RDF/XML); nothing outside SITE is served.

    \b
    Examples:
      ldcat serve output/site --port 8080
      curl -H 'Accept: text/turtle' http://127.0.0.1:8080/dataset/<key>
      curl --data-urlencode 'query=SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' http://127.0.0.1:8080/sparql
      ldcat serve output/site --admin-email data@example.org
      curl 'http://127.0.0.1:8080/oai?verb=ListRecords&metadataPrefix=oai_ddi25&set=closer'
    """
    from ldcat.serve import Limits, make_server

    with library_errors():
        server = make_server(site, host, port, Limits(seconds=seconds, rows=rows, allow_service=allow_service),
                             admin_email, oai_page_size)
    address = f"http://{host}:{server.server_address[1]}/"
    oai = f", OAI-PMH at {address}oai" if admin_email else ""
    click.echo(f"Serving {site} at {address} (SPARQL at {address}sparql{oai}); Ctrl-C stops", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
