"""Generic references to a company ("le groupe", "le géant américain", "ce dernier"), for
coreference by the fact builder and the quotes: phrases and kinds in ``companies.yml``'s
``references`` and ``reference_qualifiers``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pledgewatch import langdata
from pledgewatch.extract.companies import LANG, fold


@dataclass(frozen=True)
class Reference:
    """A generic phrase that may refer back to a company ("le groupe", "ce dernier")."""

    start: int
    end: int
    text: str
    kind: str


@lru_cache(maxsize=1)
def _references_re() -> tuple[re.Pattern[str], dict[str, str]]:
    """The reference regex and a map folded phrase -> kind."""
    data = langdata.load(LANG, "companies")
    kinds = {fold(r["text"]): r["kind"] for r in data["references"]}

    def literal(phrase: str) -> str:
        return re.escape(phrase).replace("'", "['’]").replace(r"\ ", r"\s+")

    heads = "|".join(literal(r["text"]) for r in sorted(data["references"], key=lambda r: -len(r["text"])))
    quals = "|".join(literal(q) for q in sorted(data["reference_qualifiers"], key=len, reverse=True))
    pattern = rf"(?<!\w)(?P<head>{heads})(?P<qual>(?:\s+(?:{quals}))*)(?!\w)"
    return re.compile(pattern, re.IGNORECASE), kinds


def find_references(text: str) -> list[Reference]:
    """Generic company references; ordinals and "ce dernier" only when used as pronouns."""
    pattern, kinds = _references_re()
    blockers = {w.lower() for w in langdata.load(LANG, "companies")["ordinal_blockers"]}
    found = []
    for m in pattern.finditer(text):
        kind = kinds[fold(re.sub(r"\s+", " ", m.group("head")))]
        end = m.end() if kind == "generic" else m.end("head")
        following = re.match(r"\s+([\w-]+)", text[end:])
        if kind != "generic" and following and following.group(1).lower() in blockers:
            continue
        found.append(Reference(m.start(), end, text[m.start():end], kind))
    return found
