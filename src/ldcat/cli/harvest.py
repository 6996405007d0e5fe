"""`ldcat harvest`: records from where they live, into JSON Lines."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ldcat.cli.common import EXIT_FAILED, EXIT_OK, library_errors

if TYPE_CHECKING:
    from pyoxigraph import Triple

    from ldcat.harvest.http import Client
    from ldcat.problems import Report


@click.group(name="harvest", short_help="Harvest records: Harmony's API, a Hydra-paged DCAT catalogue, OAI-PMH.")
def harvest_group() -> None:
    """Harvest records from where they live into files every ldcat command reads: Harmony's
    discovery API into JSON Lines (resumably), a Hydra-paged DCAT catalogue or an OAI-PMH
    provider (dcat_ap) into N-Triples.

    \b
    Examples:
      ldcat harvest harmony -o harmony.jsonl
      ldcat harvest dcat https://data.example.org/catalog/page-1.ttl -o catalogue.nt
      ldcat harvest oai https://data.example.org/oai -o oai.nt
    """


@harvest_group.command(name="harmony")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, metavar="FILE",
              help="The JSON Lines file to write (FILE.part until the harvest is whole; run again to resume).")
@click.option("--api", metavar="URL", help="The discovery API's base URL, ending in '/' (default: Harmony's own).")
@click.option("--page-size", type=click.IntRange(1, 10_000), default=500, show_default=True,
              help="Uuids per dump page.")
@click.option("--rate", type=click.FloatRange(0.1), default=5.0, show_default=True,
              help="Requests a second, at most.")
@click.option("--retries", type=click.IntRange(0), default=5, show_default=True,
              help="Retries of a failing request (connection errors, timeouts, 429, 5xx), with doubling waits.")
@click.option("-q", "--quiet", is_flag=True, help="No progress, only errors.")
def harvest_harmony(output: Path, api: str | None, page_size: int, rate: float, retries: int, quiet: bool) -> None:
    """Harvest every record of Harmony Data Discovery: its dump of uuids, page by page, and each
    record by lookup, written as it comes. Interrupted (Ctrl-C, a kill, the network), the same
    command resumes from its last whole page: no record is lost or written twice.

    \b
    Examples:
      ldcat harvest harmony -o harmony.jsonl
      ldcat harvest harmony -o harmony.jsonl --rate 2
      ldcat convert harmony.jsonl -o output/ -f nt
    """
    from ldcat.cli.terminal import Terminal
    from ldcat.errors import UsageError
    from ldcat.harvest.harmony import DEFAULT_API, HarmonyHarvest, harvest
    from ldcat.harvest.http import Client, HarvestError
    from ldcat.problems import Report

    base = api or DEFAULT_API
    with library_errors():
        if not base.startswith(("http://", "https://")) or not base.endswith("/"):
            raise UsageError(f"--api must be an http(s) URL ending in '/', got {base!r}")
        _writable(output)
    with Terminal("harvest", quiet=quiet, bar=not quiet) as terminal:
        report = Report(sink=terminal.show)
        try:
            written = harvest(output, HarmonyHarvest(base, page_size), Client(rate=rate, retries=retries), report,
                              progress=terminal.advance)
        except (HarvestError, OSError) as exc:  # OSError: the output cannot be written (a full disk...)
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_FAILED)
        failed = report.stats["lookup-failed"]
        where = f"{output}.part (run again to fetch the {failed:,} missing)" if failed else str(output)
        terminal.finish(f"{written:,} record(s) in {where}; {report.stats['repeated']:,} repeated uuid(s) skipped, "
                        f"in {terminal.elapsed:.1f} s")
    sys.exit(EXIT_FAILED if failed else EXIT_OK)


_OUTPUT = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
                       metavar="FILE", help="The N-Triples file to write (FILE.part until the harvest is whole).")
_RATE = click.option("--rate", type=click.FloatRange(0.1), default=5.0, show_default=True,
                     help="Requests a second, at most.")
_RETRIES = click.option("--retries", type=click.IntRange(0), default=5, show_default=True,
                        help="Retries of a failing request, with doubling waits.")


def _writable(output: Path) -> None:
    """A UsageError unless `output` can be written: its folder exists (click refuses a folder itself)."""
    from ldcat.errors import UsageError

    if not output.parent.is_dir():
        raise UsageError(f"-o {output}: its folder does not exist")


def _harvest_rdf(output: Path, label: str, chunks_of: Callable[[Client, Report], Iterable[list[Triple]]],
                 rate: float, retries: int) -> None:
    """Write what `chunks_of` yields to `output`, with the harvest's problems and a summary."""
    from ldcat.cli.terminal import Terminal
    from ldcat.errors import UsageError
    from ldcat.harvest.http import Client, HarvestError
    from ldcat.harvest.linked import write_rdf
    from ldcat.problems import Report

    with library_errors():
        if not label.startswith(("http://", "https://")):
            raise UsageError(f"URL must be an http(s) URL, got {label!r}")
        _writable(output)

    with Terminal("harvest", bar=True) as terminal:
        report = Report(sink=terminal.show)
        try:
            count = write_rdf(output, chunks_of(Client(rate=rate, retries=retries), report), report,
                              progress=terminal.advance)
        except (HarvestError, OSError) as exc:  # OSError: the output cannot be written (a full disk...)
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_FAILED)
        terminal.finish(f"{count:,} triples from {label} in {output} in {terminal.elapsed:.1f} s; read them with "
                        f"`ldcat convert {output}`")
    sys.exit(EXIT_OK if report.ok else EXIT_FAILED)


@harvest_group.command(name="dcat")
@click.argument("url")
@_OUTPUT
@_RATE
@_RETRIES
def harvest_dcat(url: str, output: Path, rate: float, retries: int) -> None:
    """Harvest a DCAT catalogue paged with Hydra (as `ldcat publish` writes one): every page from
    URL along hydra:next, in any RDF format, into one N-Triples file. A page that leads back to one
    already read ends the harvest with an error.

    \b
    Example:
      ldcat harvest dcat https://data.example.org/catalog/page-1.ttl -o catalogue.nt
    """
    from ldcat.harvest.linked import hydra_pages

    _harvest_rdf(output, url, lambda client, report: hydra_pages(url, client, report), rate, retries)


@harvest_group.command(name="oai")
@click.argument("url")
@_OUTPUT
@click.option("--prefix", default="dcat_ap", show_default=True, help="The metadata format: one whose records are "
              "RDF/XML (dcat_ap, as data.europa.eu harvests and ldcat serves).")
@click.option("--set", "set_spec", metavar="SPEC", help="Only this set.")
@click.option("--from", "start", metavar="DATE", help="Only records changed on or after DATE.")
@click.option("--until", metavar="DATE", help="Only records changed on or before DATE.")
@_RATE
@_RETRIES
def harvest_oai(url: str, output: Path, prefix: str, set_spec: str | None, start: str | None, until: str | None,
                rate: float, retries: int) -> None:
    """Harvest an OAI-PMH provider's records in an RDF/XML format (dcat_ap) with ListRecords and
    its resumption tokens, into one N-Triples file; deleted records are counted, not written.

    \b
    Example:
      ldcat harvest oai https://data.example.org/oai --set ukds -o ukds.nt
    """
    from ldcat.harvest.linked import oai_records

    _harvest_rdf(output, url, lambda client, report: oai_records(url, prefix, client, report, set_spec, start, until),
                 rate, retries)
