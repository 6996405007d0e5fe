"""A real browser for tests: Debian's Chromium driven by Playwright, and `ldcat serve` on loopback.

Fixtures (import them into the test module: `from browser import browser, page  # noqa: F401`):

- `browser` (session): a Playwright `Browser` running `/usr/bin/chromium` (Debian's package `chromium`, which
  .ci/run installs) headless, with a fresh throwaway profile. Playwright's own browser builds are never used or
  downloaded (`playwright install` is not needed and must not be run): the Python package only brings its driver.
  Without Chromium or the `playwright` package the test skips, and in CI (`CI` set) it fails with what to install.
- `page` (function): a new page in a fresh context (no cookies, cache or storage shared between tests), 1280 px
  wide, with bounded default timeouts. Requests to anything but 127.0.0.1/localhost are aborted and recorded in
  `page_requests_blocked(page)`; every dialog (alert, confirm, prompt) is dismissed and its message recorded in
  `page_dialogs(page)`; uncaught page errors are recorded in `page_errors(page)`.

Helpers: `jsonld_blocks(page)` reads the JSON-LD scripts from the live DOM; `png_size(path)` reads a PNG's
dimensions; `serve_site(site)` runs `ldcat serve` on a free loopback port until the `with` block ends.

Quirks found (Playwright 1.65.2 with Debian 12's Chromium 156.0.8078.79):

- `/usr/bin/chromium` is Debian's shell wrapper, which sources /etc/chromium.d/*; its /dev/shm check prints
  "[: ...: unexpected operator" on stderr where findmnt lists /dev/shm twice (containers) and then never adds
  `--disable-dev-shm-usage` for a small /dev/shm, so we pass that flag ourselves. The wrapper forwards
  Playwright's pipe fine, and the pages render with the DejaVu fonts that fontconfig brings.
- Playwright refuses `--user-data-dir` in `args` for `launch()`; it makes a fresh profile dir of its own in the
  temp dir and removes it on close, which is what we want.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import struct
import sys
import urllib.error
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

from servers import ServerStartError, _start, _stop, free_port, opener

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/lib/chromium/chromium")
# Headless, no sandbox (CI runs as root), nothing that phones home or updates itself.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # see the module docstring: Debian's wrapper fails to add it in containers
    "--no-proxy-server",  # only loopback is ever asked for; ignore any proxy in the environment
]
LAUNCH_TIMEOUT_MS = 60_000  # Chromium starts in about a second; this bounds a hung start
PAGE_TIMEOUT_MS = 20_000  # default for every navigation, wait and action of a page
VIEWPORT = {"width": 1280, "height": 800}
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _missing(message: str) -> NoReturn:
    """A missing browser fails the run in CI (where .ci/run installs it) and skips elsewhere."""
    if _in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def chromium_path() -> str | None:
    """Debian's Chromium, if installed."""
    for candidate in CHROMIUM_PATHS:
        if os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium under Playwright, for the whole session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the Python package 'playwright' is not installed: install the test extras "
                 "(pip install -e '.[test]'); never run 'playwright install', Debian's chromium is used")
    executable = chromium_path()
    if executable is None:
        _missing("chromium not found at /usr/bin/chromium: install Debian's package "
                 "(apt-get install chromium; .ci/run does this)")
    with sync_playwright() as playwright:
        try:
            instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True,
                                                  timeout=LAUNCH_TIMEOUT_MS)
        except Exception as err:  # playwright's Error: the browser exited or never answered
            pytest.fail(f"could not launch {executable} with Playwright: {err}", pytrace=False)
        try:
            yield instance
        finally:
            instance.close()


@dataclass
class _PageLog:
    dialogs: list[str]
    errors: list[str]
    blocked: list[str]


_LOGS: dict[int, _PageLog] = {}


def _is_local(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "file"):
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and (parts.hostname or "") in LOCAL_HOSTS


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh context and page, loopback only, dialogs dismissed and recorded."""
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    context.set_default_navigation_timeout(PAGE_TIMEOUT_MS)
    log = _PageLog([], [], [])

    def route(route: Any) -> None:
        if _is_local(route.request.url):
            route.continue_()
        else:
            log.blocked.append(route.request.url)
            route.abort("blockedbyclient")

    def dialog(dialog: Any) -> None:
        log.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    context.route("**/*", route)
    new = context.new_page()
    new.on("dialog", dialog)
    new.on("pageerror", lambda err: log.errors.append(str(err)))
    _LOGS[id(new)] = log
    try:
        yield new
    finally:
        _LOGS.pop(id(new), None)
        context.close()


def page_dialogs(page: Page) -> list[str]:
    """Every dialog the page opened so far, as "type: message"."""
    return _LOGS[id(page)].dialogs


def page_errors(page: Page) -> list[str]:
    """Every uncaught script error of the page so far."""
    return _LOGS[id(page)].errors


def page_requests_blocked(page: Page) -> list[str]:
    """Every request to a host other than loopback that the page tried (and that was aborted)."""
    return _LOGS[id(page)].blocked


# --- reading pages -----------------------------------------------------------------------------------------------

JSONLD_SCRIPTS = """() => Array.from(document.querySelectorAll('script[type="application/ld+json"]'),
                                      (s) => s.textContent)"""


def jsonld_texts(page: Page) -> list[str]:
    """The text of every `<script type="application/ld+json">` in the live DOM, in document order."""
    return page.evaluate(JSONLD_SCRIPTS)


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) of a PNG, from its IHDR chunk."""
    head = path.read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        raise ValueError(f"{path} is not a PNG")
    return struct.unpack(">II", head[16:24])


# --- ldcat serve ---------------------------------------------------------------------------------------------------


def ldcat_command() -> list[str]:
    """The `ldcat` console script beside the interpreter (the venv's bin/), or the CLI through the interpreter."""
    beside = Path(sys.executable).parent / "ldcat"
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside)]
    return [sys.executable, "-c", "import sys; from ldcat.cli import main; sys.exit(main())"]


def _answers(url: str) -> bool:
    try:
        with opener().open(url, timeout=2) as response:
            return response.status < 500
    except urllib.error.HTTPError as err:
        return err.code < 500
    except (OSError, ValueError):
        return False


@contextlib.contextmanager
def serve_site(site: Path, attempts: int = 3) -> Iterator[str]:
    """`ldcat serve SITE --port P` on a free loopback port; yields its base URL and stops it afterwards.

    Ready once it printed a line starting "Serving" (stdout and stderr go to one log) and answers HTTP, within
    servers.STARTUP_TIMEOUT (60 s); a port taken meanwhile (the server exits) is retried on a fresh port. Like
    the triple stores of servers.py it runs in its own session, dies with pytest, and is stopped with SIGTERM,
    then SIGKILL, each bounded.
    """
    logs = site.parent / f"{site.name}-serve-logs"  # beside the site, in the test's tmp_path
    logs.mkdir(exist_ok=True)
    for attempt in range(1, attempts + 1):
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = logs / f"serve-{port}.log"

        def ready(log: Path = log, base: str = base) -> bool:
            said = any(line.startswith("Serving") for line in log.read_text(errors="replace").splitlines())
            return said and _answers(f"{base}/")

        try:
            proc = _start([*ldcat_command(), "serve", str(site), "--port", str(port)], cwd=logs, log=log,
                          ready=ready, what="ldcat serve")
        except ServerStartError:
            if attempt == attempts:
                raise
            continue
        try:
            yield base
        finally:
            _stop(proc)
        return
    raise AssertionError("unreachable")
