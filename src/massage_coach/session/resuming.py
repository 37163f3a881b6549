"""Going on with a session that was cut short: what is left, asked to go on, and the saved plan
re-checked against the safety floor before any of it runs again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import planner
from ..errors import ExitCode
from ..models import Library, Pressure
from ..record import PressureChange
from ..render.adaptive import Item
from ..render.plan import clock
from ..render.words import doing, on_body
from ..routine import Choices, Plan
from ..safety_floor import step_breaches
from ..store.files import keep_aside
from ..store.history import local
from .ending import RESUME_COMMAND, after_session
from .environment import Environment
from .keys import Terminated, terminate_as_exception
from .running import run_live

if TYPE_CHECKING:
    from ..store.checkpoint import Checkpoint
    from .saving import Checkpoints
    from .terminal import Settings, Terminal


REFUSED = 2
"""A saved session that breaks a safety rule is not resumed (like any bad input)."""

LEFT_SHOWN = 5  # steps listed before "and N more"


def resume_saved(
    saved: Checkpoint,
    saver: Checkpoints,
    library: Library,
    settings: Settings,
    terminal: Terminal,
    env: Environment,
) -> int:
    """The resumed session, its checkpoint held by `saver`."""
    out = terminal.console
    plan, index = saved.plan, saved.step_index
    if not plan.steps or index >= len(plan.steps):
        out.print("That session had nothing left to do.")
        return ExitCode.OK
    when = local(saved.record.started_at).strftime("%H:%M")
    out.print(
        f"Resuming the session started at {when}: step {index + 1} of {len(plan.steps)}, "
        f"{clock(saved.record.actual_seconds)} done."
    )
    _what_is_left(plan, index, saved.seconds_into_step, library, terminal)
    if terminal.ask and not _go_on(env, terminal):
        out.print(f"Kept for later: {RESUME_COMMAND} picks it up (within a day).")
        return ExitCode.OK
    choices = saved.resume_choices()
    record = saved.record
    if saved.choices is None:
        plan = gentle_rest(plan, index, choices, library)
        if plan.pressure is not saved.plan.pressure:
            change = PressureChange(
                at=record.actual_seconds,
                before=saved.plan.pressure,
                after=plan.pressure,
                reason="resumed",
            )
            record = record.model_copy(
                update={"pressure_changes": [*record.pressure_changes, change]}
            )
        out.print(
            "[yellow]This session was saved without its screening answers: it goes on at "
            "light pressure, without percussion, heat or essential oils.[/]"
        )
    checked = _within_the_floor(plan, index, choices, library, terminal, saver)
    if checked is None:
        return REFUSED
    plan = checked
    try:
        with terminate_as_exception():
            record, final_plan = run_live(
                plan,
                choices,
                library,
                settings,
                terminal,
                env,
                record.profile,
                record,
                (index, saved.seconds_into_step),
                saver=saver,
            )
            return after_session(record, final_plan, library, terminal, env, saver)
    except Terminated:
        return ExitCode.TERMINATED


def _what_is_left(
    plan: Plan, index: int, into: float, library: Library, terminal: Terminal
) -> None:
    """The steps still to do, and how long they take, before a resumed session goes on."""
    rest = plan.steps[index:]
    seconds = sum(step.seconds for step in rest) - int(into)
    out = terminal.console
    steps = "1 step" if len(rest) == 1 else f"{len(rest)} steps"
    out.print(f"Left: {clock(max(seconds, 0))} in {steps}:")
    for step in rest[:LEFT_SHOWN]:
        words = [doing(step, library).capitalize(), on_body(step, library)]
        if step.pressure is not None:
            words.append(step.pressure.value)
        out.print(Item(" · ".join(w for w in words if w)))
    if len(rest) > LEFT_SHOWN:
        out.print(f"  ... and {len(rest) - LEFT_SHOWN} more")


def _go_on(env: Environment, terminal: Terminal) -> bool:
    """Ask whether to go on with the resumed session: only `y` does."""
    out = terminal.console
    out.print("Go on with it? [bold]y[/]es / [bold]n[/]o ", end="")
    try:
        with env.terminal_keys() as keys:
            key = keys.get(None)
    except EOFError:
        key = None
    out.print()
    return key in ("y", "Y")


def _within_the_floor(
    plan: Plan,
    index: int,
    choices: Choices,
    library: Library,
    terminal: Terminal,
    saver: Checkpoints,
) -> Plan | None:
    """A saved plan re-checked before any of it runs again: the steps still to come must keep
    the safety floor and the saved limits. One that breaks a rule has the rest re-planned
    from its position at the gentlest level; when even that breaks one (a heat or oil step
    the limits rule out, a stroke the content no longer knows), None: the checkpoint is kept
    aside, never run."""
    broken = step_breaches(plan, choices, library, start=index)
    if not broken:
        return plan
    out = terminal.console
    try:
        mended = gentle_rest(plan, index, choices, library)
    except (KeyError, ValueError):  # steps the content cannot re-plan
        mended = None
    if mended is not None and not step_breaches(mended, choices, library, start=index):
        out.print(
            f"[yellow]The saved session breaks a safety rule ({broken[0]}): the rest is "
            "re-planned at light pressure within its saved limits.[/]"
        )
        return mended
    saver.release()
    kept = keep_aside(saver.held.path) if saver.held is not None else None
    where = f" It is kept aside as {kept}." if kept is not None else ""
    terminal.warn(
        [f"The saved session breaks a safety rule ({broken[0]}) and is not resumed.{where}"]
    )
    return None


def gentle_rest(plan: Plan, index: int, choices: Choices, library: Library) -> Plan:
    """The plan from step `index` on re-planned under `choices` at its lightest allowed level."""
    level = min(plan.pressure, choices.max_pressure, Pressure.light, key=lambda p: p.rank)
    return planner.with_pressure(plan, choices, library, index, level)
