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
from ldcat.namespaces import RDF, SH
from ldcat.pipeline import ConvertOptions, OnInvalid, StopRun, convert, validate_sources
from ldcat.problems import InputError, Report, UsageError
from ldcat.rdfio import RDF_FORMATS
from ldcat.read import FORMATS as READ_FORMATS
from ldcat.serialise import ALIASES, WRITERS
from ldcat.validate import PROFILE_FILES, profile_description, shapes_graph

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
    rejected = f", {s['rejected']} rejected" if "rejected" in s else ""
    click.echo(f"{s['written']} record(s) converted, {s['failed']} failed{rejected}, {len(report.warnings)} "
               f"warning(s), {s['triples']} triples", err=True)


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
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help=f"TOML file with base_iri, harvested, profiles (default: ./{CONFIG_NAME} if present).")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no warnings, only errors and the summary.")
@click.option("-v", "--verbose", is_flag=True, help="Also show informational notes.")
@click.option("--report-json", is_flag=True, help="Print the report as JSON on stderr.")
def convert_command(sources: tuple[str, ...], output: str | None, formats: tuple[str, ...], reader: str | None,
                    profiles: tuple[str, ...], base_iri: str | None, harvested: str | None, split: bool,
                    validate: bool, shape_profiles: tuple[str, ...], on_invalid: OnInvalid, rejects: Path | None,
                    strict: bool, config_path: Path | None, quiet: bool, verbose: bool, report_json: bool) -> None:
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
    try:
        report, problems = validate_sources(list(sources), profiles, reader,
                                            mapping_options(config, None, (), None))
    except UsageError as exc:
        raise click.UsageError(str(exc)) from exc
    except InputError as exc:
        click.secho(f"Error: {exc}", fg="red", err=True)
        sys.exit(2)
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
