"""Hostile YAML written for the tests."""


def laughs(levels: int = 9) -> str:
    """An inline YAML list whose aliases stand for 9 ** levels strings ("billion laughs"): 1 KB."""
    items = ['&a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    items += [f"&a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "[" + ", ".join(items) + "]"
