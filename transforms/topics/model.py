"""A supervised topic model: multinomial naive Bayes on word counts, trained and applied in numpy."""

import dataclasses
import hashlib
import json
import random
import re
from typing import Optional

import numpy as np

from transforms.topics.lexicon import TITLE_WEIGHT, base_language, normalise, stem

_WORD = re.compile(r"\w+", re.UNICODE)
# Han, kana and hangul: no spaces between words, so character pairs stand for words.
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")

__all__ = [
    "ANY_LANGUAGE",
    "MODEL_FORMAT",
    "CompiledModel",
    "compile_models",
    "features",
    "load_models",
    "model_for",
    "load_model",
    "model_file_text",
    "model_id",
    "TopicModel",
    "cross_validate",
    "macro_f1",
    "predict",
    "train_naive_bayes",
]


@dataclasses.dataclass(frozen=True)
class TopicModel:
    """Plain values (picklable, JSON-able): classes, vocabulary and log-probabilities."""

    classes: tuple
    vocabulary: tuple
    log_prior: tuple  # per class
    log_likelihood: tuple  # per class: a tuple over the vocabulary

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, text: str) -> "TopicModel":
        data = json.loads(text)
        return cls(
            classes=tuple(data["classes"]),
            vocabulary=tuple(data["vocabulary"]),
            log_prior=tuple(data["log_prior"]),
            log_likelihood=tuple(tuple(row) for row in data["log_likelihood"]),
        )


MODEL_FORMAT = "newsbeam-topic-model/1"


def model_id(model: TopicModel) -> str:
    """A content id: the same trained model always has the same id (goes into ``topic_model``)."""
    return "nb-" + hashlib.sha256(model.to_json().encode("utf-8")).hexdigest()[:12]


def model_file_text(model: TopicModel, *, meta: Optional[dict] = None) -> str:
    """The model file: format tag, id, free metadata (data, CV scores) and the model itself."""
    payload = {
        "format": MODEL_FORMAT,
        "model_id": model_id(model),
        "meta": meta or {},
        "model": json.loads(model.to_json()),
    }
    return json.dumps(payload, sort_keys=True)


ANY_LANGUAGE = "*"  # the key of a model trained without a language column: used for any language


def load_models(text: str, *, where: str = "<model>") -> tuple:
    """``({language: TopicModel}, model_id)`` from a model file's text: a file trained per
    language (``train-topics --language-column``) holds ``models`` keyed by language; a file
    of one model gives ``{"*": model}``."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ValueError(f"topic model {where} is not JSON: {exc}") from None
    if isinstance(data, dict) and isinstance(data.get("models"), dict):
        if data.get("format") != MODEL_FORMAT or not data["models"]:
            raise ValueError(f"topic model {where} is not a newsbeam topic model")
        try:
            models = {
                str(k): TopicModel.from_json(json.dumps(v)) for k, v in data["models"].items()
            }
        except (KeyError, TypeError) as exc:
            raise ValueError(f"topic model {where} is incomplete: missing {exc}") from None
        return models, models_id(models)
    model, mid = load_model(text, where=where)
    return {ANY_LANGUAGE: model}, mid


def models_id(models: dict) -> str:
    """A content id of a per-language set (one model alone keeps its ``model_id``)."""
    if set(models) == {ANY_LANGUAGE}:
        return model_id(models[ANY_LANGUAGE])
    digest = hashlib.sha256()
    for language in sorted(models):
        digest.update(f"{language}\n{models[language].to_json()}\n".encode())
    return "nb-" + digest.hexdigest()[:12]


def models_file_text(models: dict, *, meta: Optional[dict] = None) -> str:
    """The model file of a per-language set (``load_models`` reads it)."""
    if set(models) == {ANY_LANGUAGE}:
        return model_file_text(models[ANY_LANGUAGE], meta=meta)
    payload = {
        "format": MODEL_FORMAT,
        "model_id": models_id(models),
        "meta": meta or {},
        "models": {k: json.loads(m.to_json()) for k, m in sorted(models.items())},
    }
    return json.dumps(payload, sort_keys=True)


def models_json(models: dict) -> str:
    """What the topics stage carries: ``{language: model}`` as JSON (``compile_models``)."""
    return json.dumps({k: json.loads(m.to_json()) for k, m in sorted(models.items())})


def compile_models(text: str) -> dict:
    """``{language: CompiledModel}`` from ``models_json`` (or one model's JSON: any language)."""
    data = json.loads(text)
    if "classes" in data:
        return {ANY_LANGUAGE: CompiledModel(TopicModel.from_json(text))}
    return {k: CompiledModel(TopicModel.from_json(json.dumps(v))) for k, v in data.items()}


def model_for(models: dict, language: Optional[str]) -> Optional[str]:
    """The key of the model that classifies ``language``: its own, else the any-language one,
    else None (not covered)."""
    base = base_language(language)
    if base in models:
        return base
    return ANY_LANGUAGE if ANY_LANGUAGE in models else None


def load_model(text: str, *, where: str = "<model>") -> tuple:
    """``(TopicModel, model_id)`` from a model file's text; ValueError says what is wrong."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ValueError(f"topic model {where} is not JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
        raise ValueError(
            f"topic model {where} is not a newsbeam topic model (format {MODEL_FORMAT!r}); "
            "train one with `newsbeam train-topics`"
        )
    try:
        model = TopicModel.from_json(json.dumps(data["model"]))
    except (KeyError, TypeError) as exc:
        raise ValueError(f"topic model {where} is incomplete: missing {exc}") from None
    return model, model_id(model)


def _tokens(text: str) -> list:
    """Words of any script: casefolded words; a run of CJK characters as its character pairs
    (and a lone character as itself), so one model can learn from mixed-language data."""
    out = []
    for word in _WORD.findall(normalise(text)):
        if _CJK.search(word) is None:
            out.append(stem(word))
        elif len(word) == 1:
            out.append(word)
        else:
            out += [word[i : i + 2] for i in range(len(word) - 1)]
    return out


def features(title: Optional[str], text: str) -> dict:
    """Token -> count, title tokens counted ``TITLE_WEIGHT`` times."""
    counts: dict = {}
    for tokens, weight in ((_tokens(title or ""), TITLE_WEIGHT), (_tokens(text or ""), 1.0)):
        for token in tokens:
            counts[token] = counts.get(token, 0.0) + weight
    return counts


_features = features


def train_naive_bayes(
    items: list, labels: list, *, alpha: float = 0.5, min_count: int = 2
) -> TopicModel:
    """Fit on ``items`` = ``[(title, text), ...]`` with one label each (any strings)."""
    if len(items) != len(labels) or not items:
        raise ValueError("need as many labels as items, and at least one item")
    features = [_features(t, x) for t, x in items]
    df: dict = {}
    for f in features:
        for token in f:
            df[token] = df.get(token, 0) + 1
    vocabulary = tuple(sorted(t for t, n in df.items() if n >= min_count))
    position = {t: i for i, t in enumerate(vocabulary)}
    classes = tuple(sorted(set(labels)))
    counts = np.full((len(classes), len(vocabulary)), alpha)
    prior = np.zeros(len(classes))
    for f, label in zip(features, labels):
        c = classes.index(label)
        prior[c] += 1
        for token, n in f.items():
            if token in position:
                counts[c, position[token]] += n
    likelihood = np.log(counts / counts.sum(axis=1, keepdims=True))
    return TopicModel(
        classes=classes,
        vocabulary=vocabulary,
        log_prior=tuple(np.log(prior / prior.sum()).tolist()),
        log_likelihood=tuple(tuple(row) for row in likelihood.tolist()),
    )


class CompiledModel:
    """A TopicModel ready to apply: a token -> column map and a numpy matrix (build once)."""

    def __init__(self, model: TopicModel):
        self.classes = model.classes
        self._position = {t: i for i, t in enumerate(model.vocabulary)}
        self._prior = np.array(model.log_prior, dtype=float)
        self._likelihood = np.array(model.log_likelihood, dtype=float)

    def predict(self, title: Optional[str], text: str) -> list:
        """``[(class, probability), ...]`` best first."""
        logp = self._prior.copy()
        for token, n in _features(title, text).items():
            column = self._position.get(token)
            if column is not None:
                logp += n * self._likelihood[:, column]
        prob = np.exp(logp - logp.max())
        prob /= prob.sum()
        return [(self.classes[i], float(prob[i])) for i in np.argsort(-prob, kind="stable")]


def predict(model: TopicModel, title: Optional[str], text: str) -> list:
    """One-off prediction; for many items build ``CompiledModel(model)`` once."""
    return CompiledModel(model).predict(title, text)


def macro_f1(gold: list, pred: list) -> float:
    classes = sorted(set(gold))
    total = 0.0
    for c in classes:
        tp = sum(g == c and p == c for g, p in zip(gold, pred))
        wrong = sum((g == c) != (p == c) for g, p in zip(gold, pred))
        total += 2 * tp / (2 * tp + wrong) if tp else 0.0
    return total / len(classes)


def cross_validate(items: list, labels: list, *, folds: int = 5, seed: int = 0, **kw) -> list:
    """Macro-F1 of each of ``folds`` train/test splits (seeded shuffle)."""
    order = list(range(len(items)))
    random.Random(seed).shuffle(order)
    scores = []
    for k in range(folds):
        test = set(order[k::folds])
        train = [i for i in order if i not in test]
        model = train_naive_bayes([items[i] for i in train], [labels[i] for i in train], **kw)
        gold = [labels[i] for i in sorted(test)]
        compiled = CompiledModel(model)
        pred = [compiled.predict(*items[i])[0][0] for i in sorted(test)]
        scores.append(macro_f1(gold, pred))
    return scores
