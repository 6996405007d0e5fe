"""`ldcat score`: the MQA metrics of each dataset and of the catalogue, estimated offline."""

from __future__ import annotations

import json
import sys
from pathlib import Path

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
    stdin_or,
)

RATING_NAMES = ("bad", "sufficient", "good", "excellent")


@click.command(name="score", short_help="Estimate data.europa.eu's quality score (MQA) offline; where points go.")
@sources_argument
@click.option("-f", "--format", "report_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text for people; json with every dataset's score too.")
@click.option("-o", "--output", metavar="FILE", help="Write the score to FILE (default: stdout).")
@click.option("--min", "minimum", type=click.Choice(RATING_NAMES), metavar="RATING",
              help="Exit 1 if the catalogue's rating is below this one: bad, sufficient, good or excellent.")
@shacl_engine_option
@from_option
@set_option
@config_option
def score_command(sources: tuple[str, ...], report_format: str, output: str | None, minimum: str | None,
                  shacl_engine: str, reader: str | None, assignments: tuple[str, ...],
                  config_path: Path | None) -> None:
    """Score each dataset's DCAT-AP description with the metrics of data.europa.eu's Metadata
    Quality Assessment (405 points: findability, accessibility, interoperability, reusability,
    contextuality), and the catalogue by their mean (Excellent from 351, Good from 221, Sufficient
    from 121), showing where points are lost and how to gain them. SOURCES are records or RDF that
    ldcat reads back, or - for standard input.

    The estimate is a lower bound: what the MQA checks by fetching (80 points for URLs that answer)
    is not counted, because ldcat fetches nothing.

    \b
    Examples:
      ldcat score records.jsonl
      ldcat score output/catalog.ttl --min sufficient
      ldcat score records.jsonl -f json -o score.json
    """
    from ldcat.cli.terminal import Terminal
    from ldcat.pipeline import records
    from ldcat.problems import Report
    from ldcat.score import score_records

    config = settings(config_path)
    mapping = map_options(config, assignments=assignments)
    bar = output not in (None, "-") or not sys.stdout.isatty()
    with Terminal("score", bar=bar, total=count_lines(sources)) as terminal, library_errors():
        problems = Report(sink=terminal.show)
        result = score_records(records(stdin_or(sources), problems, reader=reader, mapping=mapping), mapping,
                               shacl_engine=shacl_engine, progress=terminal.advance)
    with library_errors(), output_to(output) as out:
        out.write(json.dumps(result.to_dict(), indent=1) + "\n" if report_format == "json" else result.to_text())
    below = minimum is not None and RATING_NAMES.index(result.rating) < RATING_NAMES.index(minimum)
    sys.exit(EXIT_FAILED if below or not problems.ok or not result.datasets else EXIT_OK)
