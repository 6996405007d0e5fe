"""`ldcat convert`: records in, RDF files out."""

from __future__ import annotations

import os
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ldcat.cli.common import (
    config_option,
    count_lines,
    exit_with,
    from_option,
    library_errors,
    map_options,
    mapping_options,
    problem_log,
    report_options,
    set_option,
    settings,
    shacl_engine_option,
    sources_argument,
    stdin_or,
    write_report,
)

if TYPE_CHECKING:
    from ldcat.pipeline import OnInvalid


def output_target(output: str | None, formats: tuple[str, ...],
                  defaults: tuple[str, ...]) -> tuple[Path | None, Path | None, tuple[str, ...]]:
    """(directory, file, formats) for ``-o``: '-' or nothing is stdout; a name ending in '/' or an
    existing directory is a directory (one catalog.<ext> per format); anything else is one file,
    in the format of `-f` or of its extension. `defaults` (the config's, else turtle) apply
    where neither says."""
    from ldcat.serialise import WRITERS, format_name

    names = tuple(dict.fromkeys(format_name(f) for f in formats))
    if output in (None, "-"):
        return None, None, names or defaults
    if output.endswith(("/", os.sep)) or Path(output).is_dir():
        return Path(output), None, names or defaults
    if len(names) > 1:
        raise click.UsageError(f"-o {output} is one file, so it takes one format; write several to a directory "
                               f"with -o {output.rstrip('/')}/")
    if not names:
        suffix = Path(output).suffix.lstrip(".").lower()
        found = [name for name in WRITERS if getattr(WRITERS[name], "extension", name) == suffix]
        if not found:
            raise click.UsageError(f"cannot tell the format of -o {output} from its extension; name it with -f")
        names = (found[0],)
    return None, Path(output), names


@click.command(name="convert", short_help="Records in, RDF out: schema.org + DCAT in Turtle, JSON-LD, N-Triples.")
@sources_argument
@click.option("-o", "--output", metavar="FILE|DIR/",
              help="Where to write: a file (format from -f or the extension), a directory (a name ending in '/', or "
                   "an existing one: catalog.<ext> per format), or '-' / nothing for stdout.")
@click.option("-f", "--format", "formats", multiple=True, metavar="FORMAT",
              help="turtle (default), jsonld, nt, nq (a named graph per record), or a plugin's; repeat for several "
                   "(with -o DIR/).")
@from_option
@mapping_options
@set_option
@click.option("--split", is_flag=True, help="Also write one file per record to DIR/datasets/.")
@click.option("--validate", "validate", is_flag=True, help="Check every record against SHACL shapes as it goes.")
@click.option("--shapes", "shapes", multiple=True, metavar="NAME|FILE",
              help="Shapes for --validate: a shapes profile (see `ldcat shapes list`) or any SHACL file; repeat for "
                   "several (default: every built-in profile).")
@shacl_engine_option
@click.option("--on-invalid", type=click.Choice(["skip", "keep", "fail"]), default="skip", show_default=True,
              help="With --validate, what to do with a record that has violations: skip it (and list it in the "
              "rejects file), keep it, or fail the run (nothing is written).")
@click.option("--rejects", type=click.Path(dir_okay=False, path_type=Path),
              help="Where skipped records are listed with the reasons (default with -o DIR/: DIR/rejects.jsonl).")
@click.option("--strict", is_flag=True, help="Stop at the first bad record (nothing is written).")
@click.option("-j", "--jobs", type=click.IntRange(1), default=lambda: os.cpu_count() or 1,
              show_default="the number of cores", help="Worker processes; the output does not depend on it.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this machine (--jobs); dask: partitions of JSON Lines files over a Dask cluster "
                   "(pip install 'ldcat[dask]').")
@click.option("--scheduler", metavar="ADDRESS", help="With --engine dask: a scheduler (tcp://host:8786); "
              "default: a local cluster of --jobs workers on 127.0.0.1.")
@config_option
@report_options
def convert_command(sources: tuple[str, ...], output: str | None, formats: tuple[str, ...], reader: str | None,
                    profiles: tuple[str, ...], base_iri: str | None, harvested: str | None, language: str | None,
                    assignments: tuple[str, ...], split: bool, validate: bool, shapes: tuple[str, ...],
                    shacl_engine: str, on_invalid: OnInvalid, rejects: Path | None, strict: bool, jobs: int,
                    engine: str, scheduler: str | None, config_path: Path | None, quiet: bool, verbose: bool,
                    report_file: str | None, report_json: str | None) -> None:
    """Convert records (Harmony API JSON, JSON Lines, page payloads, schema.org JSON-LD or HTML)
    into schema.org + DCAT RDF.

    SOURCES are files, or - for standard input.

    \b
    Examples:
      ldcat convert records.jsonl -o output/ -f turtle -f jsonld -f nt
      ldcat convert records.jsonl -o catalog.nt
      ldcat convert page.rsc.txt -f turtle
      curl -s "$HARMONY/discover/lookup?uuid=..." | ldcat convert - -f nt > all.nt
      ldcat convert records.jsonl -o output/ --validate --on-invalid skip
    """
    from ldcat.cli.terminal import Terminal
    from ldcat.pipeline import ConvertOptions, convert
    from ldcat.problems import Report
    from ldcat.validate import default_shapes

    config = settings(config_path)
    mapping = map_options(config, base_iri=base_iri, profiles=profiles, harvested=harvested, assignments=assignments,
                          language=language)
    with library_errors():
        directory, file, names = output_target(output, formats, tuple(config.get("formats", ())) or ("turtle",))
    options = ConvertOptions(
        formats=names, output=directory, split=split, reader=reader, strict=strict, mapping=mapping,
        validate=(shapes or default_shapes()) if validate else (), shacl_engine=shacl_engine, on_invalid=on_invalid,
        rejects=rejects or (directory / "rejects.jsonl" if directory else None), jobs=jobs, engine=engine,
        scheduler=scheduler,
    )
    # No bar over RDF written to the terminal itself; a bar on stderr beside a redirected stdout is fine.
    bar = not quiet and (directory is not None or file is not None or not sys.stdout.isatty())
    with problem_log(report_file) as log, \
            Terminal("convert", quiet=quiet, verbose=verbose, total=count_lines(sources) if bar else None, bar=bar,
                     report_file=log) as terminal:
        live = Report(sink=terminal.show, keep=report_json is not None)
        with library_errors(), ExitStack() as stack:
            from ldcat.serialise import atomic_open, remove_stale_temps

            if file is not None:
                remove_stale_temps(file.parent, [file.name])  # what a killed run left of this file
            stream = stack.enter_context(atomic_open(file)) if file is not None else None
            report = convert(stdin_or(sources), options, stream=stream, progress=terminal.advance, report=live)
        write_report(report, report_json, "convert")
        s = report.stats
        rejected = f", {s['rejected']:,} rejected" if "rejected" in s else ""
        terminal.finish(f"{s['written']:,} record(s) converted, {s['failed']:,} failed{rejected}, {s['warnings']:,} "
                        f"warning(s), {s['triples']:,} triples in {terminal.elapsed:.1f} s")
    exit_with(report)
