"""A pool of extraction processes on this machine, for ``ingest --workers N``.

Each worker is a spawned process that loads the spaCy models once, then extracts the batches it
is given, sending back each document's outcome as soon as it is done. The ingesting process
watches them: a worker that dies (a crash, a SIGKILL) or takes longer than its documents'
``parallel.allowance`` is stopped and replaced, and its batch's documents not done come back as
``Failed(retry=True)`` for ``parallel.in_order`` to try again one by one. A worker whose parent
is gone (killed) stops on its own. Workers ignore Ctrl-C: the ingesting process stops them.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import queue
import resource
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Self

from pledgewatch import settings
from pledgewatch.document import Document
from pledgewatch.errors import LedgerError
from pledgewatch.ledger.parallel import (
    Failed,
    Finished,
    Outcome,
    allowance,
    extract_each,
    load_models,
)

PARENT_POLL_S: float = 1.0
"""How often an idle worker checks that the ingesting process is still alive."""

CLOSE_WAIT_S: float = 10.0
"""How long closing waits for the workers to finish what they hold and stop, before killing them."""

Work = Callable[[list[Document]], Iterator[Outcome]]


def _serve(tasks: multiprocessing.Queue, results: multiprocessing.connection.Connection, work: Work,
           warm: Callable[[], None]) -> None:
    """A worker's life: load, say ready, extract each batch given; when told to stop, say its peak memory
    and the CPU time it spent after loading."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm()
    loaded = _cpu()
    results.send(("ready",))
    parent = multiprocessing.parent_process()
    while True:
        try:
            task = tasks.get(timeout=PARENT_POLL_S)
        except queue.Empty:
            if parent is None or not parent.is_alive():
                return
            continue
        if task is None:
            break
        key, documents = task
        try:
            for outcome in work(documents):
                results.send(("doc", key, outcome))
        except Exception as exc:  # noqa: BLE001 (the batch as a whole failed: its documents are retried alone)
            results.send(("lost", key, f"{type(exc).__name__}: {exc}"))
    results.send(("bye", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, _cpu() - loaded))


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@dataclass
class _Task:
    key: int
    documents: list[Document]
    outcomes: list[Outcome] = field(default_factory=list)


@dataclass(eq=False)
class _Worker:
    process: multiprocessing.process.BaseProcess
    tasks: multiprocessing.Queue
    results: multiprocessing.connection.Connection
    started: float
    ready: bool = False
    assigned: deque[_Task] = field(default_factory=deque)
    deadline: float | None = None

    def restart_clock(self) -> None:
        """The head task's deadline: its documents not done are allowed their time from now."""
        head = self.assigned[0] if self.assigned else None
        self.deadline = (time.monotonic() + allowance(head.documents[len(head.outcomes):])) if head else None


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        return f"killed by {signal.Signals(-exitcode).name}"
    return f"exit code {exitcode}"


class LocalPool:
    """``workers`` extraction processes (spawned on the first batch), each running ``work`` after ``warm``.

    Use it as a context manager (or call ``close``); ``peaks`` and ``busy`` then hold, for each worker
    stopped by ``close``, its peak resident memory in bytes and the CPU seconds it spent after loading.
    """

    def __init__(self, workers: int, work: Work = extract_each, warm: Callable[[], None] = load_models) -> None:
        self.size, self.work, self.warm = workers, work, warm
        self._context = multiprocessing.get_context("spawn")
        self._workers: list[_Worker] = []
        self._queue: deque[_Task] = deque()
        self._finished: list[Finished] = []
        self.peaks: list[int] = []
        self.busy: list[float] = []

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        self.close(wait=kind is None)

    def capacity(self) -> int:
        """Batches in flight at once: settings.INGEST_BATCHES_PER_WORKER per worker."""
        return self.size * settings.INGEST_BATCHES_PER_WORKER

    def start(self) -> None:
        """Start the workers now and wait until each has loaded its models (else the first batch starts them)."""
        self._spawn_all()
        while not all(w.ready for w in self._workers):
            self._step()

    def submit(self, key: int, documents: list[Document]) -> None:
        """Queue a batch; the workers start with the first."""
        self._queue.append(_Task(key, documents))
        self._spawn_all()
        self._assign()

    def _spawn_all(self) -> None:
        while len(self._workers) < self.size:
            self._spawn()

    def _spawn(self) -> None:
        tasks = self._context.Queue()
        tasks.cancel_join_thread()  # a dead worker's unread batches must not hold this process at exit
        reader, writer = self._context.Pipe(duplex=False)
        process = self._context.Process(target=_serve, args=(tasks, writer, self.work, self.warm),
                                        name="pledgewatch-extract", daemon=True)
        process.start()
        writer.close()
        self._workers.append(_Worker(process, tasks, reader, time.monotonic()))

    def _assign(self) -> None:
        """Give queued batches to ready workers, the least loaded first, up to two each (one running)."""
        while self._queue:
            idle = [w for w in self._workers if w.ready and len(w.assigned) < 2]
            if not idle:
                return
            worker = min(idle, key=lambda w: len(w.assigned))
            task = self._queue.popleft()
            worker.tasks.put((task.key, task.documents))
            worker.assigned.append(task)
            if len(worker.assigned) == 1:
                worker.restart_clock()

    def wait(self, block: bool = True) -> list[Finished]:
        """The batches finished (their documents done, or lost with a worker) since the last call;
        ``block``: waiting until there is one."""
        self._step(block=False)
        while block and not self._finished:
            self._step()
        finished, self._finished = self._finished, []
        return finished

    def _step(self, block: bool = True) -> None:
        """Wait (``block``) for the workers' next messages, deaths or deadlines, and deal with them."""
        now = time.monotonic()
        clocks = [w.deadline for w in self._workers if w.deadline is not None]
        clocks += [w.started + settings.WORKER_START_TIMEOUT_S for w in self._workers if not w.ready]
        timeout = (max(0.0, min(clocks) - now) if clocks else None) if block else 0.0
        handles = [w.results for w in self._workers] + [w.process.sentinel for w in self._workers]
        ready = set(multiprocessing.connection.wait(handles, timeout))
        for worker in list(self._workers):
            if worker.results in ready or worker.process.sentinel in ready:
                self._read(worker)
        now = time.monotonic()
        for worker in list(self._workers):
            if not worker.ready and now > worker.started + settings.WORKER_START_TIMEOUT_S:
                self._stop(worker)
                raise LedgerError("L027", reason=f"no worker ready after {settings.WORKER_START_TIMEOUT_S:g} s")
            if worker.deadline is not None and now > worker.deadline:
                limit = allowance(worker.assigned[0].documents[len(worker.assigned[0].outcomes):][:1])
                self._stop(worker)
                self._lost(worker, "L026", {"limit": limit})
        self._assign()

    def _read(self, worker: _Worker) -> None:
        """Take in every message ``worker`` has sent; then, if it is dead, what it held is lost."""
        try:
            while worker.results.poll():
                self._message(worker, worker.results.recv())
        except (EOFError, OSError):
            pass
        else:
            if worker.process.is_alive():
                return
        self._lost(worker, "L025", {"reason": _death(self._stop(worker))})

    def _message(self, worker: _Worker, message: tuple) -> None:
        if message[0] == "ready":
            worker.ready = True
        elif message[0] == "doc":
            task = worker.assigned[0]
            task.outcomes.append(message[2])
            if len(task.outcomes) == len(task.documents):
                self._finished.append((task.key, worker.assigned.popleft().outcomes))
            worker.restart_clock()
        elif message[0] == "lost":
            task = worker.assigned.popleft()
            rest = len(task.documents) - len(task.outcomes)
            self._finished.append((task.key, task.outcomes + [Failed("L012", {"reason": message[2]}, True)] * rest))
            worker.restart_clock()

    def _stop(self, worker: _Worker) -> int | None:
        """Kill ``worker`` if it still runs; its exit code."""
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        return worker.process.exitcode

    def _lost(self, worker: _Worker, code: str, fields: dict) -> None:
        """``worker`` is gone: its running batch's documents not done fail (to be retried alone), its
        queued batches go back to the queue's front, and a new worker takes its place."""
        if worker not in self._workers:
            return
        if not worker.ready:
            raise LedgerError("L027", reason=fields.get("reason", code))
        self._workers.remove(worker)
        worker.results.close()
        if worker.assigned:
            task = worker.assigned.popleft()
            rest = len(task.documents) - len(task.outcomes)
            self._finished.append((task.key, task.outcomes + [Failed(code, fields, True)] * rest))
        self._queue.extendleft(reversed(worker.assigned))
        self._spawn()

    def close(self, wait: bool = True) -> None:
        """Stop every worker: ask, wait a moment (``wait``) for its figures, then kill what still runs."""
        for worker in self._workers:
            worker.tasks.put(None)
        deadline = time.monotonic() + (CLOSE_WAIT_S if wait else 0.0)
        for worker in self._workers:
            try:
                while worker.results.poll(max(0.0, deadline - time.monotonic())):
                    message = worker.results.recv()
                    if message[0] == "bye":
                        self.peaks.append(message[1])
                        self.busy.append(message[2])
                        break
            except (EOFError, OSError):
                pass
            self._stop(worker)
            worker.results.close()
            worker.tasks.close()
        self._workers = []
