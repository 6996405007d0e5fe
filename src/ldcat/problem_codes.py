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

Step = Literal["harvest", "read", "normalise", "map", "validate", "load", "publish"]
STEPS: tuple[Step, ...] = ("harvest", "read", "normalise", "map", "validate", "load", "publish")
STEP_TITLES: dict[Step, str] = {
    "harvest": "Harvesting records",
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
    # --- harvest ---------------------------------------------------------------------------------
    ProblemCode(
        "harvest-resumed", "info", "Harvest resumed",
        "resuming: {count} record(s) already in {file}, after {uuid}",
        "An earlier harvest into the same file stopped before the end (interrupted, or a lookup failed), "
        "so this one went on from its last whole page, asking first for the records that failed.",
        "Nothing: no record is written twice. Delete FILE.part and FILE.part.cursor to start afresh.",
        "harvest",
    ),
    ProblemCode(
        "lookup-failed", "error", "Record not fetched",
        "{error}; not written (run again to fetch it)",
        "The API's lookup of this uuid failed after its retries (an HTTP error, a timeout), or found no "
        "record. The harvest went on without it and kept FILE.part.",
        "Run the same harvest again: it asks for the missing records first.",
        "harvest",
    ),
    ProblemCode(
        "record-unreadable", "error", "Harvested record unreadable",
        "its metadata is not RDF/XML: {error}",
        "An OAI-PMH record's metadata in the format asked for did not parse as RDF/XML, so its triples were "
        "not written; the field names its OAI identifier.",
        "Ask the provider for another format (--prefix), or report the record to the provider.",
        "harvest",
    ),
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
        "no-records", "warning", "No records in the input",
        "holds no records (read as {format})",
        "The source is well formed but lists no record: an empty JSON list, an API page with no results, "
        "or JSON Lines whose lines are all empty lists.",
        "Nothing to do if the source is meant to be empty (a page past the last result); otherwise check "
        "the command or query that produced it.",
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
        "invalid-rdf", "error", "Not readable RDF",
        "invalid {syntax}: {reason} | not Turtle, TriG, N-Triples, N-Quads, RDF/XML or JSON-LD | invalid JSON-LD: "
        "{reason} | remote JSON-LD context {url} is not fetched; inline it or use the schema.org context",
        "An RDF input (read by the `rdf` reader, or JSON-LD handed to it) does not parse in the syntax it was "
        "read as, or names a remote JSON-LD context, which ldcat never fetches. Nothing of the file is read.",
        "Correct the line the message gives, or name the format with --from; inline a remote context.",
        "read",
    ),
    ProblemCode(
        "no-dataset", "error", "No dataset in the input",
        "no schema.org Dataset (no node typed http://schema.org/Dataset) in the document | no schema.org "
        "Dataset: the document has no @context, so its terms are not schema.org | none of the {n} ld+json "
        "scripts describes a schema.org Dataset | no dcat:Dataset, dcat:DatasetSeries or schema:Dataset in the "
        "RDF",
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
        "no record in the page: no object holding dataset_schema or extra_data, no schema.org JSON-LD "
        "Dataset and no display props",
        "The page was read, but holds neither a record (an object with dataset_schema or extra_data, under "
        "any prop), nor schema.org JSON-LD, nor the display props of a dataset: it is not a study or item "
        "page, or the page left its record to be fetched by the browser.",
        "Check the page's URL: only /search/studies/<slug> and /search/items/<slug> pages describe a record. "
        "If the page names the record's uuid, fetch the record from the discovery API instead.",
        "read",
    ),
    ProblemCode(
        "rsc-record-source", "info", "Which source of the page is the record",
        "record read from the page's {source}, the richest of {n} sources; what it lacks filled from "
        "{sources}; not used: {sources}",
        "The page holds its record in several forms (the discovery-API record, the schema.org JSON-LD, the "
        "display props). The richest is used: one about the page's own record before one about another, "
        "then a full record (dataset_schema and extra_data) before the JSON-LD or a partial record, before "
        "display props, then the one with the most non-empty values. A full record is used as it is; "
        "otherwise the others fill only what it lacks.",
        "Nothing to do: this says where the record's values came from. Sources about another record (a "
        "related study shown on the page) are never merged.",
        "read",
    ),
    ProblemCode(
        "rsc-identifier-mismatch", "warning", "The page names another record",
        "the page is for {ids} but its record is {ids}; the record's own ids are kept",
        "The page's route, og:url or identifier prop names a uuid or slug that no record in the page has: "
        "the record found may be another one shown on the page.",
        "Check the record against the page's URL, or fetch the record from the discovery API by the uuid "
        "the page names.",
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
        "HTML converted to text | HTML entities decoded | placeholder {value} dropped | placeholder dropped | "
        "not text ({type}), dropped",
        "A text field held HTML markup or entities, a placeholder such as \"None\" or \"N/A\" (dropped: it "
        "is not data), or a value that is not text (dropped). HTML is parsed, not cut: block elements "
        "become line breaks, entities are decoded, a link keeps its text and its target in brackets, and "
        "anything that only looks like a tag (\"aged <16\", \">65\", a broken \"<b\") is kept as text.",
        "Nothing to do: the cleaned text was used. Fix the source to silence the warning.",
        "normalise",
    ),
    ProblemCode(
        "invalid-characters", "warning", "Invalid characters replaced or removed",
        "{n} lone surrogate(s) replaced with U+FFFD | {n} control character(s) removed | "
        "{n} non-character(s) removed",
        "A string of the record (a value or a key) held characters no RDF syntax can carry: lone UTF-16 "
        "surrogates (often an emoji cut in half upstream, JSON \"\\ud83d\"), which are replaced with U+FFFD; "
        "control characters other than tab, line feed and carriage return (NUL, C0 and C1 controls), and "
        "Unicode non-characters (U+FFFE, U+FDD0...), which are removed. This is done once, as the record is "
        "read, so no writer, store or page meets them.",
        "Nothing to do: the repaired text was used. Fix the source (or the tool that cut the text) to "
        "silence the warning.",
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
        "{value} read as integer {n} | {value} is not a whole number, dropped | {value} is out of range, dropped",
        "A count (sample size, number of variables, sweeps, years, ages) was given as a whole float (12.0) "
        "and read as an integer, or was not a whole number (3.5, \"many\") or out of range (past 10^12, 1e21, a "
        "5,000-digit number) and was dropped. Counts given as "
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
        "{low}-{high} reversed, swapped | {value} is not true or false, dropped | {value} is not text, dropped | "
        "year {n} out of range {low}-{high}, dropped | "
        "{value} is not a source id, dropped | {value} is not a Harmony uuid, dropped | {value} is not an ISO "
        "8601 coverage; start_year/end_year used",
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
        "doi-is-citation", "warning", "Article DOI written as a citation",
        "{doi} is an article's DOI ({rule}): written as a citation (schema:citation, dct:isReferencedBy), "
        "not as the dataset's identifier",
        "The record lists a DOI among its identifiers that names an article about the dataset (a cohort "
        "profile, say), not the dataset: its registrant is a journal publisher, or its suffix has a "
        "journal's form (README, \"The DOI rule\"). Resolvers and Google would otherwise describe the paper.",
        "Nothing to do if the rule is right: the DOI is still said, as a citation. If the DOI is the "
        "dataset's, add its registrant to DATA_PREFIXES in src/ldcat/normalise/dois.py.",
        "normalise",
    ),
    ProblemCode(
        "doi-is-dataset", "info", "DOI kept as the dataset's",
        "{doi} kept as the dataset's DOI ({rule})",
        "A DOI among the identifiers was decided to be the dataset's own: its registrant is a data archive "
        "or repository, or its suffix has an archive's form (README, \"The DOI rule\").",
        "Nothing to do: the DOI is the dataset's identifier (schema:identifier, schema:sameAs, "
        "adms:identifier).",
        "normalise",
    ),
    ProblemCode(
        "doi-undecided", "warning", "DOI neither a dataset's nor an article's by the rule",
        "{doi} kept as the dataset's DOI, as the record says, but registrant {prefix} is in neither table "
        "and the suffix has no known form: check that it is not an article's",
        "No rule could tell whether the DOI names the dataset or an article about it, so it is kept as the "
        "record states it: as the dataset's identifier.",
        "Resolve the DOI and add its registrant to DATA_PREFIXES or PUBLISHER_PREFIXES in "
        "src/ldcat/normalise/dois.py.",
        "normalise",
    ),
    ProblemCode(
        "licence-is-access-page", "warning", "Licence URL is an access page",
        "{url} names no licence (not an SPDX, Creative Commons, Open Government Licence or other licence "
        "IRI): written as access conditions, not as a licence",
        "The record's license is a web page that names no licence (a how-to-access page, a contact form, a "
        "catalogue entry): ldcat writes it as an access page (a distribution's dcat:accessURL and "
        "schema:conditionsOfAccess), never as dct:license or schema:license (README, \"The licence rule\").",
        "Nothing to do if the page is indeed no licence. A licence ldcat does not know is added to "
        "LICENCE_PLACES or LICENCE_DOCUMENTS in src/ldcat/normalise/licences.py.",
        "normalise",
    ),
    ProblemCode(
        "access-rights-decided", "info", "Access right read from the access text",
        "read as the EU access right {right} ({iri}) from the words {words}",
        "The data-access text says in words who may access the data (registration or an application: "
        "RESTRICTED; no registration: PUBLIC; not available: NON_PUBLIC), so dct:accessRights is the EU "
        "access-right authority's concept; the text itself is kept (dct:rights, schema:conditionsOfAccess).",
        "Nothing to do: check the words quoted if the access right is wrong.",
        "normalise",
    ),
    ProblemCode(
        "place-is-country", "info", "Place name is a listed country",
        "{name} is the country {code} of country_codes: listed once",
        "A geographic_coverage name is exactly the name of a country the record lists in country_codes, "
        "so the place was said once, as the country (its EU authority IRI), not twice.",
        "Nothing to do.",
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
        "size {n} disagrees with sample_size {m}; sample_size used | counts disagree ({counts}); largest used | "
        "{n} variables below this record, {m} counted on it; largest used | {field} {year} disagrees with the "
        "temporal coverage {period}; the coverage is written | duration {n} year(s) disagrees with the coverage "
        "{period} ({m}); the coverage is written",
        "Two fields that give the same count disagree: size and sample_size, the numbers of variables stated, "
        "listed and counted below the record (num_descendant_variables), or start_year, end_year or "
        "duration_years and the temporal coverage. Each system that counted saw only part, so the largest "
        "variable count is kept; the temporal coverage is kept over the years.",
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
        "field-not-mapped", "info", "Source field not mapped",
        "not mapped: {value} | not mapped ({n} values): {values}, … | {value} differs from dataset_schema.name; "
        "not written | {value}: {reason}; not written",
        "A non-empty value of the record (the field is its path in the input, `[]` for the items of a list) "
        "reaches no RDF: no profile has a term for it, or it says again what the RDF says (duration_years), "
        "or it describes another record (an ancestor's own fields). ldcat reads every record through a "
        "tracker and reports each value nobody used, so nothing is lost without a word. JSON-LD bookkeeping "
        "(@context, @type) and search ranking (score, distance) are the only values not reported "
        "(`BOOKKEEPING` in src/ldcat/normalise/accounting.py says why). The RDF reader reports it too, at "
        "the read step, for statements of the input it cannot carry (the field is the property path, e.g. "
        "dcat:distribution/dcat:mediaType).",
        "Nothing to do unless you need the value in the RDF: then ask for a mapping (README, \"The mapping\").",
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
        "field-not-in-profile", "info", "Field not in the chosen profiles",
        "{field} is not written by the chosen profiles ({profiles}); choose a profile that writes it to keep it",
        "The record has a value for a field that none of the profiles chosen with --profile writes (each "
        "built-in profile says which fields it writes; the default set writes every field). The value is "
        "not in the output.",
        "Add a profile that writes the field (`ldcat plugins --kind profiles`), or leave it out knowingly.",
        "map",
    ),
    ProblemCode(
        "study-design-not-mapped", "warning", "Study design not mapped",
        "study design {term} is not in the ldcat study-design scheme; kept as <{concept}>, a concept of the "
        "publisher's own scheme",
        "A study design is not one of the designs (or their other names) of ldcat's study-design scheme. It "
        "is kept: ldcat:studyDesign points to a concept of the publisher's own scheme "
        "(<base>concept/study-design/<words>), labelled with the source's words, which the ldcat shapes "
        "admit beside the scheme's concepts.",
        "Nothing to do for this run. If the design is common, ask for it to be added to the scheme "
        "(src/ldcat/mapping/designs.py, vocab/study-design.ttl), so that every publisher means the same "
        "concept by it.",
        "map",
    ),
    ProblemCode(
        "language-not-mapped", "warning", "Language not mapped",
        "language {code} has no EU language authority IRI known to ldcat; no dct:language written for it",
        "A language code is well formed, but it is not the ISO 639-1 code of a language (nor the ISO 639-2 "
        "code of one): ldcat gives every ISO 639-1 language its EU language authority IRI, and DCAT-AP's "
        "dct:language takes such an IRI, so none is written for it. schema:inLanguage keeps the code.",
        "Check the code at the source (ISO 639-1, for example en). A language with only an ISO 639-3 code "
        "(sco, Scots) has no IRI ldcat can be sure of.",
        "map",
    ),
    # --- validate --------------------------------------------------------------------------------
    ProblemCode(
        "shapes-not-fast", "info", "Shapes checked by pyshacl",
        "shapes {profile}: validated with pyshacl (the fast engine does not support them: {reason})",
        "The fast SHACL engine checks ldcat's own shapes and SHACL Core shapes like them; a shapes file that "
        "uses a feature it does not support (sh:closed, sh:qualifiedValueShape, SPARQL it does not know...) is "
        "validated by pyshacl, the reference engine, instead: the same results, more slowly.",
        "Nothing to do; results are pyshacl's. To make the run faster, keep to the features the fast engine "
        "supports (ldcat.validate.fast).",
        "validate",
    ),
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
    ProblemCode(
        "load-rolled-back", "warning", "Interrupted load rolled back",
        "an earlier load was interrupted: the {count} graph(s) it was adding, maybe incomplete, were removed",
        "A load into the embedded store was killed while its bulk loader was adding graphs new to the store, "
        "so some of them may have been incomplete. This load removed them first, which returned the store to "
        "what it held before that batch; every record the store had before is still there.",
        "Nothing, if this load's input holds those records: it added them again, whole. Otherwise load the "
        "input of the interrupted load again.",
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
