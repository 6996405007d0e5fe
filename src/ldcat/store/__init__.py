"""Loading into triple stores: the embedded pyoxigraph store (the default) or any SPARQL 1.1 server.

Every record lives in its own named graph (the record's IRI, ``<base>record/<key>``), and every
catalogue in its own (``<base>catalog/<key>``), so loading a record again replaces it: no
duplicates, no stale triples. `sync` also drops the record graphs the input no longer has.

=================  ===============================================================================
`store.inputs`     named graphs from the inputs: records (converted) and RDF files (as they are)
`store.embedded`   the embedded pyoxigraph store: open it, load graphs into it, sync
`store.http`       a SPARQL 1.1 server: endpoints, credentials, retries, Graph Store Protocol/Update
`store.terms`      rdflib ↔ pyoxigraph terms, N-Triples bytes
=================  ===============================================================================

Where the embedded store lives by default is a setting (`ldcat.config.default_store`).
"""

from __future__ import annotations

from ldcat.store.embedded import BULK_THRESHOLD, LoadOptions, load_embedded, open_store
from ldcat.store.http import PASSWORD_ENV, SERVERS, TRANSIENT, Endpoint, EndpointError, load_remote
from ldcat.store.inputs import RDF_PREFERENCE, NamedGraph, input_graphs
from ldcat.store.terms import from_ox, ntriples, to_ox

__all__ = [
    "BULK_THRESHOLD",
    "PASSWORD_ENV",
    "RDF_PREFERENCE",
    "SERVERS",
    "TRANSIENT",
    "Endpoint",
    "EndpointError",
    "LoadOptions",
    "NamedGraph",
    "from_ox",
    "input_graphs",
    "load_embedded",
    "load_remote",
    "ntriples",
    "open_store",
    "to_ox",
]
