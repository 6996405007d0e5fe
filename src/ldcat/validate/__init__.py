"""SHACL validation with reports a person can act on: the public names, from the modules that do
one job each.

=============  =================================================================================
`shapes`       which shapes: built-in profiles (plugins), names or files resolved, parsed graphs,
               the offline ontology graph from vocab/ (range checks with no network)
`engine`       a SHACL engine on one bounded batch against one profile → flat `Result`s: pyshacl
               (`run_shacl`, the reference) or the fast engine (`run_fast`, package `fast`: the
               same results for the shapes it supports, `fast_unsupported` says why not)
`pieces`       any graph split into per-dataset pieces; which dataset a node belongs to
`validator`    pieces in bounded batches → one `ValidationReport`, each profile by the fast
               engine where it can (`Validator(shacl_engine=...)`, one of `ENGINES`)
`sources`      files and standard input: RDF as it is, records after converting them
`report`       `Result`, `ValidationReport` and their text, JSON and Turtle renderings
=============  =================================================================================
"""

from __future__ import annotations

from ldcat.validate.engine import ENGINES, fast_unsupported, run_fast, run_shacl, with_vocabulary
from ldcat.validate.pieces import Piece, dataset_pieces
from ldcat.validate.report import SEVERITY_ORDER, Result, Severity, ValidationReport
from ldcat.validate.shapes import default_shapes, description, ontology_graph, resolve, shapes_graph
from ldcat.validate.sources import validate_sources
from ldcat.validate.validator import BATCH_SIZE, Shapes, Validator, validate_graph

__all__ = [
    "BATCH_SIZE", "ENGINES", "SEVERITY_ORDER", "Piece", "Result", "Severity", "Shapes", "ValidationReport", "Validator",
    "dataset_pieces", "default_shapes", "description", "fast_unsupported", "ontology_graph", "resolve", "run_fast",
    "run_shacl", "shapes_graph",
    "validate_graph", "validate_sources", "with_vocabulary",
]

