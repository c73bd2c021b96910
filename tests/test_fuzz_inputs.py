"""Property-based fuzzing of every input entry point: the reader, the text, HTML, JSONL and
feed readers of ``read/sources.py``, the extraction library and the ``extract`` command.

Whatever the input (French news-like words, numbers, currency words, brackets, control
characters, random bytes, any encoding), the answer is a Document or result, or a
PledgewatchError with a known code: never a traceback. Each entry point runs a bounded count
here and has a ``slow`` twin with the full count (``pytest -m slow tests/test_fuzz_inputs.py``).
"""

from __future__ import annotations

import json
import tempfile
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pledgewatch.cli.app import app
from pledgewatch.document import Document
from pledgewatch.errors import MESSAGES, PledgewatchError
from pledgewatch.extract.extraction import extract_many
from pledgewatch.read.reader import read_bytes, read_text
from pledgewatch.read.sources import Issue, from_feed, from_html, from_jsonl, from_text

FAST, FULL = 150, 2000
"""Examples per entry point: in the default run, and in the ``slow`` twin."""
FAST_EXTRACT = 60
"""Examples of the default run for the two extraction entry points (each runs spaCy)."""

WORDS = ["Le groupe", "Exemplor", "Renault", "va investir", "investira", "créer", "supprimer", "emplois",
         "postes", "usine", "site", "à", "de", "d'", "l’", "et", "dans", "Lyon", "Metz", "Douai",
         "Grand Est", "d'ici", "2027", "fin 2026", "millions", "milliards", "Md€", "M€", "euros",
         "dollars", "€", "$", "%", "MW", "GWh", "tonnes", "environ", "plus de", "entre", "jusqu'à",
         "a annoncé", "selon", "Choose France", "date 2025-03 (AOF) -", "«", "»", "—", "–", ";", ":",
         ",", ".", "(", ")", "[", "]", "{", "}", "\"", "’", "\n", "\n\n", "\t", "\u00a0", "\u202f",
         "\x00", "\x01", "\x0c", "\x1b", "\ufeff", "\ufffd", "\u200b", "🙂", "Ŕ", "ŕ", "Ã©", "Яндекс",
         "北京", "\ud7ff", "<p>", "</p>", "<script>", "&amp;", "&#0;"]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1",
             "cp1250", "mac_roman"]


def fuzz(examples: int) -> settings:
    """Hypothesis settings for ``examples`` generated inputs: no deadline, no example database."""
    return settings(max_examples=examples, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

numbers = st.one_of(st.integers(-10**6, 10**12).map(str),
                    st.floats(allow_nan=True, allow_infinity=True).map(lambda x: f"{x:,}".replace(",", " ")),
                    st.integers(0, 999).map(lambda n: f"{n},{n % 10}"))
SENTENCES = ["Le groupe Exemplor va investir 300 millions d'euros à Lyon et créer 500 emplois d'ici 2027.",
             "Renault va supprimer 1 200 postes (dont 300 à Douai) selon la direction.",
             "La société a annoncé l’ouverture d’une usine de 120 MW dans le Grand Est.",
             "Exemplor (+2,5 % à 31,20 euros) progresse à la Bourse de Paris."]
tokens = st.one_of(st.sampled_from(WORDS), numbers, st.text(max_size=8), st.sampled_from(SENTENCES))
texts = st.lists(tokens, max_size=60).flatmap(
    lambda parts: st.sampled_from([" ", "", "\n"]).map(lambda sep: sep.join(parts)))


@st.composite
def encoded(draw: st.DrawFn) -> bytes:
    """A news-like text in some encoding, perhaps with random bytes spliced in, or random bytes."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=400))
    data = draw(texts).encode(draw(st.sampled_from(ENCODINGS)), errors="ignore")
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=6)) + data[at:]
    return data


def _coded(exc: PledgewatchError) -> None:
    assert exc.code in MESSAGES, exc
    assert str(exc).startswith(f"[{exc.code}] ")


def _check_document(document: Document) -> None:
    assert "\x00" not in document.text
    assert document.text.strip()
    assert document.lang == "fr"


def _check_items(items: list[Document | Issue]) -> None:
    for item in items:
        if isinstance(item, Issue):
            _coded(item.error)
            assert item.severity in ("error", "warning")
        else:
            _check_document(item)


def check_read_bytes(data: bytes) -> None:
    """The reader gives a Document or a coded error."""
    try:
        _check_document(read_bytes(data, "fuzz.txt", "fuzz"))
    except PledgewatchError as exc:
        _coded(exc)


def check_source(reader: str, data: bytes) -> None:
    """A reader of ``read/sources.py`` gives documents or coded issues."""
    _check_items(list(READERS[reader](data, "fuzz")))


@st.composite
def jsonl(draw: st.DrawFn) -> bytes:
    """JSONL lines: records with text, title, url and published of any JSON type, or broken lines."""
    values = st.one_of(texts, st.none(), st.integers(), st.booleans(), st.lists(st.integers(), max_size=2),
                       st.sampled_from(["2024", "2024-05", "2024-13", "12/03/2024", "", "2024-05-13"]))
    records = st.fixed_dictionaries({"text": st.one_of(st.sampled_from(SENTENCES), values)},
                                    optional={"title": values, "url": values, "published": values})
    records = st.one_of(records, st.dictionaries(st.sampled_from(["text", "title", "url", "published"]), values))
    lines = st.one_of(records.map(lambda r: json.dumps(r, ensure_ascii=False).encode()), encoded())
    return b"\n".join(draw(st.lists(lines, max_size=5)))


@st.composite
def feeds(draw: st.DrawFn) -> bytes:
    """RSS and HTML pages holding generated text, perhaps cut short or in another encoding."""
    body = draw(texts).replace("&", "&amp;").replace("<", "&lt;")
    page = draw(st.sampled_from([
        '<?xml version="1.0"?><rss><channel><item><title>{t}</title><description>{b}</description>'
        "<pubDate>{d}</pubDate></item></channel></rss>",
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>{t}</title><content>{b}</content></entry></feed>',
        "<html><head><title>{t}</title><script>{b}</script></head><body><article><p>{b}</p></article></body></html>",
    ])).format(t=draw(texts).replace("<", ""), b=body, d=draw(st.sampled_from(["Tue, 12 Mar 2024", "x", ""])))
    data = page.encode(draw(st.sampled_from(ENCODINGS)), errors="ignore")
    return data[:draw(st.integers(0, len(data)))] if draw(st.booleans()) else data


def _schema() -> dict:
    return json.loads((resources.files("pledgewatch") / "schema" / "extraction.schema.json").read_text("utf-8"))


SCHEMA = _schema()


def check_extract(text: str) -> None:
    """Extraction of any readable text validates against the schema, evidence at its offsets."""
    try:
        document = read_text(text, "fuzz", "fuzz", lang="fr")
    except PledgewatchError as exc:
        _coded(exc)
        return
    errors: list[PledgewatchError] = []
    for result in extract_many([document], on_error=errors.append):
        jsonschema.validate(result, SCHEMA)
        for item in result["facts"] + result["quotes"]:
            evidence = item.get("evidence") or {}
            if "start" in evidence:
                assert document.text[evidence["start"]:evidence["end"]] == evidence["text"]
    assert errors == [], errors


def check_cli(data: bytes, name: str) -> None:
    """``extract`` on a file of any bytes exits 0 or 1 with one coded line per problem."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        result = CliRunner().invoke(app, ["extract", str(path), "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    for line in result.stderr.splitlines():
        assert line.startswith(("error: [", "warning: [")), line
    if result.exit_code == 0:
        json.loads(result.stdout)


@fuzz(FAST)
@given(encoded())
def test_read_bytes(data: bytes) -> None:
    check_read_bytes(data)


@pytest.mark.slow
@fuzz(FULL)
@given(encoded())
def test_read_bytes_full(data: bytes) -> None:
    check_read_bytes(data)


READERS = {"text": from_text, "html": from_html, "jsonl": from_jsonl, "feed": from_feed}
INPUTS = {"text": encoded(), "html": st.one_of(feeds(), encoded()), "jsonl": jsonl(),
          "feed": st.one_of(feeds(), encoded())}


@pytest.mark.parametrize("reader", READERS)
@fuzz(FAST)
@given(data=st.data())
def test_source_reader(reader: str, data: st.DataObject) -> None:
    check_source(reader, data.draw(INPUTS[reader]))


@pytest.mark.slow
@pytest.mark.parametrize("reader", READERS)
@fuzz(FULL)
@given(data=st.data())
def test_source_reader_full(reader: str, data: st.DataObject) -> None:
    check_source(reader, data.draw(INPUTS[reader]))


@fuzz(FAST_EXTRACT)
@given(texts)
def test_extract_library(text: str) -> None:
    check_extract(text)


@pytest.mark.slow
@fuzz(FULL)
@given(texts)
def test_extract_library_full(text: str) -> None:
    check_extract(text)


@fuzz(FAST_EXTRACT)
@given(st.one_of(encoded(), feeds()), st.sampled_from(["dépêche.txt", "page.html", "a.md", "sans suffixe"]))
def test_extract_command(data: bytes, name: str) -> None:
    check_cli(data, name)


@pytest.mark.slow
@fuzz(FULL)
@given(st.one_of(encoded(), feeds()), st.sampled_from(["dépêche.txt", "page.html", "a.md", "sans suffixe"]))
def test_extract_command_full(data: bytes, name: str) -> None:
    check_cli(data, name)
