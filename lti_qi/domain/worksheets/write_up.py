"""A first draft of the SQUIRE write-up, gathered from the learner's own earlier worksheets.

Following the pack's map of worksheets to SQUIRE (``pages/share/squire.md``): the aim
statement gives the problem and aims; the fishbone, Pareto chart and process map add to the
problem; the driver diagram gives the rationale; the team sheet gives context and the team;
the PDSA log gives the interventions and how they evolved; the measures plan gives the
measures; the sustainability plan gives the conclusions. The draft quotes the learner's words
with a few joining phrases and invents nothing: sections with no source (such as ethics,
limitations and funding) are left for the learner to write.
"""

from collections.abc import Mapping

from lti_qi.domain.values import join_words, shorten
from lti_qi.domain.worksheets import pareto
from lti_qi.domain.worksheets.aims_text import AimParts, compose_aim, describe_date
from lti_qi.domain.worksheets.diagrams_fishbone import likely_causes
from lti_qi.domain.worksheets.drivers import change_ideas, driver_outline
from lti_qi.domain.worksheets.links import pdsa_cycles
from lti_qi.domain.worksheets.measures import planned_measures
from lti_qi.domain.worksheets.schema import Documents, WorksheetKind
from lti_qi.domain.worksheets.squire import SQUIRE_WRITEUP


def squire_draft(documents: Documents) -> dict[str, str]:
    """Return draft text for the SQUIRE sections the earlier worksheets can fill.

    Args:
        documents: The project's validated worksheets by kind; any may be missing.

    Returns:
        Text by SQUIRE write-up field name, only for sections with something to say, each
        within its field's length limit.
    """
    drafts = {
        "title": _title(documents),
        "problem_description": _problem(documents),
        "rationale": _rationale(documents),
        "specific_aims": _aims(documents),
        "context": _context(documents),
        "interventions": _interventions(documents),
        "study_of_interventions": _study(documents),
        "measures": _measures(documents),
        "results": _results(documents),
        "conclusions": _conclusions(documents),
    }
    return {key: _fit(key, text) for key, text in drafts.items() if text}


def _fit(key: str, text: str) -> str:
    limit = SQUIRE_WRITEUP.field_named(key).max_length or len(text)
    if len(text) <= limit:
        return text
    return shorten(text, limit - 40) + " (see your worksheets for the rest)"


def _get(documents: Documents, kind: WorksheetKind, key: str) -> str:
    value = documents.get(kind, {}).get(key)
    return value.strip() if isinstance(value, str) else ""


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".?!”" else f"{text}."


def _paragraphs(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)


def _aim_parts(documents: Documents) -> AimParts:
    return AimParts.from_document(documents.get(WorksheetKind.AIM_STATEMENT, {})).filled_from_text()


def _title(documents: Documents) -> str:
    parts = _aim_parts(documents)
    if not parts.measure:
        return ""
    verb = "Reducing" if parts.direction == "decrease" else "Improving"
    if parts.direction == "increase":
        verb = "Increasing"
    where = f" {parts.population}" if parts.population else ""
    return shorten(f"{verb} {parts.measure}{where}: a quality improvement project", 250)


def _problem(documents: Documents) -> str:
    causes = likely_causes(documents.get(WorksheetKind.FISHBONE, {}))
    fishbone = (
        f"Our fishbone diagram suggested these as the most likely causes: {join_words(causes)}."
        if causes
        else ""
    )
    opportunities = _get(documents, WorksheetKind.PROCESS_MAP, "opportunities")
    mapped = (
        f"Mapping the process showed where change might help: {opportunities}"
        if opportunities
        else ""
    )
    return _paragraphs(
        _get(documents, WorksheetKind.AIM_STATEMENT, "problem"), fishbone, _tally(documents), mapped
    )


def _tally(documents: Documents) -> str:
    document = documents.get(WorksheetKind.PARETO, {})
    rows = pareto.pareto_table(pareto.pareto_categories(document))
    if not rows or not any(row.count for row in rows):
        return ""
    counting = _get(documents, WorksheetKind.PARETO, "counting") or "events"
    start, end = (_get(documents, WorksheetKind.PARETO, key) for key in ("start_date", "end_date"))
    span = f" from {describe_date(start)} to {describe_date(end)}" if start and end else ""
    return f"We tallied {counting}{span}. {pareto.summarise_pareto(rows)}"


def _rationale(documents: Documents) -> str:
    outline = driver_outline(documents.get(WorksheetKind.DRIVER_DIAGRAM, {}))
    if not outline.children:
        return ""
    drivers = join_words([f"“{p.text}”" for p in outline.children])
    text = (
        "Our driver diagram set out how we expected to reach the aim. Its primary drivers "
        f"were {drivers}."
    )
    first = [
        i for i in change_ideas(documents.get(WorksheetKind.DRIVER_DIAGRAM, {})) if i.is_first_test
    ]
    if first:
        text += f" We chose to test first: {join_words([f'“{i.text}”' for i in first])}."
    return text


def aim_sentence(documents: Documents) -> str:
    """Return the project's aim as its aim statement gives it ("" before it names a measure)."""
    parts = _aim_parts(documents)
    if not (parts.measure or parts.text):
        return ""
    return parts.text or compose_aim(parts) + "."


def _aims(documents: Documents) -> str:
    aim = aim_sentence(documents)
    if not aim:
        return ""
    return _paragraphs(aim, _get(documents, WorksheetKind.AIM_STATEMENT, "target_rationale"))


def _context(documents: Documents) -> str:
    setting = _get(documents, WorksheetKind.AIM_STATEMENT, "setting")
    start, end = (
        _get(documents, WorksheetKind.PROCESS_MAP, k) for k in ("start_point", "end_point")
    )
    scope = f"The process we studied runs from “{start}” to “{end}”." if start and end else ""
    working = _get(documents, WorksheetKind.TEAM_STAKEHOLDERS, "ways_of_working")
    return _paragraphs(f"Setting: {setting}." if setting else "", scope, working)


def _interventions(documents: Documents) -> str:
    ideas = {i.id: i.text for i in change_ideas(documents.get(WorksheetKind.DRIVER_DIAGRAM, {}))}
    pdsa = documents.get(WorksheetKind.PDSA_LOG, {})
    tested = list(
        dict.fromkeys(
            str(c.get("change_idea")) for c in pdsa_cycles(pdsa) if c.get("change_idea") in ideas
        )
    )
    changes = (
        f"Changes we tested: {join_words([f'“{ideas[i]}”' for i in tested])}." if tested else ""
    )
    theories = list(dict.fromkeys(str(c["theory"]) for c in pdsa_cycles(pdsa) if c.get("theory")))
    tested_theories = (
        f"Theories about the problem we tested: {join_words([f'“{t}”' for t in theories])}."
        if theories
        else ""
    )
    return _paragraphs(changes, tested_theories, _team(documents))


def _team(documents: Documents) -> str:
    members = documents.get(WorksheetKind.TEAM_STAKEHOLDERS, {}).get("team_members")
    described = [
        str(m["role"])
        + (f" ({m['contribution']})" if isinstance(m.get("contribution"), str) else "")
        for m in (members if isinstance(members, list) else [])
        if isinstance(m, Mapping) and isinstance(m.get("role"), str)
    ]
    return f"The team: {join_words(described)}." if described else ""


def _study(documents: Documents) -> str:
    logged = pdsa_cycles(documents.get(WorksheetKind.PDSA_LOG, {}))
    dates = sorted(str(c["start_date"]) for c in logged if isinstance(c.get("start_date"), str))
    if not dates:
        return ""
    count = f"{len(logged)} PDSA cycle{'s' if len(logged) != 1 else ''}"
    first, last = describe_date(dates[0]), describe_date(dates[-1])
    when = f"on {first}" if first == last else f"between {first} and {last}"
    text = f"We tested changes in {count}, starting {when}."
    if all(isinstance(cycle.get("prediction"), str) for cycle in logged):
        text += " Each cycle recorded a prediction before the test."
    return text


def _measures(documents: Documents) -> str:
    described = []
    for m in planned_measures(documents.get(WorksheetKind.MEASURES_PLAN, {})):
        kind = f" ({m['type']} measure)" if isinstance(m.get("type"), str) else ""
        definition = (
            f" {m['operational_definition']}"
            if isinstance(m.get("operational_definition"), str)
            else ""
        )
        source = (
            f" Data source: {m['data_source']}." if isinstance(m.get("data_source"), str) else ""
        )
        described.append(f"{m['name']}{kind}.{definition}{source}")
    return _paragraphs(*described)


_CYCLE_PARTS = (
    ("prediction", "We predicted"),
    ("do", "What happened"),
    ("study", "What we learned"),
)


def _results(documents: Documents) -> str:
    logged = pdsa_cycles(documents.get(WorksheetKind.PDSA_LOG, {}))
    described = [_cycle(number, cycle) for number, cycle in enumerate(logged, start=1)]
    plan = planned_measures(documents.get(WorksheetKind.MEASURES_PLAN, {}))
    balancing = [str(m["name"]) for m in plan if m.get("type") == "balancing"]
    if balancing:
        described.append(
            f"Balancing measures, to check for unintended effects: {join_words(balancing)}."
        )
    return _paragraphs(*described)


def _cycle(number: int, cycle: Mapping[str, object]) -> str:
    pieces = [_sentence(f"Cycle {number}: {cycle.get('title', '')}")]
    pieces += [
        _sentence(f"{label}: {cycle[key]}")
        for key, label in _CYCLE_PARTS
        if isinstance(cycle.get(key), str)
    ]
    if isinstance(cycle.get("act"), str):
        decision = f"Decision: {str(cycle['act']).capitalize()}."
        pieces.append(f"{decision} {cycle.get('next_step', '')}".strip())
    return " ".join(pieces)


def _conclusions(documents: Documents) -> str:
    plan = WorksheetKind.SUSTAINABILITY_PLAN
    owner = _get(documents, plan, "handover_owner")
    handover = f"The process is now owned by {owner}." if owner else ""
    return _paragraphs(
        _get(documents, plan, "standardising"),
        handover,
        _get(documents, plan, "ongoing_measurement"),
        _get(documents, plan, "spread"),
    )
