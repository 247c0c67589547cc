"""Load a topic taxonomy from YAML (default: the packaged IPTC Media Topics) and validate it."""

import dataclasses
import functools
import importlib.resources
import re
from pathlib import Path
from typing import Optional

import yaml

from pipeline.config.settings import CONFIG_DIR, ConfigError
from transforms.core.bounded_yaml import bounded_loader, read_yaml_text
from transforms.topics.classify import Taxonomy, Topic, tokenize
from transforms.topics.lexicon import CONTEXT_MARK

__all__ = [
    "DEFAULT_TAXONOMY",
    "TaxonomyError",
    "load_taxonomy",
    "load_topic_model",
    "parse_taxonomy",
]

DEFAULT_TAXONOMY = CONFIG_DIR / "taxonomy" / "iptc-mediatopics.yaml"
_CODE = re.compile(r"^[A-Za-z][\w.-]*:\S+$")  # a QCode, e.g. medtop:16000000


_MAX_MODEL_BYTES = 1 << 30  # a model of 14 languages is tens of MB


class TaxonomyError(ConfigError):
    """The taxonomy file is wrong; the message names the file, the topic and what to fix."""


def _default_text() -> tuple[str, str]:
    if DEFAULT_TAXONOMY.is_file():
        return DEFAULT_TAXONOMY.read_text(encoding="utf-8"), str(DEFAULT_TAXONOMY)
    resource = importlib.resources.files("configs.taxonomy") / "iptc-mediatopics.yaml"
    return resource.read_text(encoding="utf-8"), str(resource)


# libyaml's C loader when installed; a user's file may hold an alias bomb (bounded_yaml)
_SAFE_LOADER = bounded_loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def load_taxonomy(path: Optional[str] = None) -> Taxonomy:
    """Read and validate a taxonomy file; ``None`` means the packaged IPTC Media Topics.

    The same text is parsed once per process (a run builds one topics step per input source).
    """
    if path is None:
        return _packaged()
    where = str(path)
    try:
        text = read_yaml_text(path)
    except FileNotFoundError:
        raise TaxonomyError(f"taxonomy file not found: {where}") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise TaxonomyError(f"taxonomy file {where} cannot be read: {exc}") from None
    return _parse_text(text, where)


@functools.lru_cache(maxsize=1)
def _packaged() -> Taxonomy:
    text, where = _default_text()
    return dataclasses.replace(_parse_text(text, where), reload=_packaged)


@functools.lru_cache(maxsize=8)
def _parse_text(text: str, where: str) -> Taxonomy:
    try:
        data = yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader
    except (yaml.YAMLError, RecursionError) as exc:
        raise TaxonomyError(f"taxonomy file {where} is not valid YAML: {_one_line(exc)}") from None
    lexicons = data.get("lexicons") if isinstance(data, dict) else None
    _need(
        lexicons is None or isinstance(lexicons, dict),
        where,
        "'lexicons' must map a language to a file, such as {de: lexicons/de.yaml}",
    )
    loaded = {str(lang): _read_lexicon(str(rel), where) for lang, rel in (lexicons or {}).items()}
    return parse_taxonomy(data, where=where, lexicons=loaded)


def _read_lexicon(rel: str, taxonomy_where: str):
    """A lexicon file named relative to the taxonomy file (or the packaged ``configs``)."""
    path = Path(taxonomy_where).parent / rel
    if path.is_file():
        try:
            text, where = read_yaml_text(path), str(path)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise TaxonomyError(f"lexicon file {path} cannot be read: {exc}") from None
    else:
        resource = importlib.resources.files("configs").joinpath(*Path(rel).parts[-2:])
        if not resource.is_file():
            raise TaxonomyError(f"taxonomy {taxonomy_where}: lexicon file not found: {path}")
        text, where = resource.read_text(encoding="utf-8"), str(resource)
    try:
        return yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader
    except (yaml.YAMLError, RecursionError) as exc:
        raise TaxonomyError(f"lexicon file {where} is not valid YAML: {_one_line(exc)}") from None


def _one_line(exc: Exception) -> str:
    """A YAML error (PyYAML's spans several lines, with an excerpt) as one line."""
    if isinstance(exc, RecursionError):
        return "nested too deep"
    return " ".join(str(exc).split())


def _need(cond: bool, where: str, message: str) -> None:
    if not cond:
        raise TaxonomyError(f"taxonomy {where}: {message}")


def parse_taxonomy(data, *, where: str = "<mapping>", lexicons: Optional[dict] = None) -> Taxonomy:
    """Build a Taxonomy from the parsed YAML mapping, with a clear error for each mistake;
    ``lexicons`` maps more languages to their parsed lexicon files."""
    _need(isinstance(data, dict), where, "must hold a mapping at the top level")
    for key in ("name", "version"):
        value = data.get(key)
        _need(
            isinstance(value, str | int | float) and str(value).strip(),
            where,
            f"'{key}' is missing",
        )
    raw_topics = data.get("topics")
    _need(isinstance(raw_topics, list) and raw_topics, where, "'topics' must be a non-empty list")
    topics, seen = [], {}
    for i, raw in enumerate(raw_topics):
        topic = _parse_topic(raw, where=f"{where} topic #{i + 1}")
        _need(
            topic.code not in seen,
            where,
            f"duplicate code '{topic.code}' (topics #{seen.get(topic.code)} and #{i + 1})",
        )
        seen[topic.code] = i + 1
        topics.append(topic)
    languages = data.get("languages") or ["en"]
    _need(
        isinstance(languages, list) and len(languages) == 1,
        where,
        "'languages' must name the one language of the topics' terms, such as [en]; "
        "add more languages as 'lexicons' files",
    )
    codes = tuple(t.code for t in topics)
    lexicons = tuple(
        (lang, _parse_lexicon(lex, codes, where=f"{where} lexicon {lang}"))
        for lang, lex in (lexicons or {}).items()
    )
    own = str(languages[0])
    return Taxonomy(
        name=str(data["name"]),
        version=str(data["version"]),
        topics=tuple(topics),
        languages=(own, *(lang for lang, _ in lexicons if lang != own)),
        attribution=str(data.get("attribution") or "").strip(),
        lexicons=lexicons,
    )


def _parse_lexicon(data, codes: tuple, *, where: str) -> tuple:
    """A lexicon file (``language``, ``topics: {code: {weight: [term, ...]}}``) -> per topic in
    the taxonomy's order, ``((term, weight), ...)``; a topic it leaves out has no terms."""
    _need(isinstance(data, dict), where, "must hold a mapping at the top level")
    topics = data.get("topics")
    _need(isinstance(topics, dict) and topics, where, "'topics' must map codes to terms")
    unknown = sorted(set(topics) - set(codes))
    _need(not unknown, where, f"codes {unknown[:3]} are not the taxonomy's (e.g. {codes[0]})")
    language = str(data.get("language") or "")
    return tuple(
        _parse_terms(topics[code], where=f"{where} ({code})", language=language)
        if code in topics
        else ()
        for code in codes
    )


def _parse_topic(raw, *, where: str) -> Topic:
    _need(isinstance(raw, dict), where, "must be a mapping with code, label and terms")
    code = raw.get("code")
    _need(isinstance(code, str) and code.strip(), where, "'code' is missing")
    code = code.strip()
    where = f"{where} ({code})"
    _need(bool(_CODE.match(code)), where, f"code '{code}' is not a QCode like medtop:16000000")
    label = raw.get("label")
    _need(isinstance(label, str) and label.strip(), where, "'label' is missing")
    return Topic(code=code, label=label.strip(), terms=_parse_terms(raw.get("terms"), where=where))


def _parse_terms(groups, *, where: str, language: str = "en") -> tuple:
    """``{weight: [term, ...]}`` -> ``((term, weight), ...)``; a term may be listed once."""
    _need(isinstance(groups, dict) and groups, where, "'terms' is empty: map weights to terms")
    terms, weights = [], {}
    for weight, items in groups.items():
        _need(
            isinstance(weight, int | float) and not isinstance(weight, bool) and weight > 0,
            where,
            f"term weight {weight!r} must be a positive number",
        )
        _need(isinstance(items, list) and items, where, f"weight {weight} has no terms")
        for term in items:
            _need(
                isinstance(term, str) and tokenize(term.strip().rstrip(CONTEXT_MARK), language),
                where,
                f"term {term!r} has no words",
            )
            key = term.strip().rstrip(CONTEXT_MARK).casefold()
            _need(
                key not in weights,
                where,
                f"term '{term}' is listed twice (weights {weights.get(key)} and {weight})",
            )
            weights[key] = weight
            terms.append((term.strip(), float(weight)))
    return tuple(terms)


def load_topic_model(path: str, taxonomy: Taxonomy) -> tuple:
    """``(model_json, model_id)`` of a model trained by ``newsbeam train-topics`` (any Beam
    filesystem); fails fast if the file is missing, not a model, or uses codes the taxonomy
    does not have."""
    from apache_beam.io.filesystems import FileSystems

    from transforms.topics.model import load_models, models_json

    if not isinstance(path, str):
        raise ConfigError(f"'topics.model' must be a file path or null, got {path!r}")
    try:
        with FileSystems.open(path, mime_type="application/json") as handle:
            data = handle.read(_MAX_MODEL_BYTES + 1)  # /dev/zero named by mistake: bounded
        if len(data) > _MAX_MODEL_BYTES:
            raise OSError(f"more than {_MAX_MODEL_BYTES >> 20} MB: not a model file")
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"'topics.model': cannot read {path}: {exc}") from None
    try:
        models, model_id = load_models(text, where=path)
    except ValueError as exc:
        raise ConfigError(f"'topics.model': {exc}") from None
    unknown = sorted({c for m in models.values() for c in m.classes} - set(taxonomy.codes))
    if unknown:
        raise ConfigError(
            f"'topics.model': {path} predicts codes not in the taxonomy {taxonomy.name!r}: "
            f"{unknown[:5]}; train it on the taxonomy's codes (e.g. medtop:15000000)"
        )
    return models_json(models), model_id
