"""`ldcat harvest harmony` against a local server on 127.0.0.1 that replays Harmony's discovery API
with the real fixture records (dump pages of uuids, lookups), with the faults a harvest meets: a
failing page, a page given twice, a lookup that keeps failing, a page that does not move on, and the
harvester killed mid-dump. No record may be lost or written twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from conftest import FIXTURES

RECORDS = {json.loads(p.read_text(encoding="utf-8"))["extra_data"]["uuid"]: json.loads(p.read_text(encoding="utf-8"))
           for p in sorted((FIXTURES / "records").glob("*.json"))}
UUIDS = sorted(RECORDS)


@dataclass
class Harmony:
    """The replayed API, and the faults it is told to make."""

    fail_page_once: str | None = None  # `after` whose first dump request gets a 503
    repeat_page: str | None = None  # `after` answered once with the page before it
    stuck: str | None = None  # `after` always answered with a page ending in it
    broken: set[str] = field(default_factory=set)  # uuids whose lookup always fails
    delay: float = 0.0  # seconds per lookup
    requests: Counter[str] = field(default_factory=Counter)

    def __call__(self, environ: dict[str, object], start_response: object) -> object:
        request = Request(environ)  # type: ignore[arg-type]
        return self.respond(request)(environ, start_response)  # type: ignore[arg-type]

    def respond(self, request: Request) -> Response:
        if request.path == "/discover/dump":
            after = request.args.get("after")
            size = int(request.args.get("num_results", "500"))
            self.requests[f"dump:{after}"] += 1
            start = 0 if after is None else UUIDS.index(after) + 1
            if after is not None and after == self.fail_page_once and self.requests[f"dump:{after}"] == 1:
                return Response("busy", status=503, headers={"Retry-After": "0"})
            if after is not None and after == self.repeat_page and self.requests[f"dump:{after}"] == 1:
                start = max(0, start - size)
            if after is not None and after == self.stuck:
                start = UUIDS.index(after) - size + 1
            page = [{"uuid": u, "resource_type": RECORDS[u]["extra_data"].get("resource_type")}
                    for u in UUIDS[start:start + size]]
            return Response(json.dumps({"results": page}), mimetype="application/json")
        if request.path == "/discover/lookup":
            uuid = request.args.get("uuid", "")
            self.requests[f"lookup:{uuid}"] += 1
            time.sleep(self.delay)
            if uuid in self.broken:
                return Response("no", status=500)
            found = [RECORDS[uuid]] if uuid in RECORDS else []
            return Response(json.dumps({"results": found}), mimetype="application/json")
        return Response("not found", status=404)


@pytest.fixture
def api() -> Iterator[tuple[str, Harmony]]:
    app = Harmony()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/", app
    finally:
        server.shutdown()


def harvest(url: str, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ldcat", "harvest", "harmony", "-o", str(out), "--api", url,
                           "--page-size", "3", "--rate", "200", "--retries", "2", "-q", *extra],
                          capture_output=True, text=True, timeout=120, check=False)


def uuids_in(path: Path) -> list[str]:
    return [json.loads(line)["extra_data"]["uuid"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_record_once_through_a_failing_and_a_repeated_page(api: tuple[str, Harmony], tmp_path: Path) -> None:
    url, app = api
    app.fail_page_once, app.repeat_page = UUIDS[2], UUIDS[5]
    out = tmp_path / "harmony.jsonl"
    result = harvest(url, out)
    assert result.returncode == 0, result.stderr
    assert Counter(uuids_in(out)) == Counter(UUIDS)
    assert app.requests[f"dump:{UUIDS[2]}"] == 2  # retried after the 503
    assert not (tmp_path / "harmony.jsonl.part").exists() and not (tmp_path / "harmony.jsonl.part.cursor").exists()
    assert [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] == \
        [RECORDS[u] for u in uuids_in(out)]  # each record as the lookup gave it
    assert sum(n for k, n in app.requests.items() if k.startswith("lookup:")) == len(UUIDS)  # none fetched twice
    convert = subprocess.run([sys.executable, "-m", "ldcat", "convert", str(out), "-f", "nt", "-o",
                              str(tmp_path / "out.nt")], capture_output=True, text=True, timeout=120, check=False)
    assert convert.returncode in (0, 1), convert.stderr  # what it writes, ldcat reads


def test_killed_mid_dump_it_resumes_without_loss_or_repeat(api: tuple[str, Harmony], tmp_path: Path) -> None:
    url, app = api
    app.delay = 0.15
    out = tmp_path / "harmony.jsonl"
    part = tmp_path / "harmony.jsonl.part"
    process = subprocess.Popen([sys.executable, "-m", "ldcat", "harvest", "harmony", "-o", str(out), "--api", url,
                                "--page-size", "3", "--rate", "200", "-q"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not part.exists() or part.read_text(encoding="utf-8").count("\n") < 7):
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(10)
    assert not out.exists()
    with part.open("a", encoding="utf-8") as handle:  # as if the kill had cut a line short
        handle.write('{"extra_data": {"uuid": "cut sh')
    app.delay = 0.0
    result = harvest(url, out)
    assert result.returncode == 0, result.stderr
    assert Counter(uuids_in(out)) == Counter(UUIDS)


def test_a_lookup_that_keeps_failing_is_reported_and_fetched_next_time(api: tuple[str, Harmony],
                                                                       tmp_path: Path) -> None:
    url, app = api
    app.broken = {UUIDS[4]}
    out = tmp_path / "harmony.jsonl"
    first = harvest(url, out)
    assert first.returncode == 1
    assert UUIDS[4] in first.stderr and "HTTP 500" in first.stderr  # which record, and why
    assert not out.exists() and Counter(uuids_in(tmp_path / "harmony.jsonl.part")) == Counter(set(UUIDS) - {UUIDS[4]})
    app.broken = set()
    second = harvest(url, out)
    assert second.returncode == 0, second.stderr
    assert Counter(uuids_in(out)) == Counter(UUIDS)


def test_a_page_that_does_not_move_on_stops_the_harvest(api: tuple[str, Harmony], tmp_path: Path) -> None:
    url, app = api
    app.stuck = UUIDS[5]
    result = harvest(url, tmp_path / "harmony.jsonl")
    assert result.returncode == 1
    assert "would never end" in result.stderr and "Traceback" not in result.stderr
    assert Counter(uuids_in(tmp_path / "harmony.jsonl.part")) == Counter(UUIDS[:6])  # kept, to resume from


def test_no_server_is_a_clear_error(tmp_path: Path) -> None:
    result = harvest("http://127.0.0.1:9/", tmp_path / "h.jsonl", "--retries", "0")
    assert result.returncode == 1 and "Connection refused" in result.stderr and "Traceback" not in result.stderr
    bad = subprocess.run([sys.executable, "-m", "ldcat", "harvest", "harmony", "-o", str(tmp_path / "h.jsonl"),
                          "--api", "ftp://x/"], capture_output=True, text=True, timeout=60, check=False)
    assert bad.returncode == 2 and "--api" in bad.stderr
