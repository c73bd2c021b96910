"""The ingest progress bar: items done of all (when the total is cheap to know), rate, elapsed time, ETA."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text


def _rate(task: Task) -> float | None:
    """Items done per second of the elapsed wall-clock time the bar shows (None before any time passed)."""
    elapsed = task.finished_time if task.finished else task.elapsed
    return task.completed / elapsed if elapsed else None


class _Rate(ProgressColumn):
    """Documents per second since the bar started: the documents done over the elapsed time shown.

    Rich's own speed is a sliding-window estimate that starts at the first document done, so it
    leaves out the first document (and the model loading it waits for) and disagrees with the
    elapsed time; this rate is the average over the same wall-clock time the bar shows.
    """

    def render(self, task: Task) -> Text:
        """The rate as text, "… docs/s" before any time has passed."""
        rate = _rate(task)
        return Text(f"{rate:.1f} docs/s" if rate is not None else "… docs/s", style="progress.data.speed")


class _Eta(ProgressColumn):
    """Time left at the average rate shown ("ETA -:--:--" while the total or the rate is unknown)."""

    def render(self, task: Task) -> Text:
        """The estimate as text, "ETA 0:00:00" once done."""
        rate = _rate(task)
        if task.total is None or not rate:
            return Text("ETA -:--:--", style="progress.remaining")
        left = max(0.0, task.total - task.completed) / rate
        return Text(f"ETA {timedelta(seconds=round(left))}", style="progress.remaining")


def progress_bar(console: Console, get_time: Callable[[], float] | None = None) -> Progress:
    """The ingest bar: documents done of all, their average rate, the elapsed wall-clock time and the time left."""
    return Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), _Rate(), TimeElapsedColumn(), _Eta(),
                    console=console, transient=False, get_time=get_time)
