"""The HTML pages of a run: each study's report (the executed notebook without code, with a footer
stating its provenance), the run's index page, and the list of all runs in the output folder.

:mod:`~evalkit.publish.runner` executes the notebooks and records the provenance (a plain dict, also
written as ``provenance.json``); this module renders it. The words of the pages are in
``evalkit/publish/texts/<language>.yaml`` (the table ``page``, the study titles ``studies``, the
statement ``disclosure.run.*`` and the figures' alternative text ``page.figure_alt``).
"""
from __future__ import annotations

import copy
import html
import json
import logging
import os
import re
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from evalkit import formats
from evalkit.publish.sdc.policy import USUAL_MIN_CELL_SIZE as MIN_CELL_SIZE
from evalkit.publish.findings import anchor
from evalkit.publish.labels import CATALOGUE
from evalkit.texts import fill

#: Tag of the notebooks' markdown cells written for the researcher; the committee report leaves them out.
RESEARCHER_TAG = "researcher"


# ------------------------------------------------------------------------------------- report pages


_REPORT_CSS = """
main { max-width: 62rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
.jp-Cell-inputWrapper .jp-InputArea:empty { display: none; }
table.evalkit-table, .jp-RenderedHTMLCommon table.dataframe {
  border-collapse: collapse; margin: 0.5rem 0; font-size: 0.9rem; font-variant-numeric: tabular-nums;
}
table.evalkit-table caption { caption-side: top; text-align: left; font-weight: 600; padding: 0.3rem 0; }
table.evalkit-table th, table.evalkit-table td,
.jp-RenderedHTMLCommon table.dataframe th, .jp-RenderedHTMLCommon table.dataframe td {
  padding: 0.25rem 0.7rem; border-bottom: 1px solid #ddd; text-align: right;
}
table.evalkit-table th { border-bottom: 2px solid #555; background: #f5f5f5; }
table.evalkit-table tbody tr:nth-child(even) { background: #fafafa; }
table.evalkit-table td:first-child, table.evalkit-table th:first-child { text-align: left; }
p.evalkit-note { font-size: 0.85rem; color: #444; margin-top: 0.2rem; max-width: 50rem; }
div.evalkit-unavailable { border-left: 4px solid #b8860b; background: #fdf8ec; padding: 0.4rem 0.9rem; margin: 0.8rem 0; max-width: 50rem; }
p.evalkit-unavailable-title { font-weight: 600; margin: 0.2rem 0; }
.evalkit-provenance { margin-top: 3rem; padding-top: 1rem; border-top: 1px solid #ccc;
  font-size: 0.85rem; color: #333; }
.evalkit-provenance table { border-collapse: collapse; margin: 0.3rem 0 0.8rem; }
.evalkit-provenance th, .evalkit-provenance td { text-align: left; padding: 0.15rem 0.8rem 0.15rem 0;
  vertical-align: top; }
.evalkit-provenance code { font-size: 0.8rem; word-break: break-all; }
/* Figures scale with the window; wide tables scroll inside their block instead of being cut. */
.jp-RenderedSVG img, .jp-RenderedImage img, .jp-OutputArea-output img { max-width: 100%; height: auto; }
.jp-OutputArea-output { overflow-x: auto; }
.jp-RenderedHTMLCommon table.evalkit-table td { white-space: nowrap; }
.jp-RenderedHTMLCommon table.evalkit-table .evalkit-text, table.evalkit-table .evalkit-text {
  text-align: left; white-space: normal; min-width: 8rem; }
section.evalkit-findings { border: 1px solid #c9d7e3; background: #f4f8fb; padding: 0.6rem 1.2rem 0.8rem;
  margin: 0.8rem 0 1.4rem; border-radius: 4px; }
section.evalkit-findings ol li { margin: 0.35rem 0; }
section.evalkit-findings a.evalkit-see { font-size: 0.85rem; white-space: nowrap; }
dl.evalkit-glossary dt { font-weight: 600; margin-top: 0.5rem; }
dl.evalkit-glossary dd { margin-left: 1.2rem; }
@media print {
  body, .jp-Notebook, .jp-Cell, .jp-OutputArea-output { overflow: visible !important; }
  main { max-width: none; padding: 0; }
  .jp-OutputArea-output { overflow-x: visible; }
  .jp-RenderedHTMLCommon table.evalkit-table, table.evalkit-table { font-size: 8pt; max-width: 100%; }
  .jp-RenderedHTMLCommon table.evalkit-table td, table.evalkit-table td { white-space: normal; }
  .jp-RenderedHTMLCommon table.evalkit-table th, table.evalkit-table th { white-space: normal;
    overflow-wrap: break-word; hyphens: auto; }
  table.evalkit-table th, table.evalkit-table td { padding: 0.1rem 0.35rem; }
  tr, img, .jp-RenderedSVG, section.evalkit-findings li { break-inside: avoid; }
  thead { display: table-header-group; }
  h1, h2, h3, h4 { break-after: avoid; }
  .evalkit-appendix-start { break-before: page; }
  .evalkit-provenance { break-before: page; }
  a { color: inherit; text-decoration: none; }
}
"""

#: The page of the PDF (WeasyPrint): A4, a running header with the study and the run, page numbers.
_PRINT_PAGE_CSS = """
@page {{ size: A4; margin: 20mm 14mm 18mm 14mm;
  @top-left {{ content: "{header}"; font-size: 8pt; color: #555; }}
  @bottom-right {{ content: "{page} " counter(page) " {of} " counter(pages); font-size: 8pt; color: #555; }} }}
"""

_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block data_svg scoped -%}
<div class="jp-RenderedSVG jp-OutputArea-output {{ extra_class }}" data-mime-type="image/svg+xml">
<img alt="{{ output.metadata.get('image/svg+xml', {}).get('alt', '') | escape_html }}" src="data:image/svg+xml;base64,{{ output.data['image/svg+xml'] | text_base64 | escape_html }}">
</div>
{%- endblock data_svg -%}
{%- block extra_css -%}<style type="text/css">{{ resources.evalkit_css }}</style>{%- endblock extra_css -%}
{%- block body_footer -%}
{{ resources.evalkit_footer }}
</main>
</body>
{%- endblock body_footer -%}
"""


def disclosure_statement(sizes: Sequence[int], language: str) -> str:
    """The disclosure rule of a run, for its index page, the reports' footers and ``provenance.json``.

    Examples
    --------
    >>> disclosure_statement([10], "en")[:38]
    'No count below 10 (min_cell_size), and'
    """
    sizes = sorted(set(sizes))
    if not sizes:
        return CATALOGUE.text("disclosure.run.none", language)
    text = CATALOGUE.text("disclosure.run.rule", language, n=" / ".join(str(s) for s in sizes))
    if min(sizes) < MIN_CELL_SIZE:
        text += " " + CATALOGUE.text("disclosure.run.low_threshold", language, usual=MIN_CELL_SIZE)
    return text


def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _value_text(value: Any) -> str:
    """A parameter's value as a reader writes it: lists comma-separated, no value as a dash."""
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return ", ".join(_value_text(v) for v in value)
    if isinstance(value, bool):
        return str(value).lower()
    return json.dumps(value, ensure_ascii=False)


def _date_text(value: str, language: str) -> str:
    """A date of the provenance in words (a time of day, if any, kept as written)."""
    day, _, time_of_day = str(value).partition("T")
    if formats.as_date(day) is None:
        return str(value)
    return formats.date(day, language) + (f" {time_of_day}" if time_of_day else "")


def _data_block(data: dict[str, Any], L: dict[str, str], language: str) -> str:
    source = (_esc(L['synthetic'][:1].upper() + L['synthetic'][1:]) if data["source"] == "synthetic"
              else f"<code>{_esc(data['path'])}</code>")
    rows = [f"<tr><th>{L['source']}</th><td>{source}</td></tr>"]
    for name, date in data["extraction_dates"].items():
        rows.append(f"<tr><th>{L['extraction']} {_esc(name)}</th><td>{_esc(_date_text(date, language))}</td></tr>")
    files = "".join(f"<tr><td>{_esc(name)}</td><td><code>{_esc(digest)}</code></td></tr>"
                    for name, digest in data["file_hashes"].items())
    return (f"<table>{''.join(rows)}</table>"
            f"<h4>{L['files']}</h4><table>{files}</table>")


def _parameter_table(study: dict[str, Any], L: dict[str, str]) -> str:
    rows = "".join(
        f"<tr><td><code>{_esc(name)}</code></td><td>{_esc(_value_text(value))}</td>"
        f"<td>{L['set'] if name in study['parameters_set'] else L['default']}</td></tr>"
        for name, value in study["parameters"].items()
    )
    return (f"<table><thead><tr><th>{L['name']}</th><th>{L['value']}</th><th>{L['origin']}</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def _run_stamp(provenance: dict[str, Any]) -> str:
    # The only part of a study page that differs between two runs on the same data and parameters.
    started = provenance["started"]
    shown = f"{formats.date(started[:10], provenance.get('language', 'nl'))} {started[11:16]}"
    return f'<time class="evalkit-run-stamp" datetime="{_esc(started)}">{_esc(shown)}</time>'


def _study_footer(study: dict[str, Any], provenance: dict[str, Any], language: str) -> str:
    L = CATALOGUE.table("page", language)
    return f"""<footer class="evalkit-provenance">
<h2>{L['about']}</h2>
<p><a href="index.html">{L['back']}</a></p>
<table>
<tr><th>{L['study']}</th><td>{_esc(study['title'])} (<code>{_esc(study['notebook'])}</code>)</td></tr>
<tr><th>{L['time']}</th><td>{_run_stamp(provenance)}</td></tr>
<tr><th>{L['version']}</th><td>{_esc(provenance['evalkit_version'])}</td></tr>
</table>
<h3>{L['data']}</h3>
{_data_block(provenance['data'], L, language)}
<h3>{L['parameters']}</h3>
{_parameter_table(study, L)}
<h3>{L['disclosure']}</h3>
<p>{_esc(provenance['disclosure']['statement'])}</p>
</footer>"""


def _html_exporter(language: str):
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    # nbconvert warns on every figure without alternative text; that is noise for a report run.
    quiet = logging.getLogger("evalkit.publish.pages.nbconvert")
    quiet.setLevel(logging.ERROR)
    return HTMLExporter(
        log=quiet,
        template_name="lab",
        template_file="evalkit_report.html.j2",
        extra_loaders=[DictLoader({"evalkit_report.html.j2": _TEMPLATE})],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        embed_images=True,
        language_code=language,
    )


def _publishable(nb, language: str = "nl"):
    """A copy of an executed notebook without what a report reader must not see.

    Dropped: stderr streams (warnings, progress bars, log lines), papermill's parameter cells, the
    researcher's notes (markdown cells tagged ``researcher``: what a step does and which function and
    parameter it uses), cells tagged ``remove-cell`` and code cells left without output. Figures without alternative
    text get a short one in the report's language.
    """
    nb = copy.deepcopy(nb)
    skip_tags = {"parameters", "injected-parameters", RESEARCHER_TAG, "remove-cell", "remove_cell"}
    cells = []
    for cell in nb.cells:
        if skip_tags & set(cell.get("metadata", {}).get("tags", [])):
            continue
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs
                            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
            if not cell.outputs:
                continue  # without its code, a cell without output is an empty box
            for output in cell.outputs:
                for mime in ("image/png", "image/svg+xml", "image/jpeg"):
                    if mime in output.get("data", {}):
                        meta = output.setdefault("metadata", {}).setdefault(mime, {})
                        meta.setdefault("alt", CATALOGUE.text("page.figure_alt", language))
        cells.append(cell)
    nb.cells = cells
    return nb




def export_html(folder: Path, study: dict[str, Any], provenance: dict[str, Any], language: str) -> None:
    """Write a study's report: ``folder/<study["executed_notebook"]>`` as ``folder/<study["html"]>``.

    ``study`` is the study's entry in ``provenance["studies"]``.
    """
    import nbformat

    nb = nbformat.read(folder / study["executed_notebook"], as_version=4)
    resources = {
        "metadata": {"name": study["title"]},
        "evalkit_css": _REPORT_CSS,
        "evalkit_footer": _study_footer(study, provenance, language),
    }
    run_date = provenance["started"][:10]
    resources["evalkit_css"] += print_page_css(f"{study['title']} · {_run_label(run_date, language)}", language)
    body, _ = _html_exporter(language).from_notebook_node(_publishable(nb, language), resources=resources)
    (folder / study["html"]).write_text(with_heading_ids(body), encoding="utf-8")


def _run_label(run_date: str, language: str) -> str:
    return fill(CATALOGUE.table("brief", language)["run_date"], language, date=run_date)


def print_page_css(header: str, language: str) -> str:
    """The ``@page`` rules of a printed page: A4, ``header`` at the top, page numbers at the bottom."""
    L = CATALOGUE.table("brief", language)
    quoted = header.replace("\\", "\\\\").replace('"', '\\"')
    return _PRINT_PAGE_CSS.format(header=quoted, page=L["page"], of=L["of"])


_HEADING = re.compile(r"<h([1-4])((?:\s[^>]*)?)>(.*?)</h\1>", re.S)


def with_heading_ids(page: str) -> str:
    """``page`` with an ``id`` on every heading that has none (:func:`evalkit.publish.findings.anchor`
    of its text), so that a key finding can link to its section. A second heading of the same text
    gets ``-2``, and so on.

    Examples
    --------
    >>> print(with_heading_ids('<h2>Hoe lang?</h2><h2 id="x">B</h2><h2>Hoe lang?</h2>'))
    <h2 id="hoe-lang">Hoe lang?</h2><h2 id="x">B</h2><h2 id="hoe-lang-2">Hoe lang?</h2>
    """
    seen: dict[str, int] = {}

    def add(match: re.Match) -> str:
        level, attrs, inner = match.groups()
        if "id=" in attrs:
            return match.group(0)
        slug = anchor(html.unescape(re.sub(r"<[^>]+>", "", inner)))
        seen[slug] = seen.get(slug, 0) + 1
        if seen[slug] > 1:
            slug = f"{slug}-{seen[slug]}"
        return f'<h{level}{attrs} id="{slug}">{inner}</h{level}>'

    return _HEADING.sub(add, page)


# -------------------------------------------------------------------------------------- index pages


_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{title}</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #222;
  max-width: 62rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; line-height: 1.45; }}
table {{ border-collapse: collapse; margin: 0.4rem 0 1rem; }}
th, td {{ text-align: left; padding: 0.25rem 0.9rem 0.25rem 0; vertical-align: top;
  border-bottom: 1px solid #e3e3e3; }}
thead th {{ border-bottom: 2px solid #555; }}
code {{ font-size: 0.85rem; word-break: break-all; }}
.muted {{ color: #555; font-size: 0.9rem; }}
</style>
</head>
<body>
{body}
</body>
</html>
"""


def _disclosure_log(log: dict[str, Any] | None, L: dict[str, str]) -> str:
    """The disclosure log of a run as a table: per output its kind, status, hidden cells and checks."""
    if not log:
        return ""
    rows = "".join(
        f"<tr><td>{_esc(o['report'])}</td><td>{_esc(o['title'] or o['output'])}</td>"
        f"<td>{_esc(L.get('kind_' + o['kind'], o['kind']))}</td>"
        f"<td>{_esc(L.get('status_' + o['status'].replace(' ', '_'), o['status']))}</td>"
        f"<td>{o['suppressed']} / {o['cells']}</td><td>{_esc(', '.join(o['checks']))}</td></tr>"
        for o in log["outputs"]
    )
    linked = sum(len(p["hidden_across_reports"]) for p in log.get("linked_protection", []))
    return (f"<p>{L['linked']}: {linked}. <a href=\"disclosure/log.json\">{L['log']}</a> · "
            f"<a href=\"disclosure/tables/\">{L['released_tables']}</a></p>"
            f"<table><thead><tr><th>{L['report']}</th><th>{L['output']}</th><th>{L['kind']}</th>"
            f"<th>{L['status']}</th><th>{L['hidden']}</th><th>{L['checks']}</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def index_html(provenance: dict[str, Any], language: str, log: dict[str, Any] | None = None) -> str:
    """The index page of a run: its studies, data, parameters and disclosure log."""
    L = CATALOGUE.table("page", language)
    study_rows = "".join(
        f"<tr><td><a href=\"{_esc(s['html'])}\">{_esc(s['title'])}</a></td>"
        f"<td><a href=\"{_esc(s['executed_notebook'])}\">{_esc(s['executed_notebook'])}</a></td>"
        f"<td>{s['seconds']:.1f} s</td></tr>"
        for s in provenance["studies"]
    )
    parameters = "".join(
        f"<h4>{_esc(s['title'])} (<code>{_esc(s['study'])}</code>)</h4>{_parameter_table(s, L)}"
        for s in provenance["studies"]
    )
    B = CATALOGUE.table("brief", language)
    from evalkit.publish.brief import BRIEF, extraction_text, source_text

    holds = fill(B["landing_holds_text"], language, n=len(provenance["studies"]),
                 source=source_text(provenance, language), extraction=extraction_text(provenance, language),
                 run_date=provenance["started"][:10])
    brief_pdf = Path(BRIEF).with_suffix(".pdf").name
    reports = "".join(
        f"<li><a href=\"{_esc(s['html'])}\">{_esc(s['title'])}</a> "
        f"(<a href=\"{_esc(Path(s['html']).with_suffix('.pdf').name)}\">{B['pdf']}</a>)</li>"
        for s in provenance["studies"]
    )
    body = f"""<h1>{L['index_title']}</h1>
<p>{_esc(holds)}</p>
<h2>{B['landing_for']}</h2>
<p>{_esc(B['landing_for_text'])}</p>
<p><strong><a href="{BRIEF}">{B['title']}</a></strong> (<a href="{brief_pdf}">{B['pdf']}</a>)</p>
<h2>{B['landing_reports']}</h2>
<p>{_esc(B['landing_reports_text'])}</p>
<ul>{reports}</ul>
<h2>{B['provenance']}</h2>
<p class="muted">{_esc(B['provenance_text'])}</p>
<table>
<tr><th>{L['run']}</th><td><code>{_esc(provenance['run_name'])}</code></td></tr>
<tr><th>{L['time']}</th><td>{_run_stamp(provenance)}</td></tr>
<tr><th>{L['version']}</th><td>{_esc(provenance['evalkit_version'])} (Python {_esc(provenance['python_version'])})</td></tr>
</table>
<h3>{L['studies']}</h3>
<table><thead><tr><th>{L['report']}</th><th>{L['notebook']}</th><th>{L['duration']}</th></tr></thead>
<tbody>{study_rows}</tbody></table>
<h3>{L['data']}</h3>
{_data_block(provenance['data'], L, language)}
<h3>{L['parameters']}</h3>
{parameters}
<h3>{L['disclosure']}</h3>
<p>{_esc(provenance['disclosure']['statement'])}</p>
{_disclosure_log(log, L)}
<p class="muted"><a href="provenance.json">provenance.json</a></p>"""
    return _PAGE.format(lang=language, title=_esc(f"{L['index_title']} {provenance['run_name']}"), body=body)


#: The list of all runs in an output folder, per language: Dutch (the committees' language) is the index.
RUNS_PAGES = {"nl": "index.html", "en": "index.en.html"}


def write_runs_index(out: Path, language: str | None = None) -> Path:
    """Rewrite the list of all runs in ``out``, newest first: ``index.html`` in Dutch and
    ``index.en.html`` in English, each linking the other, whatever the language of the latest run.
    Each page is replaced in one step, never half-written; returns the page in ``language`` (default
    Dutch).

    Each run is linked by its folder's name. Two runs finishing at the same time may each list the
    folder before the other's run is in it; the page is therefore written again until a new look at
    the folder lists the same runs, so that the last page written lists them all.
    """
    for lang, name in RUNS_PAGES.items():
        index = out / name
        for _ in range(10):
            page = _runs_page(out, lang)
            tmp = out / f".{name}.{uuid.uuid4().hex[:8]}"
            tmp.write_text(page, encoding="utf-8")
            os.replace(tmp, index)
            if _runs_page(out, lang) == page:
                break
    return out / RUNS_PAGES[language or "nl"]


def _runs_page(out: Path, language: str) -> str:
    L = CATALOGUE.table("page", language)
    runs = []
    for provenance_file in out.glob("*/provenance.json"):
        folder = provenance_file.parent.name
        if folder.startswith("."):
            continue
        try:
            runs.append((folder, json.loads(provenance_file.read_text(encoding="utf-8"))))
        except (OSError, ValueError):
            continue
    runs.sort(key=lambda run: (run[1].get("started", ""), run[0]), reverse=True)
    rows = "".join(
        f"<tr><td><a href=\"{_esc(quote(folder))}/index.html\">{_esc(folder)}</a></td>"
        f"<td>{_esc(p.get('started', '').replace('T', ' '))}</td>"
        f"<td>{_esc(', '.join(s.get('title', s['study']) for s in p.get('studies', [])))}</td>"
        f"<td>{_esc(L.get('language_' + str(p.get('language')), p.get('language', '')))}</td>"
        f"<td>{_esc(p.get('data', {}).get('source', ''))}</td>"
        f"<td>{_esc(p.get('evalkit_version', ''))}</td></tr>"
        for folder, p in runs
    )
    other = next(lang for lang in RUNS_PAGES if lang != language)
    body = (f"<p class=\"muted\"><a href=\"{RUNS_PAGES[other]}\" hreflang=\"{other}\">{L['other_language']}</a></p>"
            f"<h1>{L['runs']}</h1><table><thead><tr><th>{L['run']}</th><th>{L['time']}</th>"
            f"<th>{L['studies']}</th><th>{L['language']}</th><th>{L['data_source']}</th><th>{L['version']}</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>")
    return _PAGE.format(lang=language, title=L["runs"], body=body)
