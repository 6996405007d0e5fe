"""A polite HTTP client for harvesting: GET only, at most `rate` requests a second, and retries
with exponential backoff on what may pass (connection errors, timeouts, 429 and 5xx), honouring
``Retry-After``. The standard library's urllib is enough for that, and keeps ldcat's dependencies
as they are; what a harvester needs beyond it is exactly this policy.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from importlib.metadata import version
from typing import Any

RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
USER_AGENT = f"ldcat/{version('ldcat')}"


class HarvestError(Exception):
    """A request that did not succeed, even after its retries."""


@dataclass
class Client:
    rate: float = 5.0  # requests a second, at most
    retries: int = 5
    backoff: float = 1.0  # seconds before the first retry; doubled each time
    timeout: float = 60.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    _last: float = field(default=0.0, repr=False)

    def get_json(self, url: str) -> Any:
        """The JSON at `url`; a HarvestError says why not (after the retries)."""
        body = self.get(url)
        try:
            return json.loads(body)
        except ValueError as exc:
            raise HarvestError(f"{url}: not JSON ({exc})") from None

    def waits(self) -> Iterator[float]:
        """The waits before each retry: `backoff`, doubled each time, `retries` of them."""
        return (self.backoff * 2**n for n in range(self.retries))

    def get(self, url: str, accept: str = "application/json") -> bytes:
        return self.fetch(url, accept)[0]

    def fetch(self, url: str, accept: str) -> tuple[bytes, str]:
        """The body at `url` and its media type (``Content-Type`` without parameters)."""
        if not url.startswith(("http://", "https://")):
            raise HarvestError(f"{url}: not an http(s) URL")
        waits = self.waits()
        for attempt in range(self.retries + 1):
            self._pace()
            wait: float | None = None
            try:
                request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": accept})
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    data: bytes = response.read()
                    return data, response.headers.get_content_type()
            except urllib.error.HTTPError as exc:
                if exc.code not in RETRY_STATUS or attempt == self.retries:
                    raise HarvestError(f"{url}: HTTP {exc.code} {exc.reason}") from None
                wait = _retry_after(exc.headers.get("Retry-After"))
            except ValueError as exc:  # a URL urllib cannot even parse (a bad port, a stray space)
                raise HarvestError(f"{url}: {exc}") from None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                if attempt == self.retries:
                    reason = getattr(exc, "reason", exc)
                    raise HarvestError(f"{url}: {reason}") from None
            backoff = next(waits)
            self.sleep(wait if wait is not None else backoff)
        raise AssertionError("unreachable")

    def _pace(self) -> None:
        gap = 1.0 / self.rate if self.rate > 0 else 0.0
        now = time.monotonic()
        if now - self._last < gap:
            self.sleep(gap - (now - self._last))
        self._last = time.monotonic()


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (a number or an HTTP date), capped at ten minutes."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            return None
    return min(max(seconds, 0.0), 600.0)
