"""Inputs given as one PCollection or as a tuple of parts (one per source).

Transforms take the parts themselves so they can flatten them once with their other inputs: on
the local runner a Flatten that feeds another Flatten is a stage of its own. A tuple, not a
list: inside an input dict Beam reads a list as data to ``Create``, not as PCollections.
"""

__all__ = ["parts_of"]


def parts_of(value) -> tuple:
    """``value`` (a PCollection or a tuple of them) as a tuple of PCollections."""
    return value if isinstance(value, tuple) else (value,)
