"""Extraction in worker processes, results back in input order, for one writer to store.

``in_order(items, pool, stored)`` reads the inputs lazily, sends the new documents to a ``Pool``
in batches, and yields every item with its outcome in the order it was read, so that the writer
(the ingesting process, the only one touching the ledger) stores and consolidates exactly as a run
in one process would. At most ``pool.capacity()`` batches are in flight: memory stays flat.

A batch whose worker died, hung or raised is not lost: its documents not done are sent again one
by one, and only a document that fails on its own is failed, with its reason. The pools are
``pool.LocalPool`` (processes on this machine) and ``dask_pool.DaskPool`` (a Dask cluster); the
code they run is ``extract_each``, which loads the model once per process (``get_nlp``'s cache).
"""

from __future__ import annotations

import itertools
import json
import math
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Protocol

from pledgewatch import settings
from pledgewatch.document import Document

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

    from pledgewatch.read.sources import Issue


@dataclass(frozen=True)
class Failed:
    """A document whose extraction failed: the L-code and fields the ledger records. ``retry``: the
    failure may be its batch's (a worker that died, hung or raised), so it is tried again alone."""

    code: str
    fields: dict = field(default_factory=dict)
    retry: bool = False


Outcome = dict | Failed
"""What extracting one document gave: the schema's JSON, checked, or why it failed."""

Finished = tuple[int, list[Outcome]]
"""A batch done: its key and one outcome per document, in the order sent."""


class Pool(Protocol):
    """Where batches of documents are extracted: ``submit`` them by key, ``wait`` for finished ones."""

    def capacity(self) -> int:
        """How many batches may be in flight at once."""

    def submit(self, key: int, documents: list[Document]) -> None:
        """Send a batch to be extracted (starting the workers on the first)."""

    def wait(self, block: bool = True) -> list[Finished]:
        """The batches finished since the last call (``block``: waiting until there is one)."""


@lru_cache(maxsize=1)
def validator() -> Draft202012Validator:
    """The extraction schema's validator (built once per process)."""
    from jsonschema import Draft202012Validator

    schema = json.loads((resources.files("pledgewatch") / "schema" / "extraction.schema.json").read_text("utf-8"))
    return Draft202012Validator(schema)


def check(extraction: dict) -> None:
    """Raise ValueError when ``extraction`` is not valid against the extraction schema."""
    from jsonschema.exceptions import best_match

    error = best_match(validator().iter_errors(extraction))
    if error is not None:
        raise ValueError(f"invalid output at {error.json_path}: {error.message}")


def load_models() -> None:
    """Load the spaCy model of every supported language into this (worker) process."""
    from pledgewatch.extract.pipeline import get_nlp

    for lang in settings.SUPPORTED_LANGS:
        get_nlp(lang)


def _checked(extraction: dict) -> Outcome:
    try:
        check(extraction)
    except ValueError as exc:
        return Failed("L012", {"reason": str(exc)})
    return extraction


def extract_each(documents: list[Document]) -> Iterator[Outcome]:
    """The worker's job: each document's extraction, checked against the schema, or its failure, in
    order and as each is done (one spaCy batch; documents of distinct ids, one language)."""
    from pledgewatch.extract.extraction import extract_many

    errors: deque = deque()
    pending = iter(documents)
    for result in extract_many(documents, on_error=errors.append):
        for document in pending:
            if document.id == result["document"]["id"]:
                yield _checked(result)
                break
            yield Failed("L012", {"reason": errors.popleft().fields["reason"]})
    for _ in pending:
        yield Failed("L012", {"reason": errors.popleft().fields["reason"]})


def extract_list(documents: list[Document]) -> list[Outcome]:
    """``extract_each`` as a list: the task a Dask worker runs."""
    return list(extract_each(documents))


def allowance(documents: Iterable[Document]) -> float:
    """Seconds ``documents`` may take to extract: settings.EXTRACT_TIMEOUT_S per EXTRACT_TIMEOUT_CHARS
    characters begun of each."""
    return sum(settings.EXTRACT_TIMEOUT_S * max(1, math.ceil(len(d.text) / settings.EXTRACT_TIMEOUT_CHARS))
               for d in documents)


@dataclass(eq=False)
class _Slot:
    """One item read, waiting for its turn: its outcome (None: an issue, or a document stored already)."""

    item: Document | Issue
    outcome: Outcome | None = None
    ready: bool = False
    first: _Slot | None = None  # the same document read earlier and not yet written


class _Ordered:
    """The state of ``in_order``: the items read and not yet written, the batches in flight."""

    def __init__(self, pool: Pool, stored: Callable[[list[str]], set[str]]) -> None:
        self.pool, self.stored = pool, stored
        self.window: deque[_Slot] = deque()
        self.filling: list[_Slot] = []
        self.flying: dict[str, _Slot] = {}  # document id -> the slot that extracts it
        self.batches: dict[int, list[_Slot]] = {}
        self.keys = itertools.count()

    def add(self, item: Document | Issue) -> None:
        slot = _Slot(item)
        self.window.append(slot)
        if not isinstance(item, Document):
            slot.ready = True
        elif item.id in self.flying:
            slot.first = self.flying[item.id]
        else:
            if self.filling and self.filling[0].item.lang != item.lang:
                self.send()  # a batch is of one language: one model runs it
            self.flying[item.id] = slot
            self.filling.append(slot)
            if len(self.filling) >= settings.INGEST_BATCH_DOCS \
                    or sum(len(s.item.text) for s in self.filling) >= settings.BATCH_CHARS:
                self.send()

    def send(self) -> None:
        """Send the batch being filled, less the documents the ledger holds already."""
        known = self.stored([s.item.id for s in self.filling]) if self.filling else set()
        batch = []
        for slot in self.filling:
            if slot.item.id in known:
                slot.ready = True
            else:
                batch.append(slot)
        self.filling = []
        if batch:
            self._submit(batch)

    def _submit(self, batch: list[_Slot]) -> None:
        key = next(self.keys)
        self.batches[key] = batch
        self.pool.submit(key, [s.item for s in batch])

    def finish(self, key: int, outcomes: list[Outcome]) -> None:
        """Give each document of a finished batch its outcome; one that may have failed for its batch
        is sent again alone."""
        batch = self.batches.pop(key)
        for slot, outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, Failed) and outcome.retry and len(batch) > 1:
                self._submit([slot])
            else:
                slot.outcome, slot.ready = outcome, True

    def head_ready(self) -> bool:
        head = self.window[0]
        return head.first.ready if head.first is not None else head.ready

    def pop(self) -> tuple[Document | Issue, Outcome | None]:
        slot = self.window.popleft()
        if slot.first is not None:
            return slot.item, slot.first.outcome
        if isinstance(slot.item, Document) and self.flying.get(slot.item.id) is slot:
            del self.flying[slot.item.id]
        return slot.item, slot.outcome


def in_order(items: Iterable[Document | Issue], pool: Pool,
             stored: Callable[[list[str]], set[str]]) -> Iterator[tuple[Document | Issue, Outcome | None]]:
    """Every item of ``items`` with its outcome, in input order: an issue or a document the ledger
    held already (``stored(ids)`` says which) with None, a repeat of a document with its first
    reading's outcome, every other document with its extraction by ``pool`` or its ``Failed``."""
    state = _Ordered(pool, stored)
    source = iter(items)
    exhausted = False
    capacity = pool.capacity()
    most = capacity * settings.INGEST_BATCH_DOCS * 2  # items held at once, batches or not
    while True:
        while not exhausted and len(state.batches) < capacity and len(state.window) < most:
            item = next(source, None)
            if item is None:
                exhausted = True
                state.send()
            else:
                state.add(item)
        if state.filling and (len(state.window) >= most or not state.batches):
            state.send()  # the window is full, or waits on nothing else
        if state.window and state.head_ready():
            yield state.pop()
            finished = pool.wait(block=False)  # between writes: the workers' results taken, new batches given
        elif state.window:  # its head waits on a batch in flight: every earlier batch was sent first
            finished = pool.wait()
        elif exhausted:
            return
        else:
            continue
        for key, outcomes in finished:
            state.finish(key, outcomes)
