"""What every command shares: option bundles, turning library errors into exits, progress and reports.

Only light modules are imported here (click, ldcat's errors, problems and config); each command
imports the library it runs inside its own function, so `ldcat --help` does not load rdflib,
pyshacl or pyoxigraph.

Conventions every command follows: SOURCES may be ``-`` for standard input; ``--from`` names the
input format; ``--profile`` names output vocabularies and ``--shapes`` SHACL profiles (or files);
``-o`` is where the output goes; ``-q``/``-v`` are quieter/more verbose; ``--report-json FILE``
(``-`` for stdout) writes the run's report in the one documented schema.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO, TypeVar

import click

from ldcat.config import CONFIG_NAME, DEFAULT_BASE, SHACL_ENGINES, load_config, plugin_settings
from ldcat.errors import InputError, StopRun, UsageError
from ldcat.problems import Report

if TYPE_CHECKING:
    from ldcat.mapping import MapOptions

F = TypeVar("F", bound=Callable[..., Any])
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def stacked(*options: Callable[[F], F]) -> Callable[[F], F]:
    """Several click options as one decorator, applied in the order listed."""

    def decorate(func: F) -> F:
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


sources_argument = click.argument("sources", nargs=-1, required=True, type=click.Path(allow_dash=True, path_type=str))

config_option = click.option(
    "--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
    help=f"TOML settings: base_iri, harvested, profiles, formats, [plugins.NAME] tables "
         f"(default: ./{CONFIG_NAME} if present).")

set_option = click.option(
    "--set", "assignments", multiple=True, metavar="NAME.KEY=VALUE",
    help="A reader's or profile's setting (see `ldcat plugins`); repeat for several.")

shacl_engine_option = click.option(
    "--shacl-engine", type=click.Choice(SHACL_ENGINES), default="fast", show_default=True,
    help="fast: ldcat's compiled checks, the same results as pyshacl many times faster (shapes it does not support "
         "go to pyshacl, with a note); pyshacl: the reference engine for every profile.")
from_option = click.option("--from", "reader", metavar="FORMAT",
                           help="Input format, when detection by content is not wanted (see `ldcat plugins`).")

mapping_options = stacked(
    click.option("--profile", "profiles", multiple=True, metavar="NAME",
                 help="Output vocabulary (profile) to emit; repeat for several (default: ldcat's five: schema, "
                      "dcat-ap-3, healthdcat-ap, ddi-discovery, ldcat-study; `ldcat plugins` lists all)."),
    click.option("--base-iri", help=f"Base IRI that every minted IRI starts with (default {DEFAULT_BASE})."),
    click.option("--harvested", metavar="DATE", help="When the records were harvested: each catalogue record's "
                 "dct:modified (default: today). Pin it for byte-identical reruns."),
    click.option("--language", metavar="TAG", help="The language of the records' text, tagged on titles, descriptions "
                 "and keywords (default: en; '' for none): sets every chosen profile's `language` setting."),
)

report_options = stacked(
    click.option("-q", "--quiet", is_flag=True, help="No progress and no warnings: only errors and the summary."),
    click.option("-v", "--verbose", is_flag=True, help="Also show informational notes."),
    click.option("--report", "report_file", type=click.Path(dir_okay=False, allow_dash=True, path_type=str),
                 metavar="FILE", help="Write every problem to FILE, one a line (the terminal groups warnings by "
                 "kind)."),
    click.option("--report-json", type=click.Path(dir_okay=False, allow_dash=True, path_type=str), metavar="FILE",
                 help="Write the run's report as JSON to FILE ('-' for stdout); schema: report.schema.json."),
)


def stdin_or(sources: tuple[str, ...]) -> list[str | BinaryIO]:
    """The sources, with '-' as standard input (read once)."""
    if sources.count("-") > 1:
        raise click.UsageError("'-' (standard input) can be given only once")
    return [sys.stdin.buffer if s == "-" else s for s in sources]


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
        sys.exit(EXIT_USAGE)
    except StopRun as exc:
        click.secho(f"Error: stopped: {exc}", fg="red", err=True)
        sys.exit(EXIT_FAILED)


def settings(config_path: Path | None) -> dict[str, Any]:
    """The config file's settings. One read because it is in the working directory is named on
    stderr, with what it pins: a harvest date read unawares would date every record wrongly."""
    with library_errors():
        config = load_config(config_path)
    if config_path is None and config:
        pinned = ", ".join(f"{k} = {v}" if k in ("harvested", "base_iri") else k for k, v in config.items())
        click.secho(f"note: settings from ./{CONFIG_NAME}: {pinned} (--config FILE reads another)", err=True,
                    fg="cyan")
    return config


def map_options(config: dict[str, Any], *, base_iri: str | None = None, profiles: tuple[str, ...] = (),
                harvested: str | None = None, assignments: tuple[str, ...] = (),
                language: str | None = None) -> MapOptions:
    """The mapping options from the command line, then the config, then the defaults."""
    from ldcat.mapping import DEFAULT_PROFILES, MapOptions, check_profiles

    with library_errors():
        table = plugin_settings(config, assignments)
        chosen = check_profiles(profiles or config.get("profiles") or DEFAULT_PROFILES)
        if language is not None:  # a shorthand for the `language` setting of every chosen profile
            for name in chosen:
                table.setdefault(name, {}).setdefault("language", language)
    when = harvested or config.get("harvested")
    try:
        day = when if isinstance(when, date) else date.fromisoformat(when) if when else date.today()
    except (TypeError, ValueError) as exc:
        raise click.BadParameter(f"not an ISO date: {when!r}", param_hint="--harvested") from exc
    base = str(base_iri or config.get("base_iri") or DEFAULT_BASE)
    if not base.startswith(("http://", "https://")):
        raise click.BadParameter(f"{base!r} is not an http(s) IRI", param_hint="--base-iri")
    return MapOptions(base_iri=base, profiles=chosen, harvested=day, settings=table)


def write_json(document: object, target: str) -> None:
    """A JSON document to a file (written atomically) or to stdout ('-')."""
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if target == "-":
        click.echo(text, nl=False)
        return
    from ldcat.serialise import atomic_open

    with atomic_open(Path(target)) as out:
        out.write(text)


def write_report(report: Report, target: str | None, command: str,
                 validation: dict[str, object] | None = None) -> None:
    """The run's report in the one schema (src/ldcat/data/report.schema.json), if asked for."""
    if target is not None:
        write_json(report.to_dict(command=command, validation=validation), target)


@contextmanager
def problem_log(target: str | None) -> Iterator[IO[str] | None]:
    """Where --report writes every problem: a file (atomically), stdout ('-'), or nowhere."""
    if target is None:
        yield None
        return
    with output_to(target) as out:
        yield out


@contextmanager
def output_to(target: str | None) -> Iterator[IO[str]]:
    """Text output to a file (atomically) or to stdout."""
    if target in (None, "-"):
        yield sys.stdout
        return
    from ldcat.serialise import atomic_open

    with atomic_open(Path(target)) as out:
        yield out


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


T = TypeVar("T")


def counted(items: Iterable[T], progress: Callable[[int], None]) -> Iterator[T]:
    """`items`, telling `progress` how many have gone by."""
    for n, item in enumerate(items, 1):
        progress(n)
        yield item


def exit_with(report: Report) -> None:
    sys.exit(EXIT_OK if report.ok else EXIT_FAILED)
