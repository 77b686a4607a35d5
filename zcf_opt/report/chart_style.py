"""The one chart design of zcf-opt: palette, fonts, layout, legend and the PNG/SVG files.

Every chart (the proposal's, the comparison's and the sweep's cost curve and MACC) is made
with :func:`new_figure`, gets its legend from :func:`legend_below` and is written by
:func:`save`, under the settings of :func:`rc`. Figures are drawn on matplotlib's Agg canvas
directly (no pyplot), so the charts need no display and leave the caller's state alone.

Nothing may be clipped: :func:`legend_below` lays the legend out in as many columns as fit the
figure's width, long notes are wrapped to it (:func:`wrap`), and :func:`clipped_texts` lists
any text that still falls outside the figure (the tests require none, in both languages).
"""

from __future__ import annotations

import io
import re
import textwrap
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure, SubFigure
from matplotlib.text import Text as TextArtist
from matplotlib.ticker import FuncFormatter

#: colours of levers, flows and marks, shared by every chart
COLORS = {
    "pv": "#e9b10a",
    "battery": "#2a9d8f",
    "grid": "#8d99ae",
    "motors": "#457b9d",
    "waste_heat": "#e76f51",
    "efficiency": "#5e60ce",
    "heat": "#d62828",
    "supply_chain": "#9c6644",
    "green_power": "#90be6d",
    "gec": "#43aa8b",
    "certificates": "#43aa8b",
    "offsets": "#b5838d",
    "removals": "#6d597a",
    "scope1": "#e76f51",
    "scope2": "#8d99ae",
    "scope3": "#d6c6b9",
    "capex": "#264653",
    "opex": "#2a9d8f",
    "gas": "#f4a261",
    "market": "#90be6d",
    "export": "#e9b10a",
    "line": "#1d3557",
    "target": "#d62828",
    "type_I": "#457b9d",
    "type_II": "#2a9d8f",
    "muted": "#555555",
    "other": "#999999",
}

#: a series' colour when none is set for it
FALLBACK_COLOR = COLORS["other"]

#: figure size of a one-panel chart [in] and the PNG resolution [dot/in]
SIZE = (8.0, 4.2)
PNG_DPI = 150

TITLE_SIZE = 12
LABEL_SIZE = 9
SMALL_SIZE = 8
NOTE_SIZE = 7


def rc(family: str | None = None) -> dict[str, object]:
    """matplotlib settings of every chart; ``family`` is a CJK font family or None."""
    families = [family, "DejaVu Sans"] if family else ["DejaVu Sans"]
    return {
        "font.family": families,
        "font.size": LABEL_SIZE,
        "axes.unicode_minus": False,
        "axes.titlesize": TITLE_SIZE,
        "axes.labelsize": LABEL_SIZE,
        "xtick.labelsize": SMALL_SIZE,
        "ytick.labelsize": SMALL_SIZE,
        "hatch.linewidth": 0.6,
        "svg.fonttype": "path",
        "svg.hashsalt": "zcf-opt-report",
    }


def new_figure(
    title: str,
    size: tuple[float, float] = SIZE,
    rows: int = 1,
    height_ratios: list[float] | None = None,
    note: str | None = None,
) -> tuple[Figure, list[Axes]]:
    """A figure with ``rows`` panels sharing the x axis, the title on the first panel.

    ``note`` (sources, definitions, a key) is wrapped under the plot and its legend; the
    figure grows by the note's height, so the plot keeps its size.
    """
    figure = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(figure)
    plot: Figure | SubFigure = figure
    if note:
        note = wrap(note, size[0])
        note_height = (note.count("\n") + 1) * NOTE_SIZE * 1.4 / 72 + 0.08  # [in]
        figure.set_figheight(size[1] + note_height)
        plot, footer = figure.subfigures(2, 1, height_ratios=[size[1], note_height])
        footer.text(0.01, 0.98, note, ha="left", va="top", fontsize=NOTE_SIZE, color=COLORS["muted"])
    axes = plot.subplots(rows, 1, sharex=rows > 1, height_ratios=height_ratios, squeeze=False)[:, 0]
    for panel in axes:
        panel.grid(axis="y", color="#dddddd", linewidth=0.6)
        panel.set_axisbelow(True)
        for side in ("top", "right"):
            panel.spines[side].set_visible(False)
    wrapped = wrap(title, size[0] * 0.95, TITLE_SIZE * 1.15)
    axes[0].set_title(wrapped, loc="left", fontsize=TITLE_SIZE, fontweight="bold")
    return figure, list(axes)


def thousands(axis: Axes, which: str = "y") -> None:
    """Tick labels with thousands separators."""
    formatter = FuncFormatter(lambda v, _pos: f"{v:,.0f}")
    (axis.yaxis if which == "y" else axis.xaxis).set_major_formatter(formatter)


def legend_below(figure: Figure, handles: list | None = None, labels: list[str] | None = None) -> None:
    """One legend for the whole figure, below the plot, in as many columns as fit its width.

    Without ``handles``, the legend gathers the labelled artists of every axes.
    """
    if handles is None:
        handles, labels = [], []
        for axes in figure.axes:
            more, names = axes.get_legend_handles_labels()
            handles += more
            labels += names
    if not handles:
        return
    labels = labels if labels is not None else [h.get_label() for h in handles]
    plot = figure.subfigs[0] if figure.subfigs else figure  # above a note, if any
    width = figure.get_window_extent().width
    for ncols in range(min(len(handles), 4), 0, -1):
        legend = plot.legend(
            handles, labels, loc="outside lower center", ncols=ncols, fontsize=SMALL_SIZE, frameon=False
        )
        figure.canvas.draw()
        if legend.get_window_extent().width <= width - 4 or ncols == 1:
            return
        legend.remove()


def text_width(text: str) -> int:
    """Width of ``text`` in columns: two for a CJK (wide) character, one for others."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def wrap(text: str, figure_width_in: float, font_size: float = NOTE_SIZE) -> str:
    """``text`` broken into lines that fit a figure ``figure_width_in`` wide at ``font_size``."""
    columns = max(20, int(figure_width_in * 72 / (font_size * 0.62)))
    lines = []
    for paragraph in text.split("\n"):
        if text_width(paragraph) == len(paragraph):
            lines += textwrap.wrap(paragraph, columns) or [""]
            continue
        line, used = "", 0
        # break between wide characters, or at a space: never inside a word or a name
        for token in re.findall(r"[^\s\u2e80-\uffef]+|\s|.", paragraph):
            step = text_width(token)
            if used + step > columns and line.strip():
                lines.append(line.rstrip())
                line, used = "", 0
                if token.isspace():
                    continue
            line, used = line + token, used + step
        lines.append(line.rstrip())
    return "\n".join(lines)


def _undrawn_tick_labels(figure: Figure) -> set[int]:
    """Ids of tick labels outside their axis' view interval (matplotlib does not draw them)."""
    undrawn: set[int] = set()
    for axes in figure.axes:
        for axis in (axes.xaxis, axes.yaxis):
            low, high = sorted(axis.get_view_interval())
            margin = 1e-9 * max(1.0, abs(high - low))
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not low - margin <= tick.get_loc() <= high + margin:
                    undrawn |= {id(tick.label1), id(tick.label2)}
    return undrawn


def visible_texts(figure: Figure) -> list[TextArtist]:
    """Every text ``figure`` draws (titles, labels, ticks, legends, notes), non-empty."""
    figure.canvas.draw()
    undrawn = _undrawn_tick_labels(figure)
    return [
        artist
        for artist in figure.findobj(TextArtist)
        if artist.get_visible()
        and artist.get_text().strip()
        and artist.figure is not None
        and id(artist) not in undrawn
    ]


def clipped_texts(figure: Figure) -> list[str]:
    """Texts of ``figure`` that reach outside it (should be none)."""
    renderer = figure.canvas.get_renderer()
    box = figure.bbox
    clipped = []
    for artist in visible_texts(figure):
        extent = artist.get_window_extent(renderer)
        if (
            extent.x0 < box.x0 - 1
            or extent.x1 > box.x1 + 1
            or extent.y0 < box.y0 - 1
            or extent.y1 > box.y1 + 1
        ):
            clipped.append(artist.get_text())
    return clipped


@dataclass
class SavedChart:
    """A chart written to disk: its name, title, SVG text, both files and its visible texts."""

    name: str
    title: str
    svg: str
    png_path: Path
    svg_path: Path
    texts: list[str]


def save(figure: Figure, folder: Path, name: str) -> SavedChart:
    """Write ``<name>.png`` and ``<name>.svg`` (text as glyph outlines) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = [artist.get_text() for artist in visible_texts(figure)]
    png_path, svg_path = folder / f"{name}.png", folder / f"{name}.svg"
    figure.savefig(png_path, dpi=PNG_DPI, metadata={"Software": None})
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg_path.write_text(svg, encoding="utf-8")
    title = figure.axes[0].get_title(loc="left") if figure.axes else name
    return SavedChart(name, title, svg, png_path, svg_path, texts)
