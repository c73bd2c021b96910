"""Extraction on a Dask cluster, for ``ingest --dask ADDRESS`` (or ``--dask local``).

Each batch is one Dask task (``parallel.extract_list``); each worker loads the spaCy models once,
when it joins (``ModelLoader``, a worker plugin, also run on a worker that replaces a dead one).
The results come back to this process, the one writer, so the ledger may be SQLite or PostgreSQL.

Dask itself moves the tasks of a worker that died to the others (up to its
``distributed.scheduler.allowed-failures``, then ``KilledWorker``); a batch that fails, or that
runs on a worker longer than its documents' ``parallel.allowance``, comes back as
``Failed(retry=True)``, its worker restarted when it hung, and ``parallel.in_order`` tries its
documents again one by one. A batch whose result was lost with its worker after it was done is
sent again as it was.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Self

import distributed
from distributed import Client, Future, KilledWorker, LocalCluster, WorkerPlugin

from pledgewatch import settings
from pledgewatch.document import Document
from pledgewatch.errors import LedgerError
from pledgewatch.ledger.parallel import (
    Failed,
    Finished,
    Outcome,
    allowance,
    extract_list,
    load_models,
)


class ModelLoader(WorkerPlugin):
    """Loads the spaCy models in each Dask worker as it joins, once (``warm``: what loading is)."""

    name = "pledgewatch-models"

    def __init__(self, warm: Callable[[], None] = load_models) -> None:
        self.warm = warm

    def setup(self, worker: distributed.Worker) -> None:
        """Load the models (the task's extraction then finds them in ``get_nlp``'s cache)."""
        self.warm()


def peak_rss() -> int:
    """This process's peak resident memory, in bytes (run on each worker)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


POLL_S: float = 1.0
"""How often, while waiting, the scheduler is asked which batches are running where."""

RUNNING_SLOTS: int = 2
"""Tasks the scheduler may place on a one-thread worker at once (``distributed.scheduler.worker-saturation``
1.1, rounded up): a batch seen there may wait for the one before it, so it gets twice its allowance."""


@dataclass
class _Batch:
    key: int
    documents: list[Document]
    worker: str | None = None  # where the scheduler last saw it running
    since: float = 0.0


class DaskPool:
    """Batches extracted (by ``work``, after ``warm`` in each worker) on the Dask cluster at ``address``,
    or (``"local"``) on a ``LocalCluster`` of ``workers`` single-threaded processes on loopback,
    started on the first use.

    Use it as a context manager (or call ``close``); ``peaks`` then maps each worker's address to
    its peak resident memory in bytes.
    """

    def __init__(self, address: str, workers: int, work: Callable[[list[Document]], list[Outcome]] = extract_list,
                 warm: Callable[[], None] = load_models) -> None:
        self.address, self.workers, self.work, self.warm = address, workers, work, warm
        self.cluster: LocalCluster | None = None
        self.client: Client | None = None
        self._futures: dict[Future, _Batch] = {}
        self._checked = 0.0  # when the scheduler was last asked what runs where
        self.peaks: dict[str, int] = {}

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> Client:
        """Connect (starting the local cluster first), once; L028 if the scheduler cannot be reached."""
        if self.client is not None:
            return self.client
        try:
            if self.address == "local":
                self.cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                            host="127.0.0.1", dashboard_address="127.0.0.1:0")
                self.client = Client(self.cluster)
            else:
                self.client = Client(self.address, timeout=settings.DASK_CONNECT_TIMEOUT_S)
        except (OSError, TimeoutError, ValueError) as exc:
            self.close()
            raise LedgerError("L028", address=self.address, reason=str(exc) or type(exc).__name__) from exc
        self.client.register_plugin(ModelLoader(self.warm))
        return self.client

    def capacity(self) -> int:
        """Batches in flight at once: settings.INGEST_BATCHES_PER_WORKER per worker thread of the cluster."""
        threads = sum(self.start().nthreads().values())
        return max(1, threads) * settings.INGEST_BATCHES_PER_WORKER

    def submit(self, key: int, documents: list[Document]) -> None:
        """Send a batch to the cluster as one task."""
        self._futures[self.start().submit(self.work, documents, pure=False)] = _Batch(key, documents)

    def wait(self, block: bool = True) -> list[Finished]:
        """The batches finished, failed or past their time since the last call; ``block``: waiting until
        there is one."""
        while True:
            if not block:
                done = {future for future in self._futures if future.done()}
            else:
                try:
                    done = distributed.wait(list(self._futures), timeout=POLL_S, return_when="FIRST_COMPLETED").done
                except TimeoutError:
                    done = set()
            finished = []
            for future in done:
                if future.status in ("finished", "error"):
                    finished.append(self._finished(future))
                else:  # its result was lost with its worker (or it was cancelled there): again
                    batch = self._futures.pop(future)
                    self.submit(batch.key, batch.documents)
            if time.monotonic() - self._checked >= POLL_S:
                finished += self._overdue()
            if finished or not block:
                return finished

    def _finished(self, future: Future) -> Finished:
        batch = self._futures.pop(future)
        exc = future.exception()
        if exc is None:
            return batch.key, future.result()
        code = "L025" if isinstance(exc, KilledWorker) else "L012"
        return batch.key, [Failed(code, {"reason": f"{type(exc).__name__}: {exc}"}, True)] * len(batch.documents)

    def _overdue(self) -> list[Finished]:
        """The batches running past their time (counted from when the scheduler first saw them on a worker;
        again when moved): cancelled, their workers restarted (a hung task holds its thread)."""
        now, overdue, hung = time.monotonic(), [], set()
        self._checked = now
        running = {key: address for address, keys in self.client.processing().items() for key in keys}
        for future, batch in list(self._futures.items()):
            where = running.get(future.key)
            if where != batch.worker:
                batch.worker, batch.since = where, now
            elif where is not None and now - batch.since > RUNNING_SLOTS * allowance(batch.documents):
                del self._futures[future]
                future.cancel()
                hung.add(where)
                overdue.append((batch.key, [Failed("L026", {"limit": allowance(batch.documents[:1])}, True)]
                                * len(batch.documents)))
        if hung:
            self.client.restart_workers(sorted(hung), raise_for_error=False)
            for batch in self._futures.values():  # the clocks start again: a restart holds the cluster up
                batch.worker = None
        return overdue

    def close(self) -> None:
        """Note each worker's peak memory, then disconnect (and stop the local cluster)."""
        if self.client is not None:
            try:
                self.peaks.update(self.client.run(peak_rss))
            except (OSError, TimeoutError):
                pass
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        self.client = self.cluster = None
        self._futures = {}
