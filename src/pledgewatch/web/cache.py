"""Answers of slow whole-ledger queries kept while the ledger stays the same.

The sums of the whole ledger (the headline, the map's totals) read every single commitment; the
dashboard asks for them on every page. Their answers are kept, at most
``settings.API_CACHE_ENTRIES`` of them, for the ledger's generation (``store.generation``: it
grows at any change to the ledger, whoever writes, migration 0007's triggers), read before each
query: a change makes every kept answer stale, and the next request computes it again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy.engine import Connection

from pledgewatch import settings
from pledgewatch.ledger import store


class AnswerCache:
    """Answers keyed by a hashable question, for one generation of the ledger; least recently
    used dropped first. Safe to share between the API's worker threads."""

    def __init__(self, entries: int | None = None) -> None:
        self.entries = settings.API_CACHE_ENTRIES if entries is None else entries
        self._answers: OrderedDict[Hashable, Any] = OrderedDict()
        self._generation: int | None = None
        self._lock = threading.Lock()
        self.computed = 0
        """How many answers were computed rather than kept (for tests and benchmarks)."""

    def answer(self, conn: Connection, question: Hashable, compute: Callable[[], Any]) -> Any:
        """The kept answer to ``question`` when the ledger has not changed since it was computed,
        else ``compute()`` (kept for next time). The generation is read before the query, so an
        answer is never kept under a generation older than the rows it was computed from."""
        current = store.generation(conn)
        with self._lock:
            if current != self._generation:
                self._answers.clear()
                self._generation = current
            elif question in self._answers:
                self._answers.move_to_end(question)
                return self._answers[question]
        value = compute()
        with self._lock:
            self.computed += 1
            if self.entries and self._generation == current:
                self._answers[question] = value
                while len(self._answers) > self.entries:
                    self._answers.popitem(last=False)
        return value
