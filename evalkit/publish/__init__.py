"""The publishing layer: the report runner, disclosure control, display of tables and figures, texts.

- :mod:`~evalkit.publish.runner`: render a study notebook with papermill into ``reports/<run>/``
  (HTML without code, executed notebook, index page, provenance), atomically;
- :mod:`~evalkit.publish.pages`: the HTML pages of a run (reports with their provenance footer, index
  pages), rendered from the run's provenance;
- :mod:`~evalkit.publish.sdc`: disclosure control over everything a run publishes (policy, ledger, linked
  protection, release of tables, curves and histograms, the output checker);
- :mod:`~evalkit.publish.display`: tables and markdown in a notebook, in the report's language;
- :mod:`~evalkit.publish.labels`: column headers, variable headings and category labels in Dutch and English,
  and ``CATALOGUE``, the words all reports share (``evalkit/publish/texts/<language>.yaml``).

Layer rule: used by the studies; imports only :mod:`evalkit.errors`, :mod:`evalkit.texts`,
:mod:`evalkit.registry` and :mod:`evalkit.stats` — never a study.
"""
