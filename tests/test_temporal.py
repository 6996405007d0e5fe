import pytest

from ldcat.model import Period
from ldcat.normalise.temporal import TemporalError, parse


@pytest.mark.parametrize(
    ("raw", "start", "end", "iso"),
    [
        ("2021-03-01/2022-08-01", "2021-03-01", "2022-08-01", "2021-03-01/2022-08-01"),
        ("1996-04-01T00:00:00Z/1997-03-01T00:00:00Z", "1996-04-01", "1997-03-01", "1996-04-01/1997-03-01"),
        ("2007/..", "2007", None, "2007/.."),
        ("../2007", None, "2007", "../2007"),
        ("2008", "2008", "2008", "2008"),
        ("2008/2009", "2008", "2009", "2008/2009"),
        ("1996..1997", "1996", "1997", "1996/1997"),
        ("2007-11/2008", "2007-11", "2008", "2007-11/2008"),
        ("2009/2008", "2008", "2009", "2008/2009"),
    ],
)
def test_coverage_forms(raw: str, start: str | None, end: str | None, iso: str) -> None:
    period, _ = parse(raw)
    assert period == Period(start, end)
    assert period.iso() == iso


def test_changes_are_noted() -> None:
    changes = parse("1996-04-01T00:00:00Z/1997-03-01T00:00:00Z")[1]
    assert changes == ["time of day dropped: coverage is given to the day"]
    assert parse("2009/2008")[1] == ["start and end of '2009/2008' were reversed, swapped"]
    assert parse("2007/..")[1] == []


@pytest.mark.parametrize("raw", ["soon", "2021-13-01", "../..", "20/21"])
def test_invalid_coverage_is_an_error(raw: str) -> None:
    with pytest.raises(TemporalError):
        parse(raw)
