"""Inline SVG charts drawn on the server (no JavaScript, nothing fetched from elsewhere)."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40


def capacity_chart(points: Sequence[tuple[int, float, float]], title: str) -> Markup:
    """Capacity after each answer with its ±error band: ``(answer number, capacity, error)``."""
    if not points:
        return Markup('<p class="muted">No answer, so no capacity estimate.</p>')
    low = min(c - e for _, c, e in points)
    high = max(c + e for _, c, e in points)
    low, high = (low - 0.5, high + 0.5) if high - low > 0 else (low - 1, high + 1)
    last = max(n for n, _, _ in points)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(n: float) -> float:
        return LEFT + (n - 1) / max(last - 1, 1) * plot_w

    def y(v: float) -> float:
        return TOP + (high - v) / (high - low) * plot_h

    upper = [f"{x(n):.1f},{y(c + e):.1f}" for n, c, e in points]
    lower = [f"{x(n):.1f},{y(c - e):.1f}" for n, c, e in reversed(points)]
    line = " ".join(f"{x(n):.1f},{y(c):.1f}" for n, c, _ in points)
    dots = "".join(
        f'<circle cx="{x(n):.1f}" cy="{y(c):.1f}" r="3"><title>answer {n}: '
        f"{c:.2f} ± {e:.2f}</title></circle>"
        for n, c, e in points
    )
    ticks_y = "".join(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
        f'class="grid"/><text x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v:g}</text>'
        for v in _ticks(low, high)
    )
    ticks_x = "".join(
        f'<text x="{x(n):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{n}</text>'
        for n in range(1, last + 1)
        if n == 1 or n % 4 == 0 or n == last
    )
    label = escape(title)
    return Markup(
        f'<svg role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" class="chart" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="chart-title">{label}</title>'
        f'<desc id="chart-desc">Capacity estimate after each of the {len(points)} answers, '
        f"with its error band; the table below lists the same values.</desc>"
        "<style>.grid{stroke:#d0d7de;stroke-width:1}.band{fill:#0b5cad;fill-opacity:.15}"
        ".line{fill:none;stroke:#0b5cad;stroke-width:2}circle{fill:#0b5cad}"
        "text{font:12px system-ui,sans-serif;fill:#57606a}</style>"
        f"{ticks_y}"
        f'<polygon class="band" points="{" ".join(upper + lower)}"/>'
        f'<polyline class="line" points="{line}"/>{dots}{ticks_x}'
        f'<text x="{LEFT + plot_w / 2:.0f}" y="{HEIGHT - 6}" text-anchor="middle">answer</text>'
        "</svg>"
    )


def _ticks(low: float, high: float) -> list[float]:
    step = 0.5 if high - low <= 4 else 1.0 if high - low <= 8 else 2.0
    start = step * (int(low / step) + (1 if low > 0 else 0))
    ticks, v = [], start
    while v <= high:
        ticks.append(round(v, 2))
        v += step
    return ticks
