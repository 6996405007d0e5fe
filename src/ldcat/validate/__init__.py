"""SHACL validation with reports a person can act on: the public names, from the modules that do
one job each.

=============  =================================================================================
`shapes`       which shapes: built-in profiles (plugins), names or files resolved, parsed graphs,
               the offline ontology graph from vocab/ (range checks with no network)
`engine`       pyshacl on one bounded graph against one profile → flat `Result`s
`pieces`       any graph split into per-dataset pieces; which dataset a node belongs to
`validator`    pieces in bounded batches → one `ValidationReport`
`sources`      files and standard input: RDF as it is, records after converting them
`report`       `Result`, `ValidationReport` and their text, JSON and Turtle renderings
=============  =================================================================================
"""

from __future__ import annotations

from ldcat.validate.engine import run_shacl, with_vocabulary
from ldcat.validate.pieces import Piece, dataset_pieces
from ldcat.validate.report import SEVERITY_ORDER, Result, Severity, ValidationReport
from ldcat.validate.shapes import default_shapes, description, ontology_graph, resolve, shapes_graph
from ldcat.validate.sources import validate_sources
from ldcat.validate.validator import BATCH_SIZE, Shapes, Validator, validate_graph

__all__ = [
    "BATCH_SIZE", "SEVERITY_ORDER", "Piece", "Result", "Severity", "Shapes", "ValidationReport", "Validator",
    "dataset_pieces", "default_shapes", "description", "ontology_graph", "resolve", "run_shacl", "shapes_graph",
    "validate_graph", "validate_sources", "with_vocabulary",
]

