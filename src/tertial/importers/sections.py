"""Free-section importer (`tertial import sections FILE --year Y --period M`).

A JSON list of sections in report order: {"tittel", "tekst" (plain text: blank line between
paragraphs, "- " bullets) or "html" (sanitised to the safe subset), optional "vedtak" (the political
decision it answers, e.g. "KS 29.11.2023, verbalforslag"), "vedtak_url" and "plassering" (empty:
among the free sections; «innledning»: in the report's opening paragraph; «sykefravær»: under the
sick-leave table)}. Rows are list positions.
"""

from pathlib import Path

from tertial.core.errors import InputError, InputProblem
from tertial.core.sections import PLACEMENTS, Section, link_problem, section_html

from .tabular import load_json_list


def read_sections(path: Path) -> list[Section]:
    name, data = load_json_list(path, "seksjoner")
    sections: list[Section] = []
    problems: list[InputProblem] = []
    titles: set[str] = set()
    for i, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            problems.append(InputProblem(name, "må være et objekt", row=i))
            continue
        title = str(item.get("tittel") or "").strip()
        text, html = str(item.get("tekst") or ""), str(item.get("html") or "")
        if not title:
            problems.append(InputProblem(name, "mangler verdi", row=i, column="tittel"))
        elif title in titles:
            problems.append(InputProblem(name, "seksjonen finnes tidligere i filen (duplikat)", row=i, column="tittel"))
        titles.add(title)
        body = section_html(text=text, html=html)
        if not body:
            problems.append(InputProblem(name, "mangler tekst", row=i, column="tekst"))
        url = str(item.get("vedtak_url") or "").strip()
        if problem := link_problem(url):
            problems.append(InputProblem(name, problem, row=i, column="vedtak_url"))
        placement = str(item.get("plassering") or "").strip().lower()
        if placement not in PLACEMENTS:
            known = ", ".join(f"«{p}»" for p in PLACEMENTS if p)
            problems.append(
                InputProblem(
                    name, f"ukjent plassering «{placement}»; bruk {known} eller ingen", row=i, column="plassering"
                )
            )
        sections.append(
            Section(
                title=title,
                html=body,
                order=i,
                decision_reference=str(item.get("vedtak") or "").strip(),
                decision_url=url,
                placement=placement,
            )
        )
    if problems:
        raise InputError(problems)
    return sections
