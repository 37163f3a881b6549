"""The planner's re-planning functions bound to one session's choices and library."""

from __future__ import annotations

from .. import planner
from ..models import Library, Pressure
from ..routine import Choices, Plan


class PlannerReplanner:
    """A `Replanner` over the real planner: the runner never applies routine rules itself."""

    def __init__(self, choices: Choices, library: Library) -> None:
        self.choices = choices
        self.library = library

    def with_pressure(self, plan: Plan, from_index: int, pressure: Pressure) -> Plan:
        return planner.with_pressure(plan, self.choices, self.library, from_index, pressure)

    def extend(self, plan: Plan, index: int, seconds: int) -> Plan:
        return planner.extend(plan, index, seconds)
