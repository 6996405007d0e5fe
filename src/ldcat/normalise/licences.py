"""Licence or access page? And what access a text describes, in the EU access-right vocabulary.

Every `license` value seen in real Harmony records is an access or application page (a
"how to access the data" page, a contact form, a catalogue entry), not a licence. Publishing it
as `dct:license` / `schema:license` tells harvesters the data is licensed under a web page.

**Licence rule** (`is_licence`): a URL is a licence only if it names one, that is if it is
- an SPDX licence IRI (``https://spdx.org/licenses/<id>``),
- a Creative Commons licence or public-domain tool (``creativecommons.org/licenses/…``,
  ``creativecommons.org/publicdomain/…``),
- an Open Government Licence or the UK non-commercial government licence
  (``www.nationalarchives.gov.uk/doc/open-government-licence/…``, ``…/non-commercial-government-licence/…``),
- an Open Data Commons licence (``opendatacommons.org/licenses/…``),
- an Open Source Initiative or GNU licence page (``opensource.org/licenses/…``, ``www.gnu.org/licenses/…``),
- the EU licence authority table (``http://publications.europa.eu/resource/authority/licence/…``),
- or a data archive's licence document named in `LICENCE_DOCUMENTS` (the UK Data Service End User Licence).

Any other URL in `license` is an access page: it becomes access conditions (a `dcat:accessURL`
of a distribution, `schema:conditionsOfAccess`), never `dct:license`, and the user is told.

**Access-right rule** (`access_right`): the EU Publications Office access-right authority
(http://publications.europa.eu/resource/authority/access-right) has PUBLIC ("publicly accessible
by everyone"), RESTRICTED (available under conditions: registration, application, agreement)
and NON_PUBLIC. A data-access text is read as one of them only when it says so in words:
"without the requirement for registration", "open access", "freely/publicly available" → PUBLIC;
registration, an application, a request or proposal, contacting the team, a licence agreement,
secure/controlled access → RESTRICTED; "not available", "no access" → NON_PUBLIC. Anything
else (a bare URL, a catalogue's name) is left undecided: the text is kept as a rights statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

AccessRight = Literal["PUBLIC", "RESTRICTED", "NON_PUBLIC"]
ACCESS_RIGHT_BASE = "http://publications.europa.eu/resource/authority/access-right/"

# (host, path prefix, what it is): hosts compared without "www.", paths case-insensitively.
LICENCE_PLACES: tuple[tuple[str, str, str], ...] = (
    ("spdx.org", "/licenses/", "an SPDX licence"),
    ("creativecommons.org", "/licenses/", "a Creative Commons licence"),
    ("creativecommons.org", "/publicdomain/", "a Creative Commons public-domain tool"),
    ("nationalarchives.gov.uk", "/doc/open-government-licence/", "the Open Government Licence"),
    ("nationalarchives.gov.uk", "/doc/non-commercial-government-licence/", "the Non-Commercial Government Licence"),
    ("opendatacommons.org", "/licenses/", "an Open Data Commons licence"),
    ("opensource.org", "/licenses/", "an Open Source Initiative licence"),
    ("opensource.org", "/license/", "an Open Source Initiative licence"),
    ("gnu.org", "/licenses/", "a GNU licence"),
    ("publications.europa.eu", "/resource/authority/licence/", "the EU licence authority table"),
)

# Licence documents of data archives, by exact URL (scheme and "www." ignored).
LICENCE_DOCUMENTS: dict[str, str] = {
    "ukdataservice.ac.uk/app/uploads/cd137-enduserlicence.pdf": "the UK Data Service End User Licence",
}


@dataclass(frozen=True, slots=True)
class Licence:
    """A URL that names a licence, and which kind."""

    url: str
    what: str


def _host_path(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    host = parts.netloc.lower().split(":")[0]
    return host.removeprefix("www."), parts.path.lower()


def is_licence(url: str) -> Licence | None:
    """The licence a URL names, or None when it names none (then it is an access page)."""
    host, path = _host_path(url)
    if (found := LICENCE_DOCUMENTS.get(host + path)) is not None:
        return Licence(url, found)
    for place, prefix, what in LICENCE_PLACES:
        if host == place and path.startswith(prefix) and len(path) > len(prefix):
            return Licence(url, what)
    return None


_PUBLIC = re.compile(
    r"without (?:the )?(?:requirement|need) (?:for|of) (?:registration|registering)|no registration"
    r"|open access|(?<!not )(?:freely|publicly|openly) (?:available|accessible)|available to (?:anyone|everyone)",
    re.IGNORECASE)
_RESTRICTED = re.compile(
    r"regist(?:er|ered|ration)|\bapply\b|application|\brequest|proposal|approval|permission"
    r"|contact (?:the )?(?:study|research|project|data)? ?team|express an interest|licen[cs]e agreement"
    r"|end user licen[cs]e|special licen[cs]e|secure (?:access|lab|data)|safeguarded|controlled access"
    r"|data access (?:agreement|committee)|on request",
    re.IGNORECASE)
_NON_PUBLIC = re.compile(
    r"not (?:publicly |currently |yet )?(?:available|accessible|shared)|no access|closed to (?:external )?users",
    re.IGNORECASE)

# First match wins: an explicit "no registration" beats the word "registration" it contains, and
# a way to ask for the data ("not publicly available, apply to...") beats "not available".
_RULES: tuple[tuple[AccessRight, re.Pattern[str]], ...] = (
    ("PUBLIC", _PUBLIC), ("RESTRICTED", _RESTRICTED), ("NON_PUBLIC", _NON_PUBLIC))


def access_right(text: str) -> tuple[AccessRight, str] | None:
    """The EU access right a data-access text states, and the words that decided it; None when
    the text does not say (see the module's rule)."""
    for right, pattern in _RULES:
        if (match := pattern.search(text)) is not None:
            return right, match.group(0)
    return None


def access_right_iri(right: str) -> str:
    """The EU authority IRI of an access right (``RESTRICTED`` → ``…/access-right/RESTRICTED``)."""
    return ACCESS_RIGHT_BASE + right
