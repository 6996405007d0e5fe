"""The `ldcat` command: a thin shell over the library.

Each command parses options, calls one library function and renders its report. Exit codes:
0 success, 1 some records failed (the others were written), 2 usage error or unreadable input.
"""

from __future__ import annotations

import json
import sys
import time
import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import click

from ldcat.iris import DEFAULT_BASE
from ldcat.mapping import PROFILES, MapOptions, check_profiles
from ldcat.pipeline import ConvertOptions, StopRun, convert
from ldcat.problems import InputError, Report, UsageError
from ldcat.read import FORMATS as READ_FORMATS
from ldcat.serialise import ALIASES, WRITERS

CONFIG_NAME = "ldcat.toml"
FORMAT_CHOICES = click.Choice([*WRITERS, *ALIASES], case_sensitive=False)


class Progress:
    """Records/s on stderr, redrawn in place; silent when stderr is not a terminal or --quiet."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.start = time.monotonic()
        self.last = 0.0

    def __call__(self, n: int) -> None:
        now = time.monotonic()
        if self.enabled and now - self.last > 0.25:
            self.last = now
            rate = n / max(now - self.start, 1e-9)
            click.echo(f"\r{n:,} records  {rate:,.0f}/s", nl=False, err=True)

    def done(self) -> None:
        if self.enabled and self.last:
            click.echo("\r" + " " * 40 + "\r", nl=False, err=True)


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


def render(report: Report, *, verbose: bool, as_json: bool) -> None:
    """Problems on stderr (info only with --verbose), then a one-line summary."""
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False), err=True)
        return
    for problem in report:
        if problem.severity != "info" or verbose:
            colour = {"error": "red", "warning": "yellow"}.get(problem.severity)
            click.secho(str(problem), fg=colour, err=True)
    s = report.stats
    click.echo(f"{s['records']} record(s) converted, {s['failed']} failed, {len(report.warnings)} warning(s), "
               f"{s['triples']} triples", err=True)


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
              help="turtle (default), jsonld or nt; repeat for several (needs -o DIR).")
@click.option("--from", "reader", type=click.Choice(READ_FORMATS),
              help="Input format, when auto-detection by content is not wanted.")
@click.option("--profile", "profiles", multiple=True, type=click.Choice(list(PROFILES)),
              help="Vocabularies to emit (default: all): schema = schema.org, dcat = DCAT 3 / DCAT-AP 3.")
@click.option("--base-iri", help=f"Base IRI that every minted IRI starts with (default {DEFAULT_BASE}).")
@click.option("--harvested", metavar="DATE", help="When the records were harvested: the catalogue "
              "records' dct:modified (default: today). Pin it for byte-identical reruns.")
@click.option("--split", is_flag=True, help="Also write one file per record to DIR/datasets/.")
@click.option("--strict", is_flag=True, help="Stop at the first bad record (nothing is written).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help=f"TOML file with base_iri, harvested, profiles (default: ./{CONFIG_NAME} if present).")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no warnings, only errors and the summary.")
@click.option("-v", "--verbose", is_flag=True, help="Also show informational notes.")
@click.option("--report-json", is_flag=True, help="Print the report as JSON on stderr.")
def convert_command(sources: tuple[str, ...], output: str | None, formats: tuple[str, ...], reader: str | None,
                    profiles: tuple[str, ...], base_iri: str | None, harvested: str | None, split: bool,
                    strict: bool, config_path: Path | None, quiet: bool, verbose: bool, report_json: bool) -> None:
    """Convert Harmony records (API JSON, JSON Lines, page payloads, schema.org JSON-LD or HTML)
    into schema.org + DCAT RDF.

    SOURCES are files, or - for standard input.

    \b
    Examples:
      ldcat convert records.jsonl -o output/ -f turtle -f jsonld -f nt
      ldcat convert page.rsc.txt -f turtle
      curl -s "$HARMONY/discover/lookup?uuid=..." | ldcat convert - -f nt > all.nt
    """
    config = load_config(config_path)
    options = ConvertOptions(
        formats=formats or tuple(config.get("formats", ())) or ("turtle",),
        output=None if output in (None, "-") else Path(output),
        split=split, reader=reader, strict=strict,
        mapping=mapping_options(config, base_iri, profiles, harvested),
    )
    progress = Progress(not quiet and options.output is not None)
    try:
        report = convert([sys.stdin.buffer if s == "-" else s for s in sources], options, progress=progress)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from exc
    except InputError as exc:
        click.secho(f"Error: {exc}", fg="red", err=True)
        sys.exit(2)
    except StopRun as exc:
        progress.done()
        click.secho(f"Error: stopped at the first bad record (--strict): {exc}", fg="red", err=True)
        sys.exit(1)
    progress.done()
    if quiet:
        report = replace(report, problems=report.errors)
    render(report, verbose=verbose, as_json=report_json)
    sys.exit(0 if report.ok else 1)
