"""Harvest Harmony Data Discovery's API into JSON Lines, one record (as ``/discover/lookup`` gives
it) per line, resumably.

The API's ``/discover/dump?num_results=N&after=<uuid>`` pages through every record's uuid; each is
then looked up (``/discover/lookup?uuid=``). Records are written as they come to ``OUT.part``, and
after each page the cursor (the page's last uuid, and the uuids whose lookup failed) is saved beside
it (``OUT.part.cursor``), so an
interrupted harvest (Ctrl-C, kill -9, a network gone) started again goes on from its last whole
page: a record already written is not written again, a line cut short is dropped and fetched
again, and nothing is lost. When the dump ends, ``OUT.part`` becomes ``OUT`` in one rename.

A page the API gives twice adds nothing (every uuid is written once); a page that does not move
the cursor on (the same last uuid as the one asked after) is asked for again, with the retries'
waits, and if it still does not move on the harvest stops there with an error, as it would loop
for ever. A lookup that fails after its retries is reported (which uuid, why) and the
harvest goes on; it exits 1 then, and a later run (with the same OUT) asks for those first.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from ldcat.harvest.http import Client, HarvestError
from ldcat.problems import Problem, Report

# Harmony's public discovery API: the one its own search site (harmonydata/search) builds its pages from.
DEFAULT_API = "https://harmonydataweaviate.azureedge.net/"
PAGE = 500


@dataclass(frozen=True)
class HarmonyHarvest:
    api: str = DEFAULT_API  # the API's base URL (ending in '/'); its paths are discover/...
    page: int = PAGE


def _uuids(page: Any) -> list[str]:
    """The uuids of a dump page: a list of ``{uuid, resource_type}`` (bare, or in ``results``)."""
    items = page.get("results", []) if isinstance(page, dict) else page
    if not isinstance(items, list):
        raise HarvestError("the dump page is neither a list nor {results: [...]}")
    return [item["uuid"] for item in items if isinstance(item, dict) and isinstance(item.get("uuid"), str)]


def _resume(part: Path) -> set[str]:
    """The uuids already in `part`, after dropping a last line that a kill cut short."""
    if not part.exists():
        return set()
    with part.open("rb+") as handle:
        data = handle.read()
        end = data.rfind(b"\n") + 1
        if end != len(data):
            handle.truncate(end)
    seen: set[str] = set()
    for line in data[:end].splitlines():
        try:
            record = json.loads(line)
            seen.add(record["extra_data"]["uuid"])
        except (ValueError, KeyError, TypeError):
            continue
    return seen


def harvest(out: Path, options: HarmonyHarvest, client: Client, report: Report,
            progress: Callable[[int], None] | None = None) -> int:
    """Harvest every record into `out` (see the module docstring); returns how many were written in all."""
    part = out.with_name(out.name + ".part")
    cursor_file = out.with_name(out.name + ".part.cursor")
    seen = _resume(part)
    after, missing = _cursor(cursor_file)
    if seen or after:
        report.add(Problem("harvest-resumed", f"resuming: {len(seen):,} record(s) already in {part.name}"
                           + (f", after {after}" if after else "")
                           + (f"; {len(missing):,} that failed before asked for again" if missing else ""),
                           "info", str(out)))
    report.count("written", 0)
    with part.open("a", encoding="utf-8", newline="\n") as handle:
        def fetch(uuids: list[str]) -> list[str]:
            """Write each record not yet written; the uuids whose lookup failed."""
            failed = []
            for uuid in uuids:
                if uuid in seen:
                    report.count("repeated")
                    continue
                record = _lookup(options, client, uuid, report)
                if record is None:
                    failed.append(uuid)
                    continue
                handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
                seen.add(uuid)
                report.count("written")
                if progress:
                    progress(len(seen))
            handle.flush()
            os.fsync(handle.fileno())
            return failed

        missing = fetch(missing)
        _save(cursor_file, after, missing)
        for uuids in _pages(options, client, after):
            missing += fetch(uuids)
            after = uuids[-1]
            _save(cursor_file, after, missing)
    if missing:
        return len(seen)  # kept as .part: the next run fetches what is missing
    os.replace(part, out)
    cursor_file.unlink(missing_ok=True)
    return len(seen)


def _pages(options: HarmonyHarvest, client: Client, after: str | None) -> Iterator[list[str]]:
    while True:
        query = {"num_results": str(options.page), **({"after": after} if after else {})}
        url = f"{options.api}discover/dump?{urlencode(query)}"
        uuids = _uuids(client.get_json(url))
        for wait in client.waits():  # a page that ends where it was asked to start: asked again, then given up
            if not uuids or uuids[-1] != after:
                break
            client.sleep(wait)
            uuids = _uuids(client.get_json(url))
        if not uuids:
            return
        if uuids[-1] == after:
            raise HarvestError(f"the dump gave the page after {after} again, ending with it: stopping, as it "
                               "would never end (the records so far are kept; run again to resume)")
        yield uuids
        after = uuids[-1]


def _lookup(options: HarmonyHarvest, client: Client, uuid: str, report: Report) -> dict[str, Any] | None:
    try:
        found = client.get_json(f"{options.api}discover/lookup?{urlencode({'uuid': uuid})}")
    except HarvestError as exc:
        report.count("lookup-failed")
        report.add(Problem("lookup-failed", f"{exc}; not written (run again to fetch it)", "error", uuid))
        return None
    results = found.get("results") if isinstance(found, dict) else None
    if not results or not isinstance(results[0], dict):
        report.count("lookup-failed")
        report.add(Problem("lookup-failed", "the lookup found no record for this uuid; not written", "error", uuid))
        return None
    record: dict[str, Any] = results[0]
    return record


def _cursor(path: Path) -> tuple[str | None, list[str]]:
    """Where the last run stopped: the last whole page's last uuid, and the uuids it could not fetch."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data.get("after"), [u for u in data.get("missing", []) if isinstance(u, str)]
    except (OSError, ValueError, AttributeError):
        return None, []


def _save(path: Path, after: str | None, missing: list[str]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({"after": after, "missing": missing}) + "\n", encoding="utf-8")
    os.replace(tmp, path)
