"""The extractor's modules stay small (issue 11: none over 500 lines), so that each keeps one job."""

from __future__ import annotations

from pathlib import Path

import pledgewatch.extract

MAX_LINES = 500


def test_no_extractor_module_is_over_500_lines() -> None:
    root = Path(pledgewatch.extract.__file__).parent
    sizes = {p.relative_to(root).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
             for p in root.rglob("*.py")}
    assert sizes and {name: n for name, n in sizes.items() if n > MAX_LINES} == {}
