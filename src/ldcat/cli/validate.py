"""`ldcat validate` and `ldcat shapes`: SHACL validation of RDF or of records."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ldcat.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    config_option,
    count_lines,
    from_option,
    library_errors,
    map_options,
    output_to,
    set_option,
    settings,
    shacl_engine_option,
    sources_argument,
    write_report,
)

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from ldcat.validate import Severity


@click.command(name="validate", short_help="Check RDF or records against SHACL shapes.")
@sources_argument
@click.option("--shapes", "shapes", multiple=True, metavar="NAME|FILE",
              help="A shapes profile (see `ldcat shapes list`) or any SHACL file; repeat for several. "
                   "Default: every built-in profile but the opt-in ones (cessda).")
@click.option("-f", "--format", "report_format", type=click.Choice(["text", "json", "turtle"]), default="text",
              show_default=True, help="text for people, json (stable schema), turtle (the SHACL report graph).")
@click.option("-o", "--output", metavar="FILE", help="Write the validation report to FILE (default: stdout).")
@shacl_engine_option
@click.option("--fail-on", type=click.Choice(["violation", "warning"]), default="violation", show_default=True,
              help="Which severity makes the exit code 1.")
@from_option
@set_option
@config_option
@click.option("--report-json", type=click.Path(dir_okay=False, allow_dash=True, path_type=str), metavar="FILE",
              help="Write the run's report (records that could not be read, and the validation report) as JSON "
                   "to FILE ('-': stdout); schema: report.schema.json.")
def validate_command(sources: tuple[str, ...], shapes: tuple[str, ...], report_format: str, output: str | None,
                     shacl_engine: str, fail_on: str, reader: str | None, assignments: tuple[str, ...],
                     config_path: Path | None, report_json: str | None) -> None:
    """Check RDF (Turtle, N-Triples, JSON-LD) or records (converted first) against SHACL shapes.
    SOURCES are files, or - for standard input (RDF or records, told apart by content).

    Exit code 0 when everything conforms, 1 on violations (or warnings with --fail-on warning),
    2 on usage errors (missing or unreadable input, unknown shapes).

    \b
    Examples:
      ldcat validate output/catalog.ttl
      ldcat validate records.json --shapes google --shapes dcat-ap-3
      ldcat validate data.ttl --shapes my-shapes.ttl
      ldcat validate output/catalog.nt -f json -o report.json
    """
    from ldcat.cli.terminal import Terminal
    from ldcat.validate import validate_sources

    config = settings(config_path)
    mapping = map_options(config, assignments=assignments)
    # A bar while it checks (on a terminal, and unless the report goes to the terminal itself).
    bar = output not in (None, "-") or not sys.stdout.isatty()
    with Terminal("validate", bar=bar, total=count_lines(sources)) as terminal, library_errors():
        report, problems = validate_sources(list(sources), shapes, reader, mapping, shacl_engine=shacl_engine,
                                            progress=terminal.advance)
    show = Terminal("validate", quiet=True, bar=False).show  # errors, as they come
    for problem in problems:  # records that could not be read, and which shapes went to pyshacl
        if problem.code == "shapes-not-fast":
            click.echo(f"note: {problem.message}", err=True)
        else:
            show(problem)
    severity: Severity = "warning" if fail_on == "warning" else "violation"
    with library_errors(), output_to(output) as out:
        if report_format == "json":
            out.write(report.to_json(severity))
        elif report_format == "turtle":
            out.write(report.to_graph().serialize(format="turtle"))
        else:
            out.write(report.to_text(severity))
    write_report(problems, report_json, "validate", report.to_dict(severity))
    sys.exit(EXIT_OK if report.conforms(severity) and problems.ok else EXIT_FAILED)


@click.group(name="shapes", short_help="The SHACL shapes profiles ldcat validates against.")
def shapes_group() -> None:
    """The SHACL shapes profiles ldcat validates against.

    \b
    Example:
      ldcat shapes list
    """


@shapes_group.command(name="list")
def shapes_list() -> None:
    """List every registered shapes profile (third parties' too): its files, how many shapes it
    has and what it checks.

    \b
    Example:
      ldcat shapes list
    """
    from ldcat.errors import LdcatError
    from ldcat.plugins import registry, shapes_profile
    from ldcat.validate.shapes import profile_names, shapes_graph, shapes_in

    winners = {p.name: p for p in registry.plugins("shapes") if p.shadowed_by is None}
    for name in profile_names():
        plugin = winners[name]
        origin = "" if plugin.builtin else f"  [{' '.join(filter(None, [plugin.distribution, plugin.version]))}]"
        try:
            profile = shapes_profile(name)
            count = len(shapes_in(shapes_graph(profile)))
        except LdcatError as exc:  # one broken plugin must not hide the others
            click.echo(f"{name:10} cannot be loaded: {exc}{origin}")
            continue
        noun = "shape" if count == 1 else "shapes"
        click.echo(f"{name:10} {', '.join(_shown(f) for f in profile.files)} ({count} {noun}){origin}")
        click.echo(textwrap.fill(profile.title, width=100, initial_indent=" " * 11, subsequent_indent=" " * 11))


def _shown(file: Traversable | Path) -> str:
    """A shapes file as people find it: relative to ldcat for its own (shapes/google.ttl), else its path."""
    from importlib import resources

    path, package = Path(str(file)), Path(str(resources.files("ldcat")))
    return str(path.relative_to(package)) if path.is_relative_to(package) else str(path)
