"""Charts as inline SVG, drawn on the server: no CDN, no JavaScript, identical on screen, in print and in PDF.

Hand-built rather than Vega-Lite through vl-convert (ADR 0090): each chart is a few dozen SVG elements, costs
well under a millisecond, carries its numbers as text (readable in black and white print), and has a
<title>/<desc> for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

# Colour-blind-safe palette (Okabe–Ito), dark enough to print in grey.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9")
FONT = "font-family:'Times New Roman',Times,serif"


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    text: str  # the value as shown, e.g. "1.234 người" or "12,3 tỷ đ"
    href: str = ""


def short_vnd(amount: int) -> str:
    """1_234_500_000 → "1,23 tỷ đ"; 12_500_000 → "12,5 triệu đ"."""
    if abs(amount) >= 1_000_000_000:
        return f"{amount / 1e9:.2f}".replace(".", ",") + " tỷ đ"
    if abs(amount) >= 1_000_000:
        return f"{amount / 1e6:.1f}".replace(".", ",") + " triệu đ"
    return f"{amount:,}".replace(",", ".") + " đ"


def number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> SafeString:
    # Every text inside was escaped by the callers through html.escape.
    return mark_safe(  # noqa: S308
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="t" style="max-width:{width}px;{FONT}">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>{''.join(body)}</svg>"
    )


def _fit(label: str, label_width: int) -> str:
    """Cut a label to what fits left of the bars (≈ 7.6 units a character at 12.5 px, serif fallback fonts)."""
    limit = max(8, int(label_width / 7.6))
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def hbar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    color: str = PALETTE[0],
    label_width: int = 250,
    width: int = 640,
    colors: Sequence[str] = (),
) -> SafeString:
    """Horizontal bars, one per item, the value printed after each bar; items may link (drill-down)."""
    row_h, top = 26, 6
    height = top + row_h * max(len(bars), 1) + 6
    biggest = max((b.value for b in bars), default=0) or 1
    plot = width - label_width - 120
    body = []
    if not bars:
        body.append(f'<text x="8" y="20" font-size="13" fill="#555">{escape("Chưa có số liệu")}</text>')
    for i, bar in enumerate(bars):
        y = top + i * row_h
        w = max(1.0, plot * bar.value / biggest) if bar.value else 0
        fill = colors[i % len(colors)] if colors else color
        item = (
            f'<text x="{label_width - 6}" y="{y + 17}" font-size="12.5" text-anchor="end" fill="#222">'
            f"{escape(_fit(bar.label, label_width))}</text>"
            f'<rect x="{label_width}" y="{y + 4}" width="{w:.1f}" height="{row_h - 9}" fill="{fill}"/>'
            f'<text x="{label_width + w + 5:.1f}" y="{y + 17}" font-size="12.5" fill="#222">{escape(bar.text)}</text>'
        )
        if bar.href:
            item = f'<a href="{escape(bar.href)}"><title>{escape(bar.label)}: {escape(bar.text)}</title>{item}</a>'
        body.append(item)
    desc = "; ".join(f"{b.label}: {b.text}" for b in bars)
    return _svg(width, height, title, desc, body)


def funnel_chart(steps: Sequence[Bar], *, title: str, width: int = 640) -> SafeString:
    """The funnel submitted → confirmed: one bar per stage from the same baseline, with its count and its
    share of the first stage printed after the bar (dark text on white: legible in grey print)."""
    first = steps[0].value if steps and steps[0].value else 0
    shown = [
        Bar(s.label, s.value, f"{s.text} ({100 * s.value / first:.0f}%)" if first else s.text, s.href)
        for s in steps
    ]
    return hbar_chart(shown, title=title, label_width=170, width=width, colors=PALETTE)


def column_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    *,
    title: str,
    value_format=short_vnd,
    width: int = 640,
    height: int = 240,
) -> SafeString:
    """Grouped columns over time (e.g. approved and paid amounts per month), with a legend."""
    left, bottom, top = 8, 36, 34
    n = max(len(labels), 1)
    group_w = (width - left - 8) / n
    col_w = max(4.0, min(34.0, (group_w - 10) / max(len(series), 1)))
    biggest = max((v for _name, values in series for v in values), default=0) or 1
    plot_h = height - bottom - top
    body = []
    for s, (name, _values) in enumerate(series):
        x = left + s * 170
        body.append(
            f'<rect x="{x}" y="6" width="12" height="12" fill="{PALETTE[s % len(PALETTE)]}"/>'
            f'<text x="{x + 16}" y="16" font-size="12.5" fill="#222">{escape(name)}</text>'
        )
    body.append(
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 4}" y2="{height - bottom}" stroke="#444"/>'
    )
    for i, label in enumerate(labels):
        gx = left + i * group_w + (group_w - col_w * len(series)) / 2
        for s, (_name, values) in enumerate(series):
            value = values[i] if i < len(values) else 0
            h = plot_h * value / biggest
            x = gx + s * col_w
            body.append(
                f'<rect x="{x:.1f}" y="{height - bottom - h:.1f}" width="{col_w - 2:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[s % len(PALETTE)]}"><title>{escape(label)} · {escape(value_format(value))}</title></rect>'
            )
        body.append(
            f'<text x="{left + i * group_w + group_w / 2:.1f}" y="{height - bottom + 16}" font-size="12" '
            f'text-anchor="middle" fill="#222">{escape(label)}</text>'
        )
    if not labels:
        body.append(f'<text x="8" y="{top + 20}" font-size="13" fill="#555">Chưa có số liệu</text>')
    desc = "; ".join(
        f"{label}: " + ", ".join(f"{name} {value_format(values[i])}" for name, values in series)
        for i, label in enumerate(labels)
    )
    return _svg(width, height, title, desc, body)
