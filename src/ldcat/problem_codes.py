"""The catalogue of problem codes: every code ldcat reports, declared once, in pipeline-step order.

Each `ProblemCode` says what a `Problem` with that code means and what to do about it; `ldcat
problems` lists them and docs/problems.md is rendered from them (`python -m ldcat.problem_codes >
docs/problems.md`). A test fails when the source emits a code that is not declared here, or emits
it at a severity its declaration does not allow.

This module imports only the standard library and `ldcat.problems`, so the CLI can load it cheaply.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ldcat.problems import Problem, Severity

Step = Literal["read", "normalise", "map", "validate", "load", "publish"]
STEPS: tuple[Step, ...] = ("read", "normalise", "map", "validate", "load", "publish")
STEP_TITLES: dict[Step, str] = {
    "read": "Reading the input",
    "normalise": "Normalising records",
    "map": "Mapping to RDF",
    "validate": "Validating against SHACL shapes",
    "load": "Loading into a triple store",
    "publish": "Publishing a static site",
}
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
REGENERATE = "python -m ldcat.problem_codes > docs/problems.md"


@dataclass(frozen=True, slots=True)
class ProblemCode:
    """One declared problem code.

    `severity` is the code's usual severity; `also` lists the other severities it is reported at
    (for instance a truncated page is a warning when its record was still found, an error when not).
    `template` is the shape of the message, with ``{placeholders}`` where it varies and `` | ``
    between the alternative messages of one code. `meaning` says what happened; `fix` how to fix
    it, or what ldcat did about it.
    """

    code: str
    severity: Severity
    title: str
    template: str
    meaning: str
    fix: str
    step: Step
    also: tuple[Severity, ...] = ()

    @property
    def severities(self) -> tuple[Severity, ...]:
        """Every severity the code may be reported at, the usual one first."""
        return (self.severity, *self.also)

    def allows(self, severity: str) -> bool:
        return severity in self.severities

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity,
            "severities": list(self.severities),
            "step": self.step,
            "title": self.title,
            "template": self.template,
            "meaning": self.meaning,
            "fix": self.fix,
        }


def _iri_from(what: str, field: str) -> ProblemCode:
    code = "iri-from-" + what.replace("@", "")
    return ProblemCode(
        code, "info", f"IRIs minted from the {what}",
        f"no Harmony uuid: IRIs are minted from the record's {what}",
        f"The record has neither a Harmony uuid nor a harmony_id, so its IRIs are minted from its {what} "
        f"({field}). They are stable from run to run, but differ from the IRIs the same record gets once "
        "it comes with its uuid.",
        "Nothing to do for this run. Harvest records with their extra_data.uuid where you can, so that "
        "their IRIs do not change later.",
        "normalise",
    )


CODES: tuple[ProblemCode, ...] = (
    # --- read ------------------------------------------------------------------------------------
    ProblemCode(
        "empty-input", "error", "Empty input",
        "the input is empty",
        "The source holds nothing, or only whitespace: there is no record to read.",
        "Check the file, or the command that produced it (a failed download often leaves an empty file). "
        "Nothing was read from this source; the other sources were.",
        "read",
    ),
    ProblemCode(
        "unknown-format", "error", "Unknown input format",
        "not a known input format (starts with {preview}); expected one of {formats} — name one with --from",
        "No reader recognised the start of the input by its content.",
        "Name the format with --from FORMAT (`ldcat plugins` lists the readers), or install the plugin that "
        "reads it. Nothing was read from this source.",
        "read",
    ),
    ProblemCode(
        "invalid-encoding", "error", "Not UTF-8 text",
        "not UTF-8 text: {reason}",
        "The input (or, in JSON Lines, one line of it) is not valid UTF-8, so it cannot be read as JSON.",
        "Re-encode the file as UTF-8 (for example `iconv -f latin1 -t utf-8`). In JSON Lines only the bad "
        "line is skipped.",
        "read",
    ),
    ProblemCode(
        "invalid-json", "error", "Invalid JSON",
        "invalid JSON at {where}: {reason} | the JSON is nested too deeply to read | "
        "invalid JSON in ld+json script at line {line} column {column}: {reason} | "
        "the page's JSON-LD is not valid JSON (column {column}: {reason})",
        "A JSON document, a line of JSON Lines, an ld+json script of an HTML page, or the JSON-LD embedded "
        "in a Harmony page is not valid JSON, or is nested too deeply to read. In a Harmony page it is a "
        "warning: the record is still rebuilt from the page's display props.",
        "Fix the JSON at the position given. A bad line or script is skipped and the rest of the input read.",
        "read", also=("warning",),
    ),
    ProblemCode(
        "not-a-record", "error", "Not a Harmony record",
        "not a Harmony record: no 'dataset_schema' or 'extra_data' (keys: {keys}) | 'results' is not a list",
        "A JSON object read as a Harmony record has neither dataset_schema nor extra_data, or the results "
        "of an API response is not a list.",
        "Give records in the shape the discovery API returns them. For other JSON (schema.org JSON-LD, for "
        "instance) name its reader with --from.",
        "read",
    ),
    ProblemCode(
        "not-an-object", "error", "Not a JSON object",
        "a record must be a JSON object, not {kind} | a JSON-LD node must be a JSON object",
        "An item of a list of records (or of an API response's results, or of a JSON-LD @graph) is a "
        "string, a number, a list or null instead of an object.",
        "Remove the item, or make it a record. The other items are read.",
        "read",
    ),
    ProblemCode(
        "invalid-jsonld", "error", "Invalid JSON-LD",
        "not valid JSON-LD: {reason} | the document is nested too deeply to read",
        "The document is valid JSON but not valid JSON-LD (a malformed @context or keyword), or it is "
        "nested too deeply to read.",
        "Fix the document; a JSON-LD playground shows the error in context. The document was not read.",
        "read",
    ),
    ProblemCode(
        "jsonld-remote-context", "error", "Remote JSON-LD context",
        "remote JSON-LD context {url} is not fetched; only schema.org's context is known (bundled). Inline "
        "the context or use https://schema.org/",
        "The document's @context is a URL other than schema.org's. ldcat never fetches contexts from the "
        "network, so the document's terms cannot be interpreted.",
        "Inline the context in the document, or use https://schema.org/ as its @context. The document was "
        "not read.",
        "read",
    ),
    ProblemCode(
        "https-schema-namespace", "warning", "https schema.org terms",
        "uses https://schema.org/ terms; schema.org's namespace is http://schema.org/ (read as schema.org "
        "anyway)",
        "The document's terms expand to https://schema.org/..., but schema.org's namespace is "
        "http://schema.org/; other consumers may not recognise them.",
        "Nothing to do for ldcat: the terms were read as schema.org. Publishers should use the schema.org "
        "context as it is (its @vocab is http://schema.org/).",
        "read",
    ),
    ProblemCode(
        "no-dataset", "error", "No schema.org Dataset",
        "no schema.org Dataset (no node typed http://schema.org/Dataset) in the document | no schema.org "
        "Dataset: the document has no @context, so its terms are not schema.org | none of the {n} ld+json "
        "scripts describes a schema.org Dataset",
        "The JSON-LD document (or every ld+json script of the HTML page) holds no node typed "
        "http://schema.org/Dataset. A document without @context has no schema.org terms at all.",
        "Check the document's @type and @context. Harmony records given as plain JSON are read with "
        "--from harmony.",
        "read",
    ),
    ProblemCode(
        "no-jsonld", "error", "No ld+json script",
        'no <script type="application/ld+json"> in the page',
        "The HTML page has no ld+json script, so it has no schema.org description to read.",
        "Check that this is a dataset's landing page. For a Harmony page, read its React Server Components "
        "payload (*.rsc.txt) or its discovery-API record instead.",
        "read",
    ),
    ProblemCode(
        "rsc-bad-row", "warning", "Unreadable page row",
        "row skipped: {reason}",
        "A row of a Harmony page's React Server Components payload could not be parsed. The rest of the "
        "page was read; values in the skipped row are missing from the record.",
        "Usually harmless. If the record looks incomplete, fetch the page again or use its discovery-API "
        "record.",
        "read",
    ),
    ProblemCode(
        "rsc-truncated", "warning", "Truncated page",
        "the page is truncated ({where}); the record may be incomplete | the page is truncated ({where}) "
        "and no record was found in what remains | the page is truncated (it does not end with a newline) "
        "and no record was found in what remains",
        "The page payload ends in the middle of a row: the download was cut. It is a warning when the "
        "record was still found (it may lack values), an error when it was not.",
        "Fetch the page again, and check that the download completes (for example `curl --fail`).",
        "read", also=("error",),
    ),
    ProblemCode(
        "rsc-missing-row", "warning", "Referenced rows missing",
        "referenced rows not in the page: {rows}",
        "Values in the page refer to rows ($ID) that the payload does not contain, so those values are "
        "missing from the record.",
        "Fetch the page again. If the rows are still missing, the site streamed them in another request: "
        "use the record from the discovery API instead.",
        "read",
    ),
    ProblemCode(
        "rsc-no-rows", "error", "No page rows",
        "no React Server Components rows could be read",
        "The input was read as a Harmony page (*.rsc.txt) but holds no rows of the form ID:JSON.",
        "Check that it is the page's React Server Components payload (fetched with the header RSC: 1), not "
        "the HTML page; an HTML page is read with --from html.",
        "read",
    ),
    ProblemCode(
        "rsc-no-record", "error", "No record in the page",
        "no record in the page: no {study: ...} prop, no schema.org JSON-LD and no {dataset: ...} display "
        "props",
        "The page was read, but holds neither the study's record, nor schema.org JSON-LD, nor the display "
        "props of a dataset: it is not a study or item page.",
        "Check the page's URL: only /search/studies/<slug> and /search/items/<slug> pages describe a record.",
        "read",
    ),
    # --- normalise -------------------------------------------------------------------------------
    ProblemCode(
        "wrong-type", "error", "Section is not an object",
        "{section} must be an object, got {type}",
        "The record's dataset_schema or extra_data is present but is not a JSON object, so the record "
        "cannot be read.",
        "Fix the record at its source. It was not converted; the other records were.",
        "normalise",
    ),
    ProblemCode(
        "no-identifier", "error", "No identifier",
        "record has no uuid, harmony_id, slug, @id, url or DOI to mint stable IRIs from",
        "IRIs are minted from a stable identifier of the record, and it has none: IRIs minted from anything "
        "else would change from run to run.",
        "Give the record a Harmony uuid (extra_data.uuid) or any of the fields listed. It was not converted.",
        "normalise",
    ),
    ProblemCode(
        "missing-name", "error", "No name",
        "record has no name (dataset_schema.name)",
        "The record has no name (neither dataset_schema.name nor extra_data.name), and a dataset without a "
        "title is of no use in a catalogue.",
        "Give the record a name at its source. It was not converted.",
        "normalise",
    ),
    _iri_from("slug", "extra_data.slug"),
    _iri_from("@id", "extra_data.@id"),
    _iri_from("url", "the first dataset_schema.url"),
    _iri_from("DOI", "a DOI in dataset_schema.identifier"),
    ProblemCode(
        "text-cleaned", "warning", "Text cleaned",
        "HTML markup stripped | HTML entities decoded | placeholder {value} dropped | placeholder dropped | "
        "not text ({type}), dropped",
        "A text field held HTML markup or entities (stripped or decoded to plain text), a placeholder such "
        "as \"None\" or \"N/A\" (dropped: it is not data), or a value that is not text (dropped).",
        "Nothing to do: the cleaned text was used. Fix the source to silence the warning.",
        "normalise",
    ),
    ProblemCode(
        "duplicate-dropped", "warning", "Repeated values dropped",
        "{n} repeated value(s) dropped",
        "A list field (keywords, identifiers, agents, places, variables, parents, children...) repeated "
        "values; keywords and names are compared ignoring case. The first of each was kept.",
        "Nothing to do: the repeats were dropped.",
        "normalise",
    ),
    ProblemCode(
        "list-repaired", "warning", "Text read as a list",
        "comma-separated text read as a list | {n} organisations in one name, split | text split into {n} "
        "place name(s)",
        "A field that holds a list was given as one text: comma-separated keywords, several organisations "
        "in one name (separated by ';' or <br>), several places in the geographic coverage (an info: "
        "that field is free text by nature).",
        "Nothing to do: the parts were used as a list. Check them if the text was not meant to be split.",
        "normalise", also=("info",),
    ),
    ProblemCode(
        "number-repaired", "warning", "Number repaired",
        "{value} read as integer {n} | {value} is not a whole number, dropped",
        "A count (sample size, number of variables, sweeps, years, ages) was given as a whole float (12.0) "
        "and read as an integer, or was not a whole number (3.5, \"many\") and was dropped. Counts given as "
        "digits in text (\"337\", \"1,073\") are read silently.",
        "Nothing to do for a repaired count; a dropped one is missing from the output. Fix the source.",
        "normalise",
    ),
    ProblemCode(
        "invalid-dropped", "warning", "Invalid value dropped",
        "{value} is not an ISO 3166-1 country code, dropped | {value} is not an ISO 639 code | negative "
        "count {n} dropped | organisation without a name dropped: {value} | catalogue without a name | "
        "variable without a name dropped | ancestor {i} is not an object | ancestor {i}: {reason} | child {i} "
        "is not an object | child {i} dropped: {reason} | {reason}; start_year/end_year used | age range "
        "{low}-{high} reversed, swapped",
        "A value could not be used and was dropped: an unknown country or language code, a negative count, "
        "an organisation, catalogue or variable without a name, an ancestor or child that is not a record, "
        "a temporal coverage that is not ISO 8601 (start_year and end_year are used instead). A reversed "
        "age range is swapped, not dropped.",
        "The value is missing from the output: fix it at the source.",
        "normalise",
    ),
    ProblemCode(
        "url-repaired", "warning", "URL repaired",
        "{value} repaired to {url}",
        "A URL ended in a ')', '.', ',' or ';' left over from the text around it (a ')' that closes no "
        "'(') and was repaired by dropping it.",
        "Nothing to do: the repaired URL was used.",
        "normalise",
    ),
    ProblemCode(
        "url-dropped", "warning", "URL dropped",
        "{value} is not a valid URL, dropped | {value} is not an absolute http(s) URL, dropped | not a URL, "
        "dropped | empty value dropped",
        "A URL field (url, license, image, data access, catalogue page) held something that is not an "
        "absolute http(s) URL, or a placeholder, and it was dropped.",
        "The URL is missing from the output: fix it at the source.",
        "normalise",
    ),
    ProblemCode(
        "empty-dropped", "warning", "Empty URL dropped",
        "empty value dropped",
        "A URL list held an empty string, which was dropped.",
        "Nothing to do: an empty string is no URL.",
        "normalise",
    ),
    ProblemCode(
        "doi-normalised", "warning", "DOI normalised",
        "{value} read as DOI {doi} | {value} trimmed to DOI {doi}",
        "An identifier was a DOI in another form (a doi.org or dx.doi.org URL, a doi: prefix, "
        "percent-encoding, trailing punctuation or spaces) and was read as the bare DOI name.",
        "Nothing to do: the DOI is written in its canonical https://doi.org/ form.",
        "normalise",
    ),
    ProblemCode(
        "date-normalised", "warning", "Date normalised",
        "range {value} written as an ISO 8601 interval | time of day dropped: coverage is given to the day | "
        "start and end of {value} were reversed, swapped | end year {end} before start {start}, swapped",
        "The temporal coverage was not in ISO 8601 interval form, carried a time of day, or ran backwards, "
        "and was rewritten.",
        "Nothing to do: check the rewritten coverage if the source meant something else.",
        "normalise",
    ),
    ProblemCode(
        "country-repaired", "warning", "Country code repaired",
        "{value} is not ISO 3166-1, read as {code}",
        "A country code was a common alias rather than ISO 3166-1 (for example UK for GB) and was read as "
        "the ISO code.",
        "Nothing to do: the ISO code was used.",
        "normalise",
    ),
    ProblemCode(
        "count-mismatch", "warning", "Counts disagree",
        "size {n} disagrees with sample_size {m}; sample_size used | counts disagree ({counts}); largest used",
        "Two fields that give the same count disagree: size and sample_size, or the numbers of variables "
        "stated and listed. Each system that counted saw only part, so the largest variable count is kept.",
        "Nothing to do unless you know the right count: then fix the source.",
        "normalise",
    ),
    ProblemCode(
        "placeholder-dropped", "warning", "Placeholder description dropped",
        "description {value} of variable {name} dropped",
        "A variable's description was a placeholder (\"None\", \"N/A\"...), not a description, and was "
        "dropped; the variable was kept.",
        "Nothing to do.",
        "normalise",
    ),
    ProblemCode(
        "child-by-reference", "info", "Child linked by reference",
        "child {i} has an empty dataset_schema: linked by reference only",
        "A child dataset came without its description, so it is linked by its IRI only (its own record, "
        "converted separately, describes it).",
        "Nothing to do; convert the child's own record too for its description.",
        "normalise",
    ),
    ProblemCode(
        "duplicate-record", "warning", "Repeated record skipped",
        "same key as an earlier record; this copy skipped",
        "Two records have the same key (uuid, or what IRIs were minted from), so they would describe the "
        "same dataset. The first one read was kept.",
        "Nothing to do if the inputs overlap (the same record harvested twice); otherwise check the records' "
        "uuids.",
        "normalise",
    ),
    # --- map -------------------------------------------------------------------------------------
    ProblemCode(
        "study-design-not-mapped", "warning", "Study design not mapped",
        "study design {term} is not in the ldcat study-design scheme; no ldcat:studyDesign written for it",
        "A study design is not one of the designs of ldcat's study-design scheme. ldcat:studyDesign takes a "
        "concept of that scheme (free text would fail the shapes), so none is written for it.",
        "The design is missing from the RDF. Use one of the scheme's designs (vocab/ldcat.ttl) at the "
        "source, or ask for the design to be added to the scheme.",
        "map",
    ),
    ProblemCode(
        "language-not-mapped", "warning", "Language not mapped",
        "language {code} has no EU language authority IRI known to ldcat; no dct:language written for it",
        "A language code is well formed, but ldcat knows no EU language authority IRI for it, and DCAT-AP's "
        "dct:language takes such an IRI, so none is written for it.",
        "The language is missing from the RDF. Check the code at the source (ISO 639-1, for example en).",
        "map",
    ),
    # --- validate --------------------------------------------------------------------------------
    ProblemCode(
        "shape-violation", "error", "SHACL violation",
        "[{profile}] {message} | [{profile}] on <{focus}> {message} (value: {value})",
        "The record's RDF breaks a requirement of a SHACL profile (google: Google Dataset Search; dcat-ap-3: "
        "DCAT-AP 3; ldcat: ldcat's own). The field is the property's path.",
        "Fix the field in the source record. With convert --validate the record is skipped and listed in "
        "the rejects file (see --on-invalid).",
        "validate",
    ),
    ProblemCode(
        "shape-warning", "warning", "SHACL warning",
        "[{profile}] {message} | [{profile}] on <{focus}> {message} (value: {value})",
        "The record's RDF misses a recommendation of a SHACL profile: it is valid, but less useful to that "
        "profile's consumers.",
        "Add the recommended field at the source if you can; the record was written.",
        "validate",
    ),
    ProblemCode(
        "shape-info", "warning", "SHACL note",
        "[{profile}] {message} | [{profile}] on <{focus}> {message} (value: {value})",
        "A SHACL profile's informational result about the record's RDF.",
        "Nothing required; the record was written.",
        "validate", also=("info",),
    ),
    # --- load ------------------------------------------------------------------------------------
    ProblemCode(
        "load-failed", "error", "Graph not loaded",
        "{error}",
        "The SPARQL server refused or failed the request that stores a record's graph (an HTTP error, a "
        "timeout, wrong credentials). The field names the graph.",
        "Check the endpoint URL, --server, the credentials and the server's log, then load again: a graph "
        "loaded again replaces itself, so repeating a load is safe.",
        "load",
    ),
    # --- publish ---------------------------------------------------------------------------------
    ProblemCode(
        "record-removed", "info", "Record removed from the site",
        "no longer in the input: removed from the site",
        "The site had a page for this record, and the input no longer holds it, so its documents were "
        "removed from the site.",
        "Nothing to do if the record was withdrawn; otherwise add it back to the input and publish again.",
        "publish",
    ),
    ProblemCode(
        "unsafe-key", "error", "Key cannot be a file name",
        "key cannot be a file name; record skipped",
        "The record's key (the last segment of its IRIs) has characters that cannot be part of a file name "
        "on the site, so it cannot be published as a static file.",
        "Give the record a Harmony uuid, whose key is always safe. The record was not published.",
        "publish",
    ),
)

CATALOGUE: dict[str, ProblemCode] = {c.code: c for c in CODES}


def lookup(code: str) -> ProblemCode | None:
    """The declaration of `code`, or None when it is not declared."""
    return CATALOGUE.get(code)


def misdeclared(problem: Problem) -> str | None:
    """Why `problem` does not match the catalogue (undeclared code, or a severity its declaration does
    not allow), or None when it matches."""
    found = CATALOGUE.get(problem.code)
    if found is None:
        return f"undeclared problem code {problem.code!r}"
    if not found.allows(problem.severity):
        return (f"problem code {problem.code!r} reported as {problem.severity!r}; its declaration allows "
                f"{', '.join(found.severities)}")
    return None


def check(problems: Iterable[Problem]) -> list[str]:
    """Every way the `problems` do not match the catalogue, one line each (with the problem)."""
    return [f"{reason}: {problem}" for problem in problems if (reason := misdeclared(problem)) is not None]


def to_markdown() -> str:
    """The catalogue as Markdown: what docs/problems.md holds."""
    lines = [
        "# Problem codes",
        "",
        f"<!-- Generated from src/ldcat/problem_codes.py: do not edit. Regenerate with `{REGENERATE}`. -->",
        "",
        "Every repair, rejection and failure ldcat reports is a problem with a stable code, a severity, a "
        "message, the record it is about and the input field. `ldcat problems` lists the codes below, "
        "`ldcat problems CODE` explains one, and `--report-json FILE` writes a run's problems as JSON "
        "(schema: `src/ldcat/data/report.schema.json`).",
        "",
        "Severities: **error**, the record (or the whole input) was not converted, loaded or published; "
        "**warning**, something was repaired or dropped and the record was still written; **info**, a note "
        "(shown with `-v`). A code may be reported at a severity other than its usual one where its entry "
        "says so. Messages are shown by their shape (`{placeholders}` vary); when a record has several "
        "repairs of one kind in one field, their messages are joined with `; `. Problems of a child "
        "dataset are reported on its parent, with the field `child_datasets[].FIELD`.",
        "",
        "| Code | Severity | Step | Title |",
        "|---|---|---|---|",
    ]
    lines += [f"| [`{c.code}`](#{c.code.lower()}) | {' / '.join(c.severities)} | {c.step} | {c.title} |"
              for c in CODES]
    for step in STEPS:
        codes = [c for c in CODES if c.step == step]
        if not codes:
            continue
        lines += ["", f"## {STEP_TITLES[step]}"]
        for c in codes:
            lines += [
                "",
                f"### `{c.code}`",
                "",
                f"**{c.title}.** Severity: {c.severity}" + (f" (also {', '.join(c.also)})" if c.also else "") + ".",
                "",
                *_messages(c.template),
                "",
                f"What it means: {c.meaning}",
                "",
                f"What to do: {c.fix}",
            ]
    return "\n".join(lines) + "\n"


def _messages(template: str) -> list[str]:
    shapes = template.split(" | ")
    if len(shapes) == 1:
        return [f"Message: `{template}`"]
    return ["Messages:", "", *(f"- `{shape}`" for shape in shapes)]


def main() -> None:
    """``python -m ldcat.problem_codes``: print docs/problems.md."""
    print(to_markdown(), end="")


if __name__ == "__main__":
    main()
