"""Extraction on a Dask cluster, for ``ingest --dask ADDRESS`` (or ``--dask local``).

Each batch is one Dask task (``parallel.extract_list``); each worker loads the spaCy models once,
when it joins (``ModelLoader``, a worker plugin, also run on a worker that replaces a dead one).
The results come back to this process, the one writer, so the ledger may be SQLite or PostgreSQL.

Dask itself moves the tasks of a worker that died to the others (up to its
``distributed.scheduler.allowed-failures``, then ``KilledWorker``); a batch that fails, or that is
not done within its documents' ``parallel.allowance`` (counted from its submission, with room for
the batches queued before it) comes back as ``Failed(retry=True)``, its worker restarted when it
hung, and ``parallel.in_order`` tries its documents again one by one.
"""

from __future__ import annotations

import resource
import time

import distributed
from distributed import Client, Future, LocalCluster, WorkerPlugin

from pledgewatch import settings
from pledgewatch.document import Document
from pledgewatch.errors import LedgerError
from pledgewatch.ledger.parallel import Failed, Finished, allowance, extract_list, load_models


class ModelLoader(WorkerPlugin):
    """Loads the spaCy models in each Dask worker as it joins, once."""

    name = "pledgewatch-models"

    def setup(self, worker: distributed.Worker) -> None:
        """Load the models (the task's extraction then finds them in ``get_nlp``'s cache)."""
        load_models()


def peak_rss() -> int:
    """This process's peak resident memory, in bytes (run on each worker)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class DaskPool:
    """Batches extracted on the Dask cluster at ``address``, or (``"local"``) on a ``LocalCluster`` of
    ``workers`` single-threaded processes on loopback, started on the first use.

    Use it as a context manager (or call ``close``); ``peaks`` then maps each worker's address to
    its peak resident memory in bytes.
    """

    def __init__(self, address: str, workers: int) -> None:
        self.address, self.workers = address, workers
        self.cluster: LocalCluster | None = None
        self.client: Client | None = None
        self._futures: dict[Future, tuple[int, list[Document], float]] = {}
        self.peaks: dict[str, int] = {}

    def __enter__(self) -> DaskPool:
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
                                            host="127.0.0.1", dashboard_address=None)
                self.client = Client(self.cluster)
            else:
                self.client = Client(self.address, timeout=settings.DASK_CONNECT_TIMEOUT_S)
        except (OSError, TimeoutError, ValueError) as exc:
            self.close()
            raise LedgerError("L028", address=self.address, reason=str(exc) or type(exc).__name__) from exc
        self.client.register_plugin(ModelLoader())
        return self.client

    def capacity(self) -> int:
        """Batches in flight at once: settings.INGEST_BATCHES_PER_WORKER per worker thread of the cluster."""
        threads = sum(self.start().nthreads().values())
        return max(1, threads) * settings.INGEST_BATCHES_PER_WORKER

    def submit(self, key: int, documents: list[Document]) -> None:
        """Send a batch to the cluster as one task."""
        future = self.start().submit(extract_list, documents, pure=False)
        deadline = time.monotonic() + allowance(documents) * settings.INGEST_BATCHES_PER_WORKER
        self._futures[future] = (key, documents, deadline)

    def wait(self) -> list[Finished]:
        """Block until a batch is finished, failed or past its time; return those."""
        while True:
            timeout = max(0.05, min(d for _, _, d in self._futures.values()) - time.monotonic())
            try:
                done = distributed.wait(list(self._futures), timeout=timeout, return_when="FIRST_COMPLETED").done
            except TimeoutError:
                done = set()
            finished = [self._finished(future) for future in done]
            now = time.monotonic()
            finished += [self._overdue(f) for f, (_, _, d) in list(self._futures.items()) if now > d]
            if finished:
                return finished

    def _finished(self, future: Future) -> Finished:
        key, documents, _ = self._futures.pop(future)
        if future.status == "finished":
            return key, future.result()
        exc = future.exception()
        code = "L025" if type(exc).__name__ == "KilledWorker" else "L012"
        return key, [Failed(code, {"reason": f"{type(exc).__name__}: {exc}"}, True)] * len(documents)

    def _overdue(self, future: Future) -> Finished:
        """A batch past its time: cancelled, the worker running it restarted (a hung task holds its thread)."""
        key, documents, _ = self._futures.pop(future)
        hung = [address for address, keys in self.client.processing().items() if future.key in keys]
        future.cancel()
        if hung:
            self.client.restart_workers(hung, raise_for_error=False)
        return key, [Failed("L026", {"limit": allowance(documents[:1])}, True)] * len(documents)

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
