"""Figures of the report: one function per figure, each drawing the result tables it is given.

Plotting draws; it never computes. Every figure function takes the tables the analyses return
(a word list from ``frequencies``, a keyness table, a collocation table, the mentions and usage
tables of ``loanwords``) and returns a :class:`Plot`: the matplotlib figure, the table behind
it (saved as CSV next to the figure), a Markdown caption and the signature of the data. Each
figure's title is the question it answers. In a notebook a :class:`Plot` displays as its PNG;
``plot.save(out_dir)`` writes ``figures/<name>.png``, ``figures/<name>.svg`` and
``tables/<name>.csv``. Which nodes, measures and top-k the report uses is the notebooks'
business (``notebooks/report_config.py``), not this package's.

Modules: :mod:`~corpus_tools.plotting.style` (fonts, palette, rcParams),
:mod:`~corpus_tools.plotting.bidi` (right-to-left labels, display forms),
:mod:`~corpus_tools.plotting.figure` (the Plot record and shared drawing helpers), and one module
per topic: :mod:`~corpus_tools.plotting.frequency`, :mod:`~corpus_tools.plotting.collocations`,
:mod:`~corpus_tools.plotting.loanwords`.
"""

from corpus_tools.plotting.bidi import bidi_label, display_forms, show_term, signature_label
from corpus_tools.plotting.collocations import (
    MEASURE_LABELS,
    collocates,
    collocation_graph,
    measure_comparison,
)
from corpus_tools.plotting.figure import Plot
from corpus_tools.plotting.frequency import (
    corpus_overview,
    frequency_dispersion,
    keyness_by_document,
    ngram_lists,
    word_list,
)
from corpus_tools.plotting.loanwords import (
    brand_clitics,
    brand_dispersion,
    brand_frames,
    brand_scripts,
    script_by_document,
    spelling_variants,
)
from corpus_tools.plotting.style import (
    FONT_FAMILY,
    OKABE_ITO,
    SCRIPT_COLORS,
    figure_style,
    font_path,
    register_fonts,
    style,
)

__all__ = [
    "FONT_FAMILY",
    "MEASURE_LABELS",
    "OKABE_ITO",
    "SCRIPT_COLORS",
    "Plot",
    "bidi_label",
    "brand_clitics",
    "brand_dispersion",
    "brand_frames",
    "brand_scripts",
    "collocates",
    "collocation_graph",
    "corpus_overview",
    "display_forms",
    "figure_style",
    "font_path",
    "frequency_dispersion",
    "keyness_by_document",
    "measure_comparison",
    "ngram_lists",
    "register_fonts",
    "script_by_document",
    "show_term",
    "signature_label",
    "spelling_variants",
    "style",
    "word_list",
]
