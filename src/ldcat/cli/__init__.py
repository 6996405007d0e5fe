"""The `ldcat` command: a thin shell over the library, one module per command.

Each command parses options, calls one library function and renders its report. Exit codes:
0 success, 1 some records failed (the others were written) or a check failed, 2 usage error or
unreadable input. Commands import the library only when they run (see `ldcat.cli.common`).
"""

from __future__ import annotations

import logging

import click

from ldcat.cli.convert import convert_command
from ldcat.cli.harvest import harvest_group
from ldcat.cli.plugins import plugins_command
from ldcat.cli.problems import problems_command
from ldcat.cli.publish import publish_command, serve_command
from ldcat.cli.score import score_command
from ldcat.cli.store import load_command, query_command
from ldcat.cli.validate import shapes_group, validate_command


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="ldcat")
def main() -> None:
    """Publish research-data catalogue records (Harmony Data Discovery) as Linked Data:
    schema.org and DCAT 3 in Turtle, JSON-LD and N-Triples."""
    # rdflib logs a literal that is not of its datatype ("abc"^^xsd:integer in a file read) with a
    # Python traceback; ldcat keeps the literal as written, and a shape that checks its datatype reports it.
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)


for command in (convert_command, validate_command, shapes_group, load_command, query_command, publish_command,
                serve_command, score_command, harvest_group, plugins_command, problems_command):
    main.add_command(command)
