"""The learned place decision: which of the places a document names are a fact's places.

After the rules have placed every fact (its clause, inheritance, areas: ``placing.py``), the
active ``places`` model (see ``model.active``) scores each candidate place of each fact
(``place_features``): the places the document names and those the rules gave it. The fact's
places become the candidates whose probability passes ``settings.PLACE_THRESHOLD``, France
left out when a French locality or area is kept (``placing.place_codes`` does the same). With
no model the rules' places stand. ``decide.recording`` collects each fact's candidates, for
training; ``place_labels`` labels them by aligning the document's gold facts.
"""

from __future__ import annotations

from dataclasses import dataclass

from pledgewatch import settings
from pledgewatch.extract import gazetteer
from pledgewatch.extract.evaluation import field_hits, is_candidate, pair_greedily
from pledgewatch.extract.frames import Context
from pledgewatch.extract.learn.decide import recorder
from pledgewatch.extract.learn.model import active
from pledgewatch.extract.learn.place_features import (
    candidates,
    place_features,
    proposals,
)

YES = "yes"
NO = "no"
MATCH_FIELDS = ("qualifier", "value_max", "deadline", "status", "event")
"""The fields that pair a fact with a gold fact for labelling (its places left out)."""


@dataclass(frozen=True)
class PlaceChoice:
    """A fact's place decision as recorded for training: the fact (its compared fields), each
    candidate's code and features."""

    fact: dict
    codes: list[str]
    features: list[dict[str, float]]


def decide_places(ctx: Context, facts: list[dict]) -> None:
    """Set each fact's places to the candidates the active ``places`` model keeps; while
    recording (``decide.recording``), keep each fact's ``PlaceChoice``. No model, no recording:
    nothing done."""
    model, met = active("places"), recorder()
    recorded = met.places if met is not None else None
    if model is None and recorded is None:
        return
    for f, proposed in zip(facts, proposals(ctx, facts), strict=True):
        rule_codes = {p["code"] for p in f["places"]}
        cands = candidates(ctx, f["places"])
        features = [place_features(ctx, f, c, rule_codes, cands, proposed) for c in cands]
        if recorded is not None:
            recorded.append(PlaceChoice({k: f.get(k) for k in ("kind", "actor", "aggregate", "value", "unit",
                                                               "value_max", *MATCH_FIELDS)},
                                        [c.code for c in cands], features))
        if model is None:
            continue
        kept = [c for c, x in zip(cands, features, strict=True)
                if model.probabilities(x)[YES] > settings.PLACE_THRESHOLD]
        if any(c.code.split(":", 1)[0] in gazetteer.FRENCH_LEVELS for c in kept):
            kept = [c for c in kept if c.code != "country:FR"]
        f["places"] = [{"code": c.code, "name": c.name} for c in kept]


def place_labels(choices: list[PlaceChoice], gold_facts: list[dict]) -> tuple[list[dict[str, float]], list[str]]:
    """The feature rows and labels (``yes``: a place of the gold fact it is paired with) of the
    choices paired with a gold fact (kind, actor and figure agreeing, the other fields best);
    unpaired choices teach nothing."""
    facts = [c.fact for c in choices]
    pairs = pair_greedily(gold_facts, facts, is_candidate,
                          lambda g, p: sum(v for k, v in field_hits(g, p).items() if k in MATCH_FIELDS))
    rows: list[dict[str, float]] = []
    labels: list[str] = []
    for i, j in pairs:
        gold = {p["code"] if isinstance(p, dict) else p for p in gold_facts[i].get("places") or []}
        rows += choices[j].features
        labels += [YES if code in gold else NO for code in choices[j].codes]
    return rows, labels
