"""Engines run the unit of work over the input; every engine yields the same `Outcome`s in input order.

`work` is the unit of work (a chunk of records in, an outcome per record out), `local` runs it in
this process or a pool of them, `dask` over a Dask cluster, and `policy` decides, for every engine
alike, what becomes of each outcome (written, skipped as a repeat, rejected, or the end of the run).
"""

from __future__ import annotations

import os
from typing import BinaryIO

# An input: a path, or a binary stream (only the local engine reads streams).
Source = str | os.PathLike[str] | BinaryIO
