"""ldcat: publish research-data catalogue records as schema.org and DCAT 3 Linked Data.

The library in one screen::

    from pathlib import Path
    from ldcat import ConvertOptions, MapOptions, convert, records, Report

    report = convert(["records.jsonl"], ConvertOptions(formats=("turtle", "nt"), output=Path("out")))
    print(report.stats, [str(p) for p in report.errors])

    report = Report()
    for item in records(["records.jsonl"], report, mapping=MapOptions(base_iri="https://data.example.org/")):
        print(item.record.name, len(item.graph))   # a normalised Record and its rdflib Graph
"""

from ldcat.errors import InputError, LdcatError, RecordError, StopRun, UsageError
from ldcat.mapping import PROFILES, MapOptions, map_catalogues, map_record
from ldcat.model import Agent, Catalogue, Period, RawRecord, Record, RecordRef, Variable
from ldcat.normalise import normalise
from ldcat.pipeline import Converted, ConvertOptions, convert, records
from ldcat.problems import Problem, Report
from ldcat.read import read
from ldcat.serialise import serialise

__all__ = [
    "PROFILES", "Agent", "Catalogue", "ConvertOptions", "Converted", "InputError", "LdcatError", "MapOptions",
    "Period", "Problem", "RawRecord", "Record", "RecordError", "RecordRef", "Report", "StopRun", "UsageError",
    "Variable", "convert", "map_catalogues", "map_record", "normalise", "read", "records", "serialise",
]
