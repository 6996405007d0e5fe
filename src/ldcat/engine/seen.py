"""The keys a run has seen, in a private temporary SQLite database: memory stays flat however long the run.

A Python set of the keys' 16-byte digests costs ~100 bytes a record, so a run of a million records
grows by 100 MB for it alone; SQLite keeps a bounded page cache and spills the rest to a file that
is deleted when the run ends (an empty database name: SQLite's own private temporary database).
It is exact, unlike a Bloom filter, which would drop a record now and then as a false repeat.
Each key costs a few microseconds, in the writing process.
"""

from __future__ import annotations

import hashlib
import sqlite3

CACHE_KIB = 4096  # SQLite's page cache; the rest of the table waits in the temporary file


class SeenKeys:
    """`add(key)` is True the first time a key is given, False after. Close it (or use `with`) to
    delete its file."""

    def __init__(self) -> None:
        # isolation_level=None: no implicit transactions; one is opened here and never committed,
        # since nothing of it needs to survive the run.
        self._db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
        for pragma in (f"cache_size = -{CACHE_KIB}", "journal_mode = OFF", "synchronous = OFF"):
            self._db.execute(f"PRAGMA {pragma}")
        self._db.execute("CREATE TABLE seen (digest BLOB PRIMARY KEY) WITHOUT ROWID")
        self._db.execute("BEGIN")

    def add(self, key: str) -> bool:
        digest = hashlib.md5(key.encode("utf-8", "surrogatepass")).digest()
        return self._db.execute("INSERT OR IGNORE INTO seen VALUES (?)", (digest,)).rowcount == 1

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SeenKeys:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
