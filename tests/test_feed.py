"""The change feed (`ldcat.publish.feed`): DCAT-AP Feeds as an LDES with TREE paging, static files.

Three publishes of the real fixture records: all of them; two dropped and one changed; one back.
TREEcg's ldes-client (npm, tests/ldes: an independent implementation) reads the feed over HTTP from
`ldcat serve` and replays it: the latest event of each dataset must give exactly the current
catalogue, and each dataset's history must be what happened to it.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import defaultdict
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import serving
from history import DAYS, RECORDS, inputs
from ldcat.publish import PublishOptions, publish
from ldcat.publish.state import read_state

CLIENT = Path(__file__).parent / "ldes" / "node_modules" / ".bin" / "ldes-client"
AS = "https://www.w3.org/ns/activitystreams#"


def _publish(site: Path, root: Path, steps: range, base: str) -> None:
    for step in steps:
        report = publish(inputs(root / f"in-{step}", step), PublishOptions(site, base, harvested=DAYS[step]))
        assert report.ok


def _replay(base: str) -> list[tuple[str, str, str]]:
    """(published, kind, dataset) of every member the independent client emits, in its order."""
    result = subprocess.run([str(CLIENT), f"{base}feed/index.ttl", "--ordered", "ascending"], capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    members: dict[str, dict[str, str]] = defaultdict(dict)
    order: list[str] = []
    for triple in ox.parse(result.stdout.encode(), format=ox.RdfFormat.N_TRIPLES):
        member = triple.subject.value
        if member not in members:
            order.append(member)
        members[member][triple.predicate.value] = triple.object.value
    return [(members[m][f"{AS}published"], members[m]["http://www.w3.org/1999/02/22-rdf-syntax-ns#type"]
             .removeprefix(AS), members[m][f"{AS}object"]) for m in order]


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[str, str, str]]]:
    """A site published three times at the base URL of the server that then serves it (the client
    follows the feed's own links), and what the client replays of its feed."""
    if not CLIENT.exists():
        pytest.fail("the LDES client is not installed: `make test` installs it (npm ci --prefix tests/ldes)")
    root = tmp_path_factory.mktemp("feed")
    site = root / "site"
    _publish(site, root, range(1), "http://127.0.0.1:1/")  # a first site, so the server has one to open
    with serving(site) as url:
        base = f"{url}/"
        shutil.rmtree(site)
        _publish(site, root, range(3), base)
        replayed = _replay(base)
    return site, replayed


def test_replaying_the_feed_gives_the_current_catalogue(history: tuple[Path, list[tuple[str, str, str]]]) -> None:
    site, replayed = history
    latest: dict[str, str] = {}
    for _, kind, dataset in replayed:  # in the client's order: ascending time
        latest[dataset] = kind
    live = {d.rsplit("/", 1)[-1] for d, kind in latest.items() if kind != "Delete"}
    state = read_state(site)
    assert live == {k for k, v in state.records.items() if not v.part}
    assert {d.rsplit("/", 1)[-1] for d, kind in latest.items() if kind == "Delete"} == set(state.deleted)


def test_each_datasets_history_is_what_happened(history: tuple[Path, list[tuple[str, str, str]]]) -> None:
    _, replayed = history
    kinds: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for published, kind, dataset in replayed:
        kinds[dataset.rsplit("/", 1)[-1]].append((published[:10], kind))
    assert len(replayed) == len(RECORDS) + 1 + 2 + 1  # creates, one update, two deletes, one create again
    histories = sorted(kinds.values())
    back = [h for h in histories if h == [("2026-01-10", "Create"), ("2026-02-10", "Delete"), ("2026-03-10", "Create")]]
    gone = [h for h in histories if h == [("2026-01-10", "Create"), ("2026-02-10", "Delete")]]
    revised = [h for h in histories if h == [("2026-01-10", "Create"), ("2026-02-10", "Update")]]
    assert (len(back), len(gone), len(revised)) == (1, 1, 1)
    assert sum(h == [("2026-01-10", "Create")] for h in histories) == len(RECORDS) - 3


def test_pages_are_kept_and_an_unchanged_publish_adds_none(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _publish(site, tmp_path, range(2), "https://data.example.org/")
    pages = {p.name: p.read_bytes() for p in (site / "feed").glob("page-*.nt")}
    assert sorted(pages) == ["page-1.nt", "page-2.nt"]
    report = publish(inputs(tmp_path / "again", 1), PublishOptions(site, "https://data.example.org/",
                                                                    harvested=date(2026, 4, 1)))
    assert report.stats["events"] == 0
    assert {p.name: p.read_bytes() for p in (site / "feed").glob("page-*.nt")} == pages
    for page in pages:  # every page is Turtle that parses, with its members' descriptions
        graph = list(ox.parse(path=str(site / "feed" / page), format=ox.RdfFormat.N_TRIPLES))
        assert any(t.predicate.value == "https://w3id.org/tree#member" for t in graph)
