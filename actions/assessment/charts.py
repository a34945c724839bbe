"""Results as pictures: a RIASEC radar of the six interest scores and bars of the skill scores.

Why server-side PNGs: every channel (web chat, Telegram) can show an image, while not every
channel can run a charting script. Each chart comes with a text alternative that states every
score in words, so a screen-reader user gets everything the picture shows.

The charts use matplotlib's ``Figure`` with the Agg canvas directly (no ``pyplot``): no display
is needed, and no global figure state is shared between concurrent actions. The size in pixels
is fixed (``data/assessment/charts.yml``), never cropped to the content, so a channel can rely
on it. Titles, labels, colours and alt-text templates are in that YAML too, the texts once per
language; pass the module loaded in the same language, so the scale names agree.
"""

from __future__ import annotations

import io
import math
import textwrap
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from actions.assessment.files import ASSESSMENT_DIR, DEFAULT_LANGUAGE, read_localised
from actions.assessment.questionnaire import RIASEC, Module
from actions.assessment.scoring import ModuleResult

#: The answer scale the charts draw; the axes always show all of it, so charts compare.
SCALE_MIN, SCALE_MAX = 1, 5


class Chart(NamedTuple):
    """A PNG and the text that says the same for someone who cannot see it."""

    png: bytes
    alt_text: str


def load_chart_texts(path: Path = ASSESSMENT_DIR / "charts.yml", language: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """The chart labels in ``language``, colours and sizes (see data/assessment/charts.yml)."""
    return read_localised(path, language)


@cache
def chart_texts(language: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """The repository's chart texts in ``language``, read once per process and language."""
    return load_chart_texts(language=language)


def _figure(texts: dict[str, Any]) -> Figure:
    size = texts["size"]
    dpi = int(size["dpi"])
    figure = Figure(figsize=(size["width_px"] / dpi, size["height_px"] / dpi), dpi=dpi)
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Figure, texts: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    # No "Software" entry: the same scores give the same bytes, whatever the matplotlib build.
    figure.savefig(buffer, format="png", dpi=int(texts["size"]["dpi"]), metadata={"Software": None})
    return buffer.getvalue()


def interest_chart(
    module: Module, result: ModuleResult, texts: dict[str, Any] | None = None, language: str = DEFAULT_LANGUAGE
) -> Chart:
    """A hexagonal radar of the six Holland types, in hexagon order, clockwise from the top.

    A type without a score (too many skips) is drawn at the centre and labelled as such.
    """
    texts = texts or chart_texts(language)
    spec = texts["interests"]
    names = {letter: module.scale(letter).title for letter in RIASEC}
    means = result.means()
    values = [means.get(letter) for letter in RIASEC]
    figure = _figure(texts)
    axes = figure.add_subplot(projection="polar")
    axes.set_theta_offset(math.pi / 2)
    axes.set_theta_direction(-1)
    angles = [2 * math.pi * i / len(RIASEC) for i in range(len(RIASEC))]
    radii = [value if value is not None else 0.0 for value in values]
    axes.plot([*angles, angles[0]], [*radii, radii[0]], color=spec["line_colour"], linewidth=3)
    axes.fill([*angles, angles[0]], [*radii, radii[0]], color=spec["line_colour"], alpha=spec["fill_opacity"])
    axes.scatter(angles, radii, color=spec["line_colour"], s=60, zorder=3)
    axes.set_ylim(0, SCALE_MAX)
    axes.set_yticks(range(SCALE_MIN, SCALE_MAX + 1))
    axes.set_yticklabels([str(v) for v in range(SCALE_MIN, SCALE_MAX + 1)], color=texts["grid_colour"])
    axes.set_xticks(angles)
    labels = [
        spec["point_label"].format(name=names[letter], score=value)
        if value is not None
        else spec["missing_label"].format(name=names[letter])
        for letter, value in zip(RIASEC, values, strict=True)
    ]
    axes.set_xticklabels(labels, fontsize=texts["font_size"], color=texts["text_colour"])
    axes.tick_params(axis="x", pad=22)
    axes.grid(color=texts["grid_colour"], linewidth=0.8)
    axes.spines["polar"].set_color(texts["grid_colour"])
    figure.suptitle(spec["title"], fontsize=texts["font_size"] + 2, color=texts["text_colour"])
    figure.subplots_adjust(left=0.2, right=0.8, top=0.78, bottom=0.12)
    parts = [
        spec["alt_score"].format(name=names[letter], score=value)
        if value is not None
        else spec["alt_missing"].format(name=names[letter])
        for letter, value in zip(RIASEC, values, strict=True)
    ]
    alt_text = spec["alt_text"].format(scores=spec["alt_separator"].join(parts))
    return Chart(_png(figure, texts), alt_text)


def skills_chart(
    module: Module, result: ModuleResult, texts: dict[str, Any] | None = None, language: str = DEFAULT_LANGUAGE
) -> Chart:
    """Horizontal bars of a skills module's scores (CMS themes; digital block and areas), 1 to 5.

    Each bar has the colour of its band and says the score and the band in words.
    """
    texts = texts or chart_texts(language)
    spec = texts["skills"]
    scales = (*module.scales, *module.areas)
    scores = [result.score(scale.id) for scale in scales]
    figure = _figure(texts)
    axes = figure.add_subplot()
    positions = list(range(len(scales)))[::-1]  # first scale at the top
    widths = [(score.mean - SCALE_MIN) if score.mean is not None else 0.0 for score in scores]
    colours = [spec["band_colours"].get(score.band, texts["grid_colour"]) for score in scores]
    axes.barh(positions, widths, left=SCALE_MIN, color=colours, height=0.6)
    for position, score in zip(positions, scores, strict=True):
        if score.mean is None:
            label, x = spec["missing_label"], SCALE_MIN + 0.05
        else:
            band = spec["band_labels"].get(score.band, score.band)
            label, x = spec["bar_label"].format(score=score.mean, band=band), score.mean + 0.05
        axes.text(x, position, label, va="center", fontsize=texts["font_size"] - 2, color=texts["text_colour"])
    axes.set_yticks(positions)
    # Wrapped, so long area names ("Communication and collaboration") fit beside the bars.
    names = [textwrap.fill(scale.title, int(spec["label_wrap_chars"])) for scale in scales]
    axes.set_yticklabels(names, fontsize=texts["font_size"], color=texts["text_colour"])
    # Room on the right for the longest "4.5 strength" label after a full bar.
    axes.set_xlim(SCALE_MIN, SCALE_MAX + 1.6)
    axes.set_xticks(range(SCALE_MIN, SCALE_MAX + 1))
    axes.tick_params(axis="x", labelsize=texts["font_size"] - 2, colors=texts["text_colour"])
    axes.grid(axis="x", color=texts["grid_colour"], linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.suptitle(spec["titles"][module.id], fontsize=texts["font_size"] + 2, color=texts["text_colour"])
    figure.subplots_adjust(left=0.33, right=0.97, top=0.9, bottom=0.08)
    parts = [
        spec["alt_score"].format(name=scale.title, score=score.mean, band=spec["band_labels"].get(score.band))
        if score.mean is not None
        else spec["alt_missing"].format(name=scale.title)
        for scale, score in zip(scales, scores, strict=True)
    ]
    alt_text = spec["alt_text"].format(what=spec["alt_what"][module.id], scores=spec["alt_separator"].join(parts))
    return Chart(_png(figure, texts), alt_text)


def module_chart(module: Module, result: ModuleResult, language: str = DEFAULT_LANGUAGE) -> Chart:
    """The chart that fits the module: the radar for interests, bars for the skills modules."""
    if module.id == "interests":
        return interest_chart(module, result, language=language)
    return skills_chart(module, result, language=language)
