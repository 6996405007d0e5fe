"""What the XML writers share: building elements, writing them deterministically, which of a
record's datasets a document describes, and `DocumentWriter`, a writer of one document per record.

The standard library's ElementTree builds and escapes; it is enough for documents that are
written, never queried, and it keeps ldcat free of a compiled XML dependency. Text that XML 1.0
cannot hold (control characters, which a loaded file may carry) is replaced, never written raw.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import ClassVar

from rdflib import URIRef

from ldcat.namespaces import DCAT, FOAF, RDF, SDO
from ldcat.publish.facts import Facts, dataset_facts
from ldcat.publish.landing import TripleIndex
from ldcat.serialise.base import BaseWriter
from ldcat.serialise.terms import Triples

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def xml_text(value: str) -> str:
    """`value` with what XML 1.0 cannot hold replaced (U+FFFD)."""
    return _NOT_XML.sub("\ufffd", value)


def child(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attributes.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def to_text(element: ET.Element) -> str:
    """The element as XML text, without a declaration (the same bytes for the same element)."""
    ET.indent(element, space="  ")
    return ET.tostring(element, encoding="unicode") + "\n"


def main_dataset(index: TripleIndex, name: URIRef | None) -> URIRef | None:
    """The dataset a record's triples describe: its catalogue record's primary topic, else the
    dataset with the most statements (a record's children have fewer). None: no dataset at all."""
    if name is not None:
        topic = index.values(name, FOAF.primaryTopic)
        if topic and isinstance(topic[0], URIRef):
            return topic[0]
    datasets = [s for s, props in index.by_subject.items() if isinstance(s, URIRef)
                and ({DCAT.Dataset, SDO.Dataset} & set(props.get(RDF.type, [])))]
    if not datasets:
        return None
    return min(datasets, key=lambda s: (-sum(map(len, index.by_subject[s].values())), str(s)))



class DocumentWriter(BaseWriter):
    """A writer of one XML document per record (the pipeline writes each to DIR/datasets/, never
    concatenated): its record's main dataset, read back as `Facts`, made into an element by `make`."""

    documents: ClassVar[bool] = True

    def make(self, facts: Facts) -> ET.Element:
        raise NotImplementedError

    def header(self) -> str:
        return DECLARATION

    def render(self, graph: Triples, name: URIRef | None = None) -> str:
        index = TripleIndex(graph)
        dataset = main_dataset(index, name)
        return "" if dataset is None else to_text(self.make(dataset_facts(index, dataset)))
