"""The learned boilerplate filter: a small logistic regression (JSON weights beside this module)
scores the extracted paragraphs and the ones the extractor left out between them; paragraphs
it takes for boilerplate are dropped, left-out ones it takes for article text are put back."""

import functools
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Optional

from transforms.extract.paragraphs import PageIndex, Plan, is_table_rule, plan_paragraphs

__all__ = ["MODEL_PATH", "BoilerplateModel", "assemble", "load_model"]

MODEL_PATH = Path(__file__).with_name("boilerplate_model.json")
# Link share from which a paragraph is a link: a teaser of another article or a pointer.
_LINKED = 0.8


class BoilerplateModel:
    """Logistic regression over ``paragraphs.paragraph_features``: ``weights`` by feature name,
    ``mean`` and ``scale`` to standardise each feature; an extracted paragraph is dropped when
    its boilerplate probability reaches ``drop_threshold``, a left-out one put back when it is
    below ``add_threshold``; a mostly linked one (link share >= 0.8) counts as sure boilerplate
    from ``linked_threshold`` (the linear model weighs link share and prose shape apart, and a
    teaser headline reads as prose)."""

    def __init__(self, spec: dict):
        self.weights: dict = spec["weights"]
        self.mean: dict = spec.get("mean", {})
        self.scale: dict = spec.get("scale", {})
        self.drop_threshold: float = spec["drop_threshold"]
        self.add_threshold: float = spec["add_threshold"]
        self.linked_threshold: float = spec.get("linked_threshold", 1.01)
        # a call to act or a caption by rule (``furniture``) is sure boilerplate from here
        self.sure_threshold: float = spec.get("sure_threshold", 1.01)
        # the standardisation folded into the weights: one multiply-add per feature
        self._coef = {}
        self._intercept = 0.0
        for name, w in self.weights.items():
            if name == "bias":
                self._intercept += w
                continue
            scale = self.scale.get(name, 1.0) or 1.0
            self._coef[name] = w / scale
            self._intercept -= w * self.mean.get(name, 0.0) / scale

    def probability(self, feats: dict) -> float:
        z = self._intercept
        for name, c in self._coef.items():
            z += c * feats.get(name, 0.0)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def probabilities(self, plan: Plan) -> dict:
        """Candidate position -> the model's boilerplate probability."""
        return {pos: self.probability(feats) for pos, feats in plan.features.items()}

    def scores(self, plan: Plan) -> dict:
        """Candidate position -> boilerplate probability, 1.0 for a mostly linked candidate at
        or above ``linked_threshold``."""
        probs = linked(plan, self.probabilities(plan), self.linked_threshold)
        return sure(plan, probs, self.sure_threshold)

    def select(self, lines: Sequence[str], tree, title: Optional[str] = None) -> list:
        """The article's paragraphs: ``lines`` (extracted from ``tree``) without boilerplate,
        with the left-out article paragraphs between them put back, in page order."""
        if not lines:
            return []
        plan = plan_paragraphs(lines, PageIndex(tree), title)
        return assemble(plan, self.scores(plan), self.drop_threshold, self.add_threshold)


def linked(plan: Plan, probs: dict, threshold: float) -> dict:
    """``probs`` with 1.0 for each mostly linked candidate whose probability is at or above
    ``threshold``."""
    return {
        pos: 1.0
        if plan.features[pos].get("link_share", 0.0) >= _LINKED and prob >= threshold
        else prob
        for pos, prob in probs.items()
    }


def sure(plan: Plan, probs: dict, threshold: float) -> dict:
    """``probs`` with 1.0 for each call to act or caption (``plan.sure``) whose probability
    is at or above ``threshold``."""
    if not plan.sure:
        return probs
    return {
        pos: 1.0 if pos in plan.sure and prob >= threshold else prob for pos, prob in probs.items()
    }


def assemble(plan: Plan, probs: dict, drop_threshold: float, add_threshold: float) -> list:
    """Lines in order: an extracted line found in the page stays when its probability is under
    ``drop_threshold``; before it come the left-out paragraphs since the previous line found
    whose probability is under ``add_threshold``. Lines not found in the page stay, but a
    table's "|---|" rule goes with the header row above it."""
    out = []
    gaps = sorted(plan.gaps)
    last, dropped = None, False
    for line, pos in zip(plan.lines, plan.positions):
        if pos is None:
            if not (dropped and is_table_rule(line)):
                out.append(line)
            continue
        if last is None or pos > last:
            after = -1 if last is None else last
            out.extend(plan.gaps[g] for g in gaps if after < g < pos and probs[g] < add_threshold)
        last = pos if last is None else max(last, pos)
        dropped = probs[pos] >= drop_threshold
        if not dropped:
            out.append(line)
    return out


@functools.lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> Optional[BoilerplateModel]:
    """The shipped model, or None when its file is absent (the filter is then off)."""
    try:
        return BoilerplateModel(json.loads(Path(path).read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None
