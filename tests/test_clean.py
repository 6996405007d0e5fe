import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldcat.normalise import clean


@pytest.mark.parametrize(
    ("raw", "doi", "noted"),
    [
        ("10.5255/UKDA-SN-5992-1", "10.5255/UKDA-SN-5992-1", False),
        ("http://dx.doi.org/10.5255/UKDA-SN-856152", "10.5255/UKDA-SN-856152", False),
        ("https://doi.org/10.1093/ije/dyi127", "10.1093/ije/dyi127", False),
        ("https://doi.org/10.12688%2Ff1000research.17457.1", "10.12688/f1000research.17457.1", True),
        ("10.5072/NGUC-2004 ", "10.5072/NGUC-2004", True),
        ("doi:10.1016/S2215-0366(15)00358-2", "10.1016/S2215-0366(15)00358-2", False),
        ("https://example.org/not-a-doi", None, False),
        ("", None, False),
    ],
)
def test_doi_forms_give_one_canonical_name(raw: str, doi: str | None, noted: bool) -> None:
    name, note = clean.doi(raw)
    assert name == doi
    assert (note is not None) == noted


def test_doi_iri_keeps_parentheses_and_escapes_what_an_iri_cannot_hold() -> None:
    assert clean.doi_iri("10.1016/S2215-0366(15)00358-2") == "https://doi.org/10.1016/S2215-0366(15)00358-2"
    assert clean.doi_iri("10.1000/a b<c>") == "https://doi.org/10.1000/a%20b%3Cc%3E"


@pytest.mark.parametrize(
    ("raw", "url", "noted"),
    [
        ("https://borninbradford.nhs.uk)", "https://borninbradford.nhs.uk", True),
        ("https://doi.org/10.1016/S2215-0366(15)00358-2", "https://doi.org/10.1016/S2215-0366(15)00358-2", False),
        ("https://example.org/a", "https://example.org/a", False),
        ("", None, True),
        ("2022-11-29-174606.893925Health-Informatics-Centre-RGB.png", None, True),
        ("https://exa mple.org/", None, True),
        ("ftp://example.org/x", None, True),
    ],
)
def test_urls_are_repaired_or_dropped_with_a_note(raw: str, url: str | None, noted: bool) -> None:
    cleaned, note = clean.url(raw)
    assert cleaned == url
    assert (note is not None) == noted


def test_text_parses_html_and_keeps_line_breaks() -> None:
    # A link whose text is its address (x.org) is written as the full address (tests/test_truth.py).
    value, note = clean.text("UK Data Service <br> <a href=\"https://x.org\">x.org</a> &amp; more")
    assert value == "UK Data Service\nhttps://x.org & more"
    assert note == "HTML converted to text"


# Text without markup or entities, rich in every kind of space and line break (and placeholders).
_SPACED = st.lists(st.sampled_from([*"ab. \t\n\r\u00a0\u2028\x85\x1c\u3000\v\f", "NULL", "n/a", " None "]),
                   max_size=30).map("".join)


@given(_SPACED)
def test_text_strips_each_line_and_keeps_at_most_one_blank_line(raw: str) -> None:
    """What `text` makes of spacing, said line by line (it does it in one pass over the whole
    text): carriage returns go, runs of spaces, tabs and no-break spaces become one space, each
    line loses the whitespace at its ends (whatever `str.strip` takes), blank lines are at most
    one in a row, and the whole is stripped; what is then a placeholder is nothing."""
    lines = [re.sub(r"[\t\u00a0][ \t\u00a0]*| [ \t\u00a0]+", " ", line).strip()
             for line in raw.replace("\r", "").split("\n")]
    expected = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    assert clean.text(raw)[0] == (None if clean.is_placeholder(expected) else expected)


@pytest.mark.parametrize("raw", ["None", "null", "", "  ", "N/A"])
def test_placeholders_are_nothing(raw: str) -> None:
    assert clean.text(raw)[0] is None


def test_links_in_finds_hrefs_and_bare_urls_once() -> None:
    html = 'See <a href="https://a.org/x">https://a.org/x</a> or https://b.org/y.'
    assert clean.links_in(html) == ["https://a.org/x", "https://b.org/y."]


@pytest.mark.parametrize(("raw", "number"), [("337", 337), (" 1,073 ", 1073), (12, 12), (3.0, 3), ("x", None)])
def test_integers_from_strings(raw: object, number: int | None) -> None:
    assert clean.integer(raw)[0] == number


def test_country_codes() -> None:
    assert clean.country("UK") == ("GB", "'UK' is not ISO 3166-1, read as GB")
    assert clean.country("gb")[0] == "GB"
    assert clean.country("XX")[0] is None
    assert clean.countries()["IE"] == ("IRL", "Ireland")
