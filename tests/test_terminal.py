"""What a person sees: in a real pseudo-terminal, a long convert, load or publish shows a progress
bar that no problem line breaks into, and ends with the problems grouped by kind and a summary
line; without a terminal there is no bar, and `--report FILE` holds every problem."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path
from typing import Any

import pyte
import pytest
from click.testing import CliRunner

from conftest import RECORDS
from ldcat.cli import main

N = 5000
BAD_EVERY = 500  # a line that is not JSON, now and then: an error printed while the bar runs
COLUMNS, ROWS = 1000, 40  # wide enough that no line wraps; the program is told 40 rows
LDCAT = str(Path(sys.executable).with_name("ldcat"))
BAR = "━"  # rich's bar


def _renamed(value: Any, copy: int) -> Any:
    if isinstance(value, dict):
        return {k: (hashlib.md5(f"{v}/{copy}".encode()).hexdigest() if k == "uuid" and isinstance(v, str)
                    else _renamed(v, copy)) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(v, copy) for v in value]
    return value


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """N real records (each copy with uuids of its own), and a bad line every BAD_EVERY."""
    records = [json.loads(p.read_text()) for p in sorted(RECORDS.glob("*.json"))]
    lines = []
    for n in range(N):
        lines.append(json.dumps(_renamed(records[n % len(records)], n)))
        if n % BAD_EVERY == BAD_EVERY // 2:
            lines.append("{not json")
    path = tmp_path_factory.mktemp("terminal") / "records.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_in_terminal(args: list[str], cwd: Path) -> tuple[int, list[list[str]], list[str]]:
    """Run a command in a pseudo-terminal; (exit code, the screens seen while it ran, the final screen)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "CI", "TERM_PROGRAM")}
    env.update(TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(ROWS))
    process = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env, close_fds=True)
    os.close(slave)
    screen = pyte.Screen(COLUMNS, 400)  # taller than the program thinks: nothing scrolls away
    stream = pyte.ByteStream(screen)
    screens = []
    while True:
        try:
            data = os.read(master, 1 << 16)
        except OSError:  # EIO: the program has ended and closed the terminal
            break
        if not data:
            break
        stream.feed(data)
        if not select.select([master], [], [], 0)[0]:  # a pause in the output: what a person sees now
            screens.append([line.rstrip() for line in screen.display if line.strip()])
    os.close(master)
    return process.wait(timeout=600), screens, [line.rstrip() for line in screen.display if line.strip()]


PROBLEM = re.compile(r"^(error|warning|info): ")
GROUP_HEAD = "Problems by kind (-v shows each as it comes; --report FILE writes every one):"
GROUP = re.compile(r"^ +[\d,]+  (error|warning|info) [a-z0-9-]+$")
EXAMPLE = re.compile(r"^ +e\.g\. (error|warning|info): ")


@pytest.mark.parametrize(("command", "summary"), [
    ("convert", r"^5,000 record\(s\) converted, 10 failed, [\d,]+ warning\(s\), [\d,]+ triples in [\d.]+ s$"),
    ("load", r"^[\d,]+ graph\(s\) loaded into \S+ \(0 replaced, 0 removed\), [\d,]+ triples, 10 failed in [\d.]+ s$"),
    ("publish", r"^5,000 dataset\(s\) published to \S+ \(5,000 new or changed, 0 unchanged, 0 removed\), 10 failed "
                r"in [\d.]+ s$"),
])
def test_a_long_run_in_a_terminal_shows_a_bar_and_groups_the_warnings(many: Path, tmp_path: Path, command: str,
                                                                      summary: str) -> None:
    target = {"convert": ["-o", str(tmp_path / "out") + "/", "-f", "nt"], "load": ["--store", str(tmp_path / "store")],
              "publish": ["-o", str(tmp_path / "site")]}[command]
    code, screens, final = run_in_terminal([LDCAT, command, str(many), *target, "--harvested", "2026-11-22",
                                            "--jobs", "2"] if command != "publish" else
                                           [LDCAT, command, str(many), *target, "--harvested", "2026-11-22"], tmp_path)
    assert code == 1  # the bad lines failed

    # While it ran: a bar with the count, the rate and an ETA; a bar line is only ever a bar.
    bars = [line for lines in screens for line in lines if BAR in line]
    total = N + N // BAD_EVERY  # the lines: records and the bad ones
    assert any(re.search(rf"^{command} .*━.* \d+/{total} [\d,]+/s \d+:\d\d:\d\d ETA \d+:\d\d:\d\d$", line)
               for line in bars), bars[-3:]
    assert all(line.startswith(command + " ") and not PROBLEM.search(line) for line in bars)

    # At the end: the errors as they came, whole, then the grouped problems, then the summary.
    assert not any(BAR in line for line in final)  # the bar is gone
    errors = [line for line in final if line.startswith("error: ")]
    assert len(errors) == N // BAD_EVERY and all(re.fullmatch(r"error: \S+:\d+: invalid JSON.*", e) for e in errors)
    head = final.index(GROUP_HEAD)
    assert all(PROBLEM.match(line) for line in final[:head])  # nothing before but problems, each on its own line
    grouped = final[head + 1:-1]
    assert grouped and all(GROUP.match(line) or EXAMPLE.match(line) for line in grouped), grouped
    assert any(re.match(r"^ +10  error invalid-json$", line) for line in grouped)
    assert not any(line.startswith("warning: ") for line in final[:head])  # warnings are grouped, not listed
    assert re.fullmatch(summary, final[-1]), final[-1]


def test_without_a_terminal_there_is_no_bar_and_the_report_file_has_every_problem(tmp_path: Path) -> None:
    source = sorted(RECORDS.glob("*.json"))
    log = tmp_path / "problems.txt"
    result = CliRunner().invoke(main, ["convert", *map(str, source), "-o", str(tmp_path / "out") + "/",
                                       "--harvested", "2026-11-22", "--report", str(log),
                                       "--report-json", str(tmp_path / "report.json")])
    assert result.exit_code == 0, result.output
    assert BAR not in result.stderr and "\r" not in result.stderr
    lines = log.read_text().splitlines()
    stats = json.loads((tmp_path / "report.json").read_text())["stats"]
    assert len(lines) == stats["warnings"] + stats.get("infos", 0) > 0
    assert GROUP_HEAD in result.stderr and not any(line.startswith("warning: ") for line in result.stderr.splitlines())
    verbose = CliRunner().invoke(main, ["convert", *map(str, source), "-o", str(tmp_path / "v") + "/",
                                        "--harvested", "2026-11-22", "-v"])
    listed = [line for line in verbose.stderr.splitlines() if PROBLEM.match(line)]
    assert sorted(listed) == sorted(lines)  # -v: each one as it comes
