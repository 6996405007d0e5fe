"""`ldcat harvest`: records from where they live, into JSON Lines."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ldcat.cli.common import EXIT_FAILED, EXIT_OK, library_errors


@click.group(name="harvest", short_help="Harvest records into JSON Lines (Harmony's discovery API), resumably.")
def harvest_group() -> None:
    """Harvest records from where they live into JSON Lines, which every ldcat command reads.

    \b
    Example:
      ldcat harvest harmony -o harmony.jsonl
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
    with Terminal("harvest", quiet=quiet, bar=not quiet) as terminal:
        report = Report(sink=terminal.show)
        try:
            written = harvest(output, HarmonyHarvest(base, page_size), Client(rate=rate, retries=retries), report,
                              progress=terminal.advance)
        except HarvestError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_FAILED)
        failed = report.stats["lookup-failed"]
        where = f"{output}.part (run again to fetch the {failed:,} missing)" if failed else str(output)
        terminal.finish(f"{written:,} record(s) in {where}; {report.stats['repeated']:,} repeated uuid(s) skipped, "
                        f"in {terminal.elapsed:.1f} s")
    sys.exit(EXIT_FAILED if failed else EXIT_OK)
