"""Inline SVG charts drawn from chart models (pure: model in, SVG text out; no JavaScript).

Every label is escaped here: titles, URLs and reasons come from hostile input.
"""

from html import escape

__all__ = ["PALETTE", "column_chart", "hbar_chart", "line_chart", "stacked_bar"]

PALETTE = ("#2b6cb0", "#dd6b20", "#38a169", "#c53030", "#805ad5", "#d69e2e", "#319795", "#718096")
_FONT = 'font-family="system-ui, sans-serif" font-size="12"'


def _text_width(text: str) -> int:
    return int(len(text) * 7.4) + 10  # ~12 px sans-serif, with room: labels never clipped


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}"


def _svg(width: int, height: int, body: list, label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}" {_FONT}>'
        f"<title>{escape(label)}</title>" + "".join(body) + "</svg>"
    )


def hbar_chart(items: list, *, label: str, unit: str = "", width: int = 640) -> str:
    """Horizontal bars: ``items`` are (label, value) pairs, largest first."""
    if not items:
        return _svg(width, 24, ['<text x="0" y="16" fill="#718096">none</text>'], label)
    row, gap = 20, 6
    left = min(max(_text_width(str(name)) for name, _ in items), width // 2)
    top = max(value for _, value in items) or 1
    room = width - left - 90
    body = []
    for i, (name, value) in enumerate(items):
        y = i * (row + gap)
        bar = max(int(room * value / top), 1 if value else 0)
        shown = str(name) if _text_width(str(name)) <= left else str(name)[: left // 7 - 1] + "…"
        body.append(
            f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">{escape(shown)}</text>'
            f'<rect x="{left}" y="{y}" width="{bar}" height="{row}" fill="{PALETTE[0]}"/>'
            f'<text x="{left + bar + 6}" y="{y + 14}">{escape(_fmt(value))}{escape(unit)}</text>'
        )
    return _svg(width, len(items) * (row + gap), body, label)


def stacked_bar(segments: list, *, label: str, width: int = 640) -> str:
    """One bar split into ``segments`` (label, value, color) with a legend below it."""
    total = sum(value for _, value, _ in segments) or 1
    body, x = [], 0.0
    for name, value, color in segments:
        w = width * value / total
        if w > 0:
            body.append(
                f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="28" fill="{color}">'
                f"<title>{escape(str(name))}: {escape(_fmt(value))}</title></rect>"
            )
        x += w
    lx = 0
    for name, value, color in segments:
        text = f"{name} {_fmt(value)}"
        body.append(
            f'<rect x="{lx}" y="40" width="12" height="12" fill="{color}"/>'
            f'<text x="{lx + 16}" y="50">{escape(text)}</text>'
        )
        lx += _text_width(text) + 30
    return _svg(max(width, lx), 60, body, label)


def column_chart(points: list, *, label: str, width: int = 640, height: int = 180) -> str:
    """Vertical columns: ``points`` are (x label, value) pairs in order."""
    if not points:
        return _svg(width, 24, ['<text x="0" y="16" fill="#718096">none</text>'], label)
    base, top_pad = height - 30, 18
    top = max(value for _, value in points) or 1
    step = width / len(points)
    bar = max(min(step * 0.7, 60), 2)
    body = [f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" stroke="#a0aec0"/>']
    for i, (name, value) in enumerate(points):
        h = (base - top_pad) * value / top
        x = i * step + (step - bar) / 2
        body.append(
            f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
            f'fill="{PALETTE[0]}"><title>{escape(str(name))}: {escape(_fmt(value))}</title></rect>'
            f'<text x="{x + bar / 2:.1f}" y="{base - h - 4:.1f}" text-anchor="middle">'
            f"{escape(_fmt(value))}</text>"
        )
        if len(points) <= 16 or i % (len(points) // 8 + 1) == 0:
            body.append(
                f'<text x="{x + bar / 2:.1f}" y="{base + 16}" text-anchor="middle">'
                f"{escape(str(name))}</text>"
            )
    return _svg(width, height, body, label)


def line_chart(series: list, xs: list, *, label: str, width: int = 640, height: int = 180) -> str:
    """Lines of percentages: ``series`` are (name, [value per x]) pairs, ``xs`` the x labels."""
    if not xs:
        return _svg(width, 24, ['<text x="0" y="16" fill="#718096">none</text>'], label)
    left, base, top_pad = 40, height - 46, 10
    top = max([v for _, values in series for v in values] + [1.0])
    step = (width - left - 10) / max(len(xs) - 1, 1)
    body = [
        f'<line x1="{left}" y1="{base}" x2="{width}" y2="{base}" stroke="#a0aec0"/>',
        f'<text x="{left - 4}" y="{top_pad + 4}" text-anchor="end">{top:.0f}%</text>',
        f'<text x="{left - 4}" y="{base}" text-anchor="end">0%</text>',
    ]
    for k, (name, values) in enumerate(series):
        color = PALETTE[(k + 1) % len(PALETTE)]
        pts = [(left + i * step, base - (base - top_pad) * v / top) for i, v in enumerate(values)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
        body.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        for (x, y), v in zip(pts, values):
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{color}">'
                f"<title>{escape(str(name))}: {v:.1f}%</title></circle>"
            )
        body.append(
            f'<rect x="{left + k * 160}" y="{height - 14}" width="12" height="12" fill="{color}"/>'
            f'<text x="{left + k * 160 + 16}" y="{height - 4}">{escape(str(name))}</text>'
        )
    for i, name in enumerate(xs):
        if len(xs) <= 10 or i % (len(xs) // 6 + 1) == 0:
            body.append(
                f'<text x="{left + i * step:.1f}" y="{base + 16}" text-anchor="middle">'
                f"{escape(str(name))}</text>"
            )
    return _svg(width, height, body, label)
