"""Generic loader for per-language data files (``lang/<lang>/<name>.yml``)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any


@cache
def load(lang: str, name: str) -> Any:
    """Return the parsed YAML file ``lang/<lang>/<name>.yml`` shipped with the package."""
    import yaml  # here: the ledger's read commands import this module and rarely need a file

    path = resources.files("pledgewatch") / "lang" / lang / f"{name}.yml"
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def available(lang: str, name: str) -> bool:
    """Tell whether the data file ``lang/<lang>/<name>.yml`` exists."""
    return (resources.files("pledgewatch") / "lang" / lang / f"{name}.yml").is_file()
