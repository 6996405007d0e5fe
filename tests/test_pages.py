"""Harmony pages of every build: the record is found by its structure, whatever the prop or depth.

Each variant is a real page (tests/fixtures/harmony/pages) rewritten here: the record moved under
``initialData`` beside an ``identifier`` prop (another build's item pages), under other prop names,
deeper, into a row of its own; a thin and a rich candidate; a related record of another study; the
payload cut mid-row; the text rows it refers to dropped. Each must give the same record as the page
it was made from (same key, name, DOIs, keywords), and say which source it used.
"""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import PAGES, RECORDS, SEED_PAGE
from ldcat.model import RawRecord
from ldcat.normalise import normalise
from ldcat.problem_codes import check
from ldcat.problems import Problem
from ldcat.read import read
from ldcat.read.flight import parse_rows
from ldcat.read.harmony_page import leaves

VARIANTS = Path(__file__).resolve().parent / "fixtures" / "pages-variants"
SEED_SLUG = SEED_PAGE.name.removesuffix(".rsc.txt")
SEED_UUID = "5050ed61f083639e6f2563d215c23229"  # records/01_ukds_dataset_856152.json
EPAD = PAGES / "early-prediction-of-adolescent-depression-epad.rsc.txt"
GEO = PAGES / "geospatial.rsc.txt"
STUDY_PAGES = {EPAD: RECORDS / "mhc_early-prediction-of-adolescent-depression-epad.json",
               GEO: RECORDS / "ukllc_geospatial.json"}


# --- pages as data ----------------------------------------------------------------------------


@dataclass
class Page:
    """A page's rows: JSON rows in payload order and text rows (tagged rows hold no data: dropped)."""

    json: dict[str, Any]
    text: dict[str, str]

    @classmethod
    def load(cls, path: Path) -> Page:
        rows = parse_rows(path.read_bytes())
        assert rows.bad == [] and rows.truncated is None
        return cls({row: rows.json[row] for row in rows.order}, dict(rows.text))

    def bytes(self) -> bytes:
        out = b""
        for row, text in self.text.items():  # a text row holds its length in bytes; no newline after it
            body = text.encode("utf-8")
            out += f"{row}:T{len(body):x},".encode() + body
        for row, value in self.json.items():
            out += f"{row}:".encode() + json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
        return out

    def rewrite(self, predicate: Callable[[dict[str, Any]], bool], change: Callable[[dict[str, Any]], Any]) -> int:
        """Replace every dict that satisfies `predicate` (in every JSON row) by `change(dict)`."""
        count = 0

        def visit(value: Any) -> Any:
            nonlocal count
            if isinstance(value, dict):
                if predicate(value):
                    count += 1
                    return change(value)
                return {key: visit(item) for key, item in value.items()}
            if isinstance(value, list):
                return [visit(item) for item in value]
            return value

        self.json = {row: visit(value) for row, value in self.json.items()}
        return count

    def find(self, predicate: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        self.rewrite(predicate, lambda d: found.append(d) or d)
        return found


def holds(prop: str) -> Callable[[dict[str, Any]], bool]:
    return lambda d: prop in d and isinstance(d[prop], dict | str)


def api_record(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


@dataclass(frozen=True)
class Facts:
    key: str
    name: str
    dois: tuple[str, ...]
    keywords: tuple[str, ...]
    aliases: tuple[str, ...]


def read_page(data: bytes) -> tuple[Facts, RawRecord, list[Problem]]:
    items = list(read(io.BytesIO(data), "rsc", name="variant.rsc.txt"))
    records = [item for item in items if isinstance(item, RawRecord)]
    problems = [item for item in items if isinstance(item, Problem)]
    assert len(records) == 1, problems
    problems += records[0].notes  # what the reader says about the record travels with it
    assert check(problems) == []  # every code declared, at a severity it allows
    record, _ = normalise(records[0])
    facts = Facts(record.key, record.name, tuple(record.dois), tuple(record.keywords), tuple(record.also_known_as))
    return facts, records[0], problems


def facts_of(path: Path) -> Facts:
    return read_page(path.read_bytes())[0]


def codes(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(p.code, p.severity) for p in problems]


def source_note(problems: list[Problem]) -> str:
    [note] = [p.message for p in problems if p.code == "rsc-record-source"]
    return note


# --- the pages as they are, and rebuilt ---------------------------------------------------------


@pytest.mark.parametrize("path", [SEED_PAGE, EPAD, GEO], ids=lambda p: p.name[:20])
def test_a_page_rebuilt_from_its_rows_reads_the_same(path: Path) -> None:
    original, raw, problems = read_page(path.read_bytes())
    rebuilt, raw_rebuilt, _ = read_page(Page.load(path).bytes())
    assert rebuilt == original
    assert raw_rebuilt.data == raw.data
    assert [p.severity for p in problems] == ["info"]  # which source was used, and nothing else


def test_the_source_note_travels_with_the_record_and_is_no_failure() -> None:
    items = list(read(io.BytesIO(SEED_PAGE.read_bytes()), "rsc", name="seed.rsc.txt"))
    [raw] = items  # nothing beside the record: a note is not a record that failed
    assert isinstance(raw, RawRecord)
    assert [(p.code, p.severity) for p in raw.notes] == [("rsc-record-source", "info")]
    _, problems = normalise(raw)
    assert problems[0] == raw.notes[0]  # reported with the record's own problems


def test_real_pages_say_which_source_they_used() -> None:
    _, _, problems = read_page(SEED_PAGE.read_bytes())
    assert source_note(problems) == (
        "record read from the page's schema.org JSON-LD (ld+json script, row a), the richest of 2 sources; "
        "what it lacks filled from display props (prop 'dataset', row a)")
    _, _, problems = read_page(EPAD.read_bytes())
    assert source_note(problems) == (
        "record read from the page's API record (prop 'study', row c), the richest of 2 sources; "
        "not used: schema.org JSON-LD (ld+json script, row c)")


@pytest.mark.parametrize(("page", "record"), STUDY_PAGES.items(), ids=["epad", "geospatial"])
def test_study_page_still_gives_the_api_record_unchanged(page: Path, record: Path) -> None:
    _, raw, _ = read_page(page.read_bytes())
    assert raw.data == api_record(record)


# --- another build: {"identifier": "<uuid>", "initialData": record} ---------------------------


@pytest.mark.parametrize(("page", "record"), STUDY_PAGES.items(), ids=["epad", "geospatial"])
def test_study_record_under_initial_data_beside_its_identifier(page: Path, record: Path) -> None:
    expected = facts_of(page)
    variant = Page.load(page)
    uuid = api_record(record)["extra_data"]["uuid"]
    assert variant.rewrite(holds("study"), lambda d: {"identifier": uuid, "initialData": d["study"]}) == 1
    facts, raw, problems = read_page(variant.bytes())
    assert facts == expected
    assert raw.data == api_record(record)
    assert "API record (prop 'initialData', row c)" in source_note(problems)


def seed_other_build(identifier: str, initial: dict[str, Any] | None) -> Page:
    """The seed item page as the other build writes it: the display props replaced by the item's
    identifier and its whole record (or null: the browser fetches it)."""
    page = Page.load(SEED_PAGE)
    assert page.rewrite(holds("dataset"), lambda d: {"identifier": identifier, "initialData": initial}) == 1
    return page


def test_item_page_of_the_other_build_gives_the_whole_record_and_the_api_key() -> None:
    record = api_record(RECORDS / "01_ukds_dataset_856152.json")
    facts, raw, problems = read_page(seed_other_build(SEED_UUID, record).bytes())
    assert raw.data == record  # the full record wins over the JSON-LD, and is taken as it is
    assert facts.key == SEED_UUID
    assert facts.name == facts_of(SEED_PAGE).name and facts.dois == facts_of(SEED_PAGE).dois
    assert facts.keywords == facts_of(SEED_PAGE).keywords
    assert "not used: schema.org JSON-LD" in source_note(problems)


def test_identifier_beside_a_null_initial_data_still_names_the_record() -> None:
    # The record is left for the browser to fetch: the JSON-LD is all there is, the uuid is the identifier.
    facts, raw, _ = read_page(seed_other_build(SEED_UUID, None).bytes())
    assert raw.data["extra_data"]["uuid"] == SEED_UUID
    expected = facts_of(SEED_PAGE)
    assert (facts.key, facts.name, facts.dois, facts.keywords) == (SEED_UUID, expected.name, expected.dois,
                                                                    expected.keywords)
    assert facts.aliases == (SEED_SLUG,)  # the slug key the page gave before: to be linked with owl:sameAs


def test_other_build_fixture_reads_like_its_api_record() -> None:
    api, _ = normalise(RawRecord(api_record(RECORDS / "01_ukds_dataset_856152.json"), "api", "harmony"))
    facts, _, problems = read_page((VARIANTS / "items-initialdata-856152.rsc.txt").read_bytes())
    assert (facts.key, facts.name, list(facts.dois), list(facts.keywords)) == (api.key, api.name, api.dois,
                                                                              api.keywords)
    assert [p.severity for p in problems] == ["info"]


def test_item_page_addressed_by_uuid_gets_the_uuid_key() -> None:
    # Harmony's items route takes a slug or a uuid: /search/items/<uuid>.
    page = Page.load(SEED_PAGE)
    page.json = json.loads(json.dumps(page.json).replace(f'"{SEED_SLUG}"', f'"{SEED_UUID}"').replace(
        f"/items/{SEED_SLUG}", f"/items/{SEED_UUID}"))
    facts, raw, _ = read_page(page.bytes())
    assert facts.key == SEED_UUID
    assert raw.data["extra_data"]["uuid"] == SEED_UUID
    assert "slug" not in raw.data["extra_data"]  # the uuid in a URL is not a slug


# --- other prop names, other depths, other rows -------------------------------------------------


@pytest.mark.parametrize(("path", "prop"), [(SEED_PAGE, "dataset"), (EPAD, "study"), (GEO, "study")],
                         ids=["seed", "epad", "geospatial"])
def test_record_under_another_prop_name(path: Path, prop: str) -> None:
    variant = Page.load(path)
    assert variant.rewrite(holds(prop), lambda d: {"item" if k == prop else k: v for k, v in d.items()}) == 1
    assert read_page(variant.bytes())[0] == facts_of(path)


@pytest.mark.parametrize(("path", "prop"), [(SEED_PAGE, "dataset"), (EPAD, "study"), (GEO, "study")],
                         ids=["seed", "epad", "geospatial"])
def test_record_nested_deeper(path: Path, prop: str) -> None:
    variant = Page.load(path)
    assert variant.rewrite(holds(prop), lambda d: {"props": {"pageData": [{"x": 1}, {"content": d[prop]}]}}) == 1
    assert read_page(variant.bytes())[0] == facts_of(path)


@pytest.mark.parametrize(("path", "prop"), [(SEED_PAGE, "dataset"), (EPAD, "study")], ids=["seed", "epad"])
def test_record_in_a_row_of_its_own(path: Path, prop: str) -> None:
    variant = Page.load(path)
    [holder] = variant.find(holds(prop))
    variant.json = {"7f": copy.deepcopy(holder[prop]), **variant.json}  # referenced before it is seen, too
    assert variant.rewrite(holds(prop), lambda d: {**d, prop: "$7f"}) == 1
    facts, _, problems = read_page(variant.bytes())
    assert facts == facts_of(path)
    assert "row 7f" in source_note(problems)


def test_json_ld_as_an_object_prop() -> None:
    # A build that passes the JSON-LD as an object, not as a script's text; the script dropped.
    variant = Page.load(SEED_PAGE)
    doc = json.loads(variant.text["13"])
    assert variant.rewrite(lambda d: d.get("type") == "application/ld+json", lambda d: {"jsonLd": doc}) == 1
    del variant.text["13"]
    facts, _, problems = read_page(variant.bytes())
    assert facts == facts_of(SEED_PAGE)
    assert "schema.org JSON-LD (prop 'jsonLd', row a)" in source_note(problems)


# --- several candidates -------------------------------------------------------------------------


def test_rich_record_wins_over_a_thin_one_before_it() -> None:
    record = api_record(RECORDS / "mhc_early-prediction-of-adolescent-depression-epad.json")
    thin = {"dataset_schema": {"name": record["dataset_schema"]["name"]},
            "extra_data": {"uuid": record["extra_data"]["uuid"], "slug": record["extra_data"]["slug"]}}
    assert leaves(thin) < leaves(record)
    variant = Page.load(EPAD)
    assert variant.rewrite(holds("study"), lambda d: {"summary": thin, **d}) == 1
    facts, raw, problems = read_page(variant.bytes())
    assert raw.data == record
    assert facts == facts_of(EPAD)
    assert "not used: API record (prop 'summary', row c)" in source_note(problems)


def test_full_record_wins_over_a_richer_partial_one() -> None:
    record = api_record(RECORDS / "mhc_early-prediction-of-adolescent-depression-epad.json")
    partial = {"dataset_schema": {**record["dataset_schema"], "alternateName": ["x"] * 50}}
    assert leaves(partial) > leaves(record)
    variant = Page.load(EPAD)
    assert variant.rewrite(holds("study"), lambda d: {"preview": partial, **d}) == 1
    _, raw, problems = read_page(variant.bytes())
    assert raw.data == record
    assert "partial API record (prop 'preview', row c)" in source_note(problems)


def test_a_related_record_of_another_study_never_wins_nor_merges() -> None:
    # A richer full record of another study (shown as "related") on the seed item page, whose own
    # record is only JSON-LD and display props: the route names the page's record.
    other = api_record(RECORDS / "mhc_gemini.json")
    assert leaves(other) > leaves(api_record(RECORDS / "01_ukds_dataset_856152.json"))
    variant = Page.load(SEED_PAGE)
    assert variant.rewrite(holds("dataset"), lambda d: {**d, "related": [other]}) == 1
    facts, raw, problems = read_page(variant.bytes())
    assert facts == facts_of(SEED_PAGE)
    assert raw.data == read_page(SEED_PAGE.read_bytes())[1].data
    assert "API record (prop 'related', row a) (about another record)" in source_note(problems)


def test_the_pages_own_json_ld_wins_over_a_full_record_of_another_study() -> None:
    variant = Page.load(EPAD)
    assert variant.rewrite(holds("study"), lambda d: {"study": api_record(RECORDS / "mhc_gemini.json")}) == 1
    facts, _, problems = read_page(variant.bytes())
    assert facts.name == facts_of(EPAD).name and facts.key == "early-prediction-of-adolescent-depression-epad"
    assert source_note(problems).startswith("record read from the page's schema.org JSON-LD")
    assert "API record (prop 'study', row c) (about another record)" in source_note(problems)


def test_a_page_whose_only_record_is_another_ones_says_so() -> None:
    variant = Page.load(EPAD)
    assert variant.rewrite(holds("study"), lambda d: {"study": api_record(RECORDS / "mhc_gemini.json")}) == 1
    del variant.text["15"]  # and no JSON-LD
    facts, _, problems = read_page(variant.bytes())
    assert facts.name == "Gemini"
    [warning] = [p for p in problems if p.severity == "warning"]
    assert warning.code == "rsc-identifier-mismatch"
    assert "early-prediction-of-adolescent-depression-epad" in warning.message


def test_thin_display_props_before_the_real_ones_change_nothing() -> None:
    variant = Page.load(SEED_PAGE)
    thin = {"title": "Untitled Dataset", "topics": []}
    assert variant.rewrite(holds("dataset"), lambda d: [{"card": thin}, d]) == 1
    facts, raw, _ = read_page(variant.bytes())
    assert facts == facts_of(SEED_PAGE)
    assert raw.data == read_page(SEED_PAGE.read_bytes())[1].data


def test_richer_display_props_of_another_study_neither_win_nor_merge() -> None:
    # A "related" card built by the same transform, richer than the page's own display props, and
    # with values the page's record lacks: its title is not the page's (og:title, <title>).
    variant = Page.load(SEED_PAGE)
    [props] = [d["dataset"] for d in variant.find(holds("dataset"))]
    card = {**props, "title": "Another study", "topics": [f"T{i}" for i in range(40)], "image": "https://x.org/i.png",
            "ageCoverage": "16-65 years", "aiSummary": "Not this study"}
    assert variant.rewrite(holds("dataset"), lambda d: [{"card": card}, d]) == 1
    facts, raw, problems = read_page(variant.bytes())
    assert facts == facts_of(SEED_PAGE)
    assert raw.data == read_page(SEED_PAGE.read_bytes())[1].data
    assert "display props (prop 'card', row a) (about another record)" in source_note(problems)
    del variant.text["13"]  # and no JSON-LD: the page's own display props still win, by their title
    facts, _, problems = read_page(variant.bytes())
    assert facts == facts_of(SEED_PAGE)
    assert source_note(problems).startswith("record read from the page's display props (prop 'dataset', row a)")


def test_children_of_a_record_in_rows_of_their_own_are_not_candidates() -> None:
    record = api_record(RECORDS / "closer_hertfordshire-cohort-study-hcs.json")
    children = record["child_datasets"]
    page = Page.load(GEO)
    rows = {f"c{i:x}": child for i, child in enumerate(children)}
    refs = [f"${row}" for row in rows]
    page.json = {**rows, **page.json}
    slug = api_record(RECORDS / "ukllc_geospatial.json")["extra_data"]["slug"]
    study = {**record, "child_datasets": refs, "extra_data": {**record["extra_data"], "slug": slug}}
    del study["extra_data"]["uuid"], study["extra_data"]["harmony_id"]
    assert page.rewrite(holds("study"), lambda d: {"study": study}) == 1
    facts, raw, problems = read_page(page.bytes())
    assert raw.data["child_datasets"] == children
    assert facts.name == record["dataset_schema"]["name"]
    assert "richest of 2 sources" in source_note(problems)  # the study and its JSON-LD; no child


# --- damage -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "row"), [(SEED_PAGE, b'e:[["$","meta"'), (EPAD, b"\n10:["), (GEO, b"\n10:[")],
                         ids=["seed", "epad", "geospatial"])
def test_page_cut_mid_row_after_its_record(path: Path, row: bytes) -> None:
    data = path.read_bytes()
    facts, _, problems = read_page(data[: data.index(row) + 200])
    assert facts == facts_of(path)
    assert [c for c in codes(problems) if c[1] != "info"] == [("rsc-truncated", "warning")]


def test_page_cut_inside_a_text_row_after_its_record() -> None:
    # The download stopped inside a text row streamed after the record's rows.
    data = SEED_PAGE.read_bytes() + b"1f:T400," + b"x" * 100
    facts, _, problems = read_page(data)
    assert facts == facts_of(SEED_PAGE)
    assert [c for c in codes(problems) if c[1] != "info"] == [("rsc-truncated", "warning")]


def test_page_cut_inside_a_text_row_before_its_record() -> None:
    page = Page.load(EPAD)
    page.text["ff"] = "x" * 400  # written before the JSON rows; declared whole, then cut
    data = page.bytes()
    cut = data[: data.index(b"ff:T") + 100] + b"\n"
    # Cutting the only text rows loses every JSON row after them: no record, an error saying why.
    items = list(read(io.BytesIO(cut), "rsc", name="cut.rsc.txt"))
    assert codes([i for i in items if isinstance(i, Problem)]) == [("rsc-truncated", "error")]


def test_json_ld_text_row_dropped_the_display_props_still_give_the_record() -> None:
    variant = Page.load(SEED_PAGE)
    del variant.text["13"]  # the ld+json script's text
    facts, raw, problems = read_page(variant.bytes())
    assert facts == facts_of(SEED_PAGE)
    assert raw.data["extra_data"]["slug"] == SEED_SLUG
    assert ("rsc-missing-row", "warning") in codes(problems)
    assert "$13" in next(p.message for p in problems if p.code == "rsc-missing-row")


def test_display_description_row_dropped_the_json_ld_still_has_it() -> None:
    variant = Page.load(SEED_PAGE)
    del variant.text["15"]
    facts, raw, problems = read_page(variant.bytes())
    assert facts == facts_of(SEED_PAGE)
    assert raw.data["dataset_schema"]["description"].startswith("This data collection")
    assert ("rsc-missing-row", "warning") in codes(problems)  # the display props it merged refer to it


def test_study_page_json_ld_row_dropped_is_no_loss() -> None:
    variant = Page.load(EPAD)
    assert list(variant.text) == ["15"]
    del variant.text["15"]
    facts, raw, problems = read_page(variant.bytes())
    assert facts == facts_of(EPAD)
    assert raw.data == api_record(STUDY_PAGES[EPAD])
    assert [p.severity for p in problems] == []  # the JSON-LD was not needed: nothing is missing


def test_page_with_no_source_at_all_says_so() -> None:
    page = Page.load(SEED_PAGE)
    page.rewrite(holds("dataset"), lambda d: {"nothing": True})
    page.rewrite(lambda d: d.get("type") == "application/ld+json", lambda d: {"nothing": True})
    items = list(read(io.BytesIO(page.bytes()), "rsc", name="empty.rsc.txt"))
    [problem] = items
    assert isinstance(problem, Problem) and problem.code == "rsc-no-record" and problem.severity == "error"
