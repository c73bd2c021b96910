"""K-fold cross-validation of the extractor: each fold extracted with the model trained on the
other folds, stories kept whole in one fold (``corpus.folds``), scored as ``score.py`` does."""

from __future__ import annotations

from pledgewatch import settings
from pledgewatch.errors import PledgewatchError
from pledgewatch.extract.evaluation import score
from pledgewatch.extract.extraction import assemble
from pledgewatch.extract.learn.corpus import Annotated, folds, stories
from pledgewatch.extract.learn.model import using
from pledgewatch.extract.learn.training import fit_all, labelled


def cross_validate(corpus: list[Annotated], k: int,
                   learned: tuple[str, ...] = settings.LEARNED_DECISIONS) -> tuple[dict, list[str], dict]:
    """Score ``corpus`` by ``k``-fold cross-validation, the decisions ``learned`` made by the
    models trained on the other folds (none: the rules alone). Returns the result and misses of
    ``evaluation.score`` over every document (keyed folder/id), and the rules' own result on
    the same documents (the baseline).

    Raises PledgewatchError E105 when ``k`` is below 2 or above the number of stories.
    """
    golds = {item.key: item.gold for item in corpus}
    n_stories = len(stories(golds))
    if not 2 <= k <= n_stories:
        raise PledgewatchError("E105", value=k, limit=n_stories)
    data = labelled(corpus)
    by_key = {item.key: item for item in corpus}
    texts = {item.key: item.document.text for item in corpus}
    preds: dict[str, dict] = {}
    for held in folds(golds, k):
        held_set = set(held)
        models = fit_all([d for d in data if d.key not in held_set], names=learned) if learned else {}
        with using(models):
            for key in held:
                preds[key] = assemble(by_key[key].document, by_key[key].parts)
    result, misses = score(golds, texts, preds)
    rules = {d.key: d.rules_result for d in data}
    result["by_folder"] = by_folder(golds, texts, preds)
    return result, misses, {**score(golds, texts, rules)[0], "by_folder": by_folder(golds, texts, rules)}


def by_folder(golds: dict[str, dict], texts: dict[str, str], preds: dict[str, dict]) -> dict[str, dict]:
    """The facts and strict F1 of each folder's documents (keys folder/id): a folder the rules were
    written on scores them higher than one they never read."""
    out = {}
    for folder in sorted({key.split("/")[0] for key in golds}):
        part = {k: v for k, v in golds.items() if k.split("/")[0] == folder}
        result, _ = score(part, texts, preds)
        out[folder] = {"documents": len(part), "facts": result["facts"]["f1"], "facts_strict": result["facts_strict"]["f1"]}
    return out


def score_corpus(corpus: list[Annotated]) -> tuple[dict, list[str]]:
    """Score ``corpus`` extracted with the active model (the shipped one unless ``using``)."""
    golds = {item.key: item.gold for item in corpus}
    texts = {item.key: item.document.text for item in corpus}
    return score(golds, texts, {item.key: assemble(item.document, item.parts) for item in corpus})
