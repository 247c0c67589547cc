"""Reading a YAML config file strictly: a key written twice, or a date that does not exist, is an
error naming the key and the line (PyYAML keeps the last duplicate silently, and raises a bare
ValueError for ``2026-02-30``); a file over 64 MB, an alias bomb or a value nested too deep is
an error too, before anything is built from it (``transforms.core.bounded_yaml``)."""

from pathlib import Path

import yaml

from pipeline.config.rules import ConfigError
from transforms.core.bounded_yaml import bounded_loader, read_yaml_text

__all__ = ["read_yaml"]


class _StrictLoader(bounded_loader(yaml.SafeLoader)):
    """SafeLoader that refuses duplicate keys and reports impossible dates with their line.

    Merge keys (``fetch: {<<: *defaults, deadline_s: 5}``) work as in SafeLoader: a key written
    out wins over a merged one. Only the keys a mapping writes out are compared, each mapping
    once, before ``flatten_mapping`` puts the merged keys into its node (the node of an
    ``&anchor`` is flattened when the first alias merges it, perhaps before it is built). What
    merges bring in is counted by ``check_node_graph`` as aliases are, so an alias bomb made of
    merges is refused before anything is flattened."""

    def __init__(self, stream):
        super().__init__(stream)
        self._checked: set = set()  # id() of the mapping nodes whose own keys were compared

    def flatten_mapping(self, node):
        if id(node) not in self._checked:
            self._checked.add(id(node))
            self._refuse_duplicates(node)
        super().flatten_mapping(node)

    def _refuse_duplicates(self, node) -> None:
        seen: dict = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # ``<<: *a`` twice: SafeLoader merges both, as it merges a list
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.get(key)
                seen.setdefault(key, key_node.start_mark.line + 1)
            except TypeError:  # an unhashable key: SafeLoader says so itself
                continue
            if first is not None:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"duplicate key '{key}' (first given on line {first}): keep one of them",
                    key_node.start_mark,
                )

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"'{node.value}' is not a real date ({exc}); write a date YYYY-MM-DD that exists",
                node.start_mark,
            ) from None


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)


def read_yaml(path: Path) -> dict:
    """The mapping in the YAML file at ``path`` ({} for an empty file); ConfigError otherwise."""
    try:
        text = read_yaml_text(path)
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"config file {path} cannot be read: {exc}") from None
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ConfigError(f"config file {path} is not valid YAML: {_one_line(exc)}") from None
    except RecursionError:  # PyYAML's composer recurses: ~300 levels of [[[...]]]
        raise ConfigError(
            f"config file {path} is not valid YAML: nested too deep for a settings file"
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"config file {path} must hold a mapping at the top level")
    return data


def _one_line(exc: yaml.YAMLError) -> str:
    """PyYAML's message (problem, context, a quoted excerpt over several lines) as one line
    that says where: ``line 3, column 5: duplicate key ...``."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None)
    if mark is None or problem is None:
        return " ".join(str(exc).split())
    context = getattr(exc, "context", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}"
    return f"{where}: {problem}" + (f" ({context})" if context else "")
