"""The brief of a run: two to four printed pages for a steering committee, across all its studies.

``evalkit report all`` writes ``brief.html`` and ``brief.pdf`` beside the reports. The brief holds,
per study, its key findings (each linked to its section in the full report) and its headline figure,
with its main caveat, then the definitions used, the data and their extraction date, the disclosure statement
and links to the full reports. Every sentence and number comes from the reports' own key findings
(:mod:`evalkit.publish.findings`, ``findings/<report>.json``), so the brief shows nothing a report does
not; its words are in ``evalkit/publish/texts/<language>.yaml`` (table ``brief``).
"""
from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Any

from evalkit import formats
from evalkit.publish import findings as key_findings
from evalkit.publish.labels import CATALOGUE
from evalkit.texts import fill

#: File name of the brief in a run folder.
BRIEF = "brief.html"

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #222;
  max-width: 50rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.3rem; }
h2 { font-size: 1.2rem; margin: 1.4rem 0 0.4rem; border-bottom: 1px solid #ccc; padding-bottom: 0.15rem; }
p.evalkit-warning { border-left: 4px solid #b8860b; background: #fdf8ec; padding: 0.4rem 0.8rem; }
ol li, ul li { margin: 0.25rem 0; }
section.evalkit-study { overflow: hidden; }
figure { margin: 0.3rem 0 0.6rem 1rem; float: right; width: 42%; }
figure img { width: 100%; height: auto; max-height: 8cm; object-fit: contain; }
figcaption { font-size: 0.85rem; color: #444; }
.muted { color: #555; font-size: 0.9rem; }
dl dt { font-weight: 600; margin-top: 0.4rem; } dl dd { margin-left: 1rem; }
a.evalkit-see { font-size: 0.85rem; white-space: nowrap; }
p.evalkit-caveat { font-size: 0.9rem; color: #333; }
dl.evalkit-glossary { columns: 2; column-gap: 1.5rem; font-size: 0.9rem; }
dl.evalkit-glossary dt { break-after: avoid; }
dl.evalkit-glossary dd { break-before: avoid; break-inside: avoid; }
@media print {
  body { max-width: none; padding: 0; font-size: 9pt; line-height: 1.35; }
  figure, li, p.evalkit-caveat { break-inside: avoid; }
  h2 { break-after: avoid; margin-top: 0.9rem; }
  section.evalkit-study ol { margin: 0.2rem 0; }
  figure img { max-height: 7cm; }
  a { color: inherit; text-decoration: none; }
}
"""


def _inline(text: str) -> str:
    from evalkit.publish.display import _inline_markdown

    return _inline_markdown(text)


def _figure(folder: Path, report: str, entry: dict[str, Any], label: str) -> str:
    headline = entry.get("headline")
    path = folder / key_findings.FOLDER / (headline or {}).get("file", "")
    if not headline or not path.is_file():
        return ""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return (f'<figure><img alt="{html.escape(headline["alt"], quote=True)}" '
            f'src="data:image/svg+xml;base64,{data}">'
            f'<figcaption>{html.escape(label)}: {html.escape(headline["caption"])}</figcaption></figure>')


def _study_section(folder: Path, study: dict[str, Any], entry: dict[str, Any] | None, L: dict[str, str],
                   language: str) -> str:
    report, pdf = study["html"], Path(study["html"]).with_suffix(".pdf").name
    links = (f'<p class="muted">{html.escape(L["full_report"])}: <a href="{html.escape(report)}">{L["html"]}</a>'
             f' · <a href="{html.escape(pdf)}">{L["pdf"]}</a></p>')
    if not entry or not entry.get("findings"):
        items = f"<p>{html.escape(CATALOGUE.table('findings', language)['none'])}</p>"
    else:
        see = CATALOGUE.table("findings", language)["see"]
        items = "<ol>" + "".join(
            f'<li>{_inline(f["text"])} <a class="evalkit-see" href="{html.escape(report)}#{f["anchor"]}">'
            f'{html.escape(see)}: {html.escape(f["section"].lstrip("#").strip())}</a></li>'
            for f in entry["findings"]) + "</ol>"
    figure = _figure(folder, study["study"], entry or {}, L["figure"])
    # The first caveat of each study is its main one (what a difference between groups does not mean);
    # the others (synthetic data, follow-up) the brief says once, in its introduction and data section.
    caveats = (entry or {}).get("caveats") or []
    caveat = (f'<p class="evalkit-caveat"><strong>{html.escape(CATALOGUE.table("findings", language)["caveats"])}:'
              f"</strong> {_inline(caveats[0])}</p>" if caveats else "")
    return (f'<section class="evalkit-study" id="{html.escape(study["study"])}">'
            f'<h2>{html.escape(study["title"])}</h2>{figure}{items}{caveat}{links}</section>')


def extraction_text(provenance: dict[str, Any], language: str) -> str:
    """The extraction date(s) of a run's registry, in words (one date when all sources share it)."""
    dates = sorted(set(provenance["data"]["extraction_dates"].values()))
    return ", ".join(formats.date(d[:10], language) for d in dates) if dates else formats.MISSING


def source_text(provenance: dict[str, Any], language: str) -> str:
    """The registry of a run as a reader names it: the bundled synthetic registry, or its folder."""
    L = CATALOGUE.table("brief", language)
    data = provenance["data"]
    if data["source"] == "synthetic":
        return L["synthetic_source"]
    return fill(L["registry_source"], language, path=data["path"])


def brief_html(folder: str | Path, provenance: dict[str, Any], language: str) -> str:
    """The brief of the run in ``folder`` (its findings already written), as an HTML page."""
    from evalkit.publish.display import glossary_html
    from evalkit.publish.pages import print_page_css

    folder = Path(folder)
    L = CATALOGUE.table("brief", language)
    found = key_findings.read(folder)
    studies = provenance["studies"]
    run_date = provenance["started"][:10]
    extraction = extraction_text(provenance, language)
    parts = [f"<h1>{html.escape(L['title'])}</h1>",
             f"<p>{html.escape(fill(L['intro' if len(studies) > 1 else 'intro_one'], language, n=len(studies), extraction=extraction))}</p>"]
    if provenance["data"]["source"] == "synthetic":
        parts.append(f'<p class="evalkit-warning">{html.escape(L["synthetic"])}</p>')
    parts += [_study_section(folder, s, found.get(s["study"]), L, language) for s in studies]
    terms = [t.strip() for t in L["definitions_terms"].split(",")]
    parts.append(f"<h2>{html.escape(L['definitions'])}</h2><p>{html.escape(L['definitions_text'])}</p>"
                 f"{glossary_html(terms, language)}")
    parts.append(f"<h2>{html.escape(L['data'])}</h2><p>" + html.escape(fill(
        L["data_text"], language, source=source_text(provenance, language), extraction=extraction,
        run_date=run_date, version=provenance["evalkit_version"])) + "</p>")
    parts.append(f"<h2>{html.escape(L['disclosure'])}</h2><p>{html.escape(provenance['disclosure']['statement'])}</p>")
    header = f"{L['title']} · {fill(L['run_date'], language, date=run_date)}"
    css = _CSS + print_page_css(header, language)
    return (f'<!DOCTYPE html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
            f"<title>{html.escape(L['title'])}</title>\n<style>{css}</style>\n</head>\n<body>\n"
            + "\n".join(parts) + "\n</body>\n</html>\n")


def write_brief(folder: str | Path, provenance: dict[str, Any], language: str) -> Path:
    """Write ``folder/brief.html``; returns its path."""
    path = Path(folder) / BRIEF
    path.write_text(brief_html(folder, provenance, language), encoding="utf-8")
    return path
