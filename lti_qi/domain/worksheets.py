"""The structured QI worksheets a learner's project holds.

Each worksheet kind is one QI tool from the Model for Improvement toolkit. Content packs name
these kinds; the project workspace stores one document per kind and project.
"""

from enum import StrEnum


class WorksheetKind(StrEnum):
    """The QI tools a content pack may ask a learner to complete on their own project."""

    AIM_STATEMENT = "aim_statement"
    TEAM_STAKEHOLDERS = "team_stakeholders"
    PROCESS_MAP = "process_map"
    FISHBONE = "fishbone"
    DRIVER_DIAGRAM = "driver_diagram"
    PARETO = "pareto"
    MEASURES_PLAN = "measures_plan"
    PDSA_LOG = "pdsa_log"
    SUSTAINABILITY_PLAN = "sustainability_plan"
    SQUIRE_WRITEUP = "squire_writeup"
