"""The whole guided session around the runner: screening and prep, the live part, aftercare.

`start` runs a new session from resolved choices, `resume` continues a checkpointed one. Both
talk to the outside world only through a `Terminal` (the console, whether a person can answer,
the prompts, the bell), so the CLI command stays a few lines and tests pass their own.
Both return the exit code: 0, or 130 after Ctrl-C and 143 after SIGTERM.

The parts, in the order a session meets them: `opening` (the giver's hands, the screening, which
`asking` asks at the keys, and the prep list), `running` (the live part), `saving` (checkpoints
and the history), `ending` (aftercare, the summary, the rating) and `resuming`; each meets the
outside world through `terminal.Terminal`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ..answers import Answers
from ..errors import ExitCode
from ..models import Library
from ..render.summary import plan_overview
from ..routine import Choices, Plan
from ..store.checkpoint import file_pending, resumable
from ..store.config import load_config
from .ending import after_session
from .environment import Environment
from .keys import Terminated, terminate_as_exception
from .opening import fit_before, screen_and_prep, warn_tired_hands
from .resuming import resume_saved
from .running import check_trace, run_live
from .saving import Checkpoints
from .terminal import Settings, Terminal

if TYPE_CHECKING:
    from ..store.profiles import Profile

__all__ = ["Settings", "Terminal", "cue_settings", "resume", "start"]


def start(  # noqa: PLR0913 - the plan, its choices, and who and what the session is for
    routine: Plan,
    choices: Choices,
    library: Library,
    settings: Settings,
    terminal: Terminal,
    yes: bool = False,
    profile: str | None = None,
    until: datetime | None = None,
    env: Environment | None = None,
    answers: Answers | None = None,
    person: Profile | None = None,
) -> int:
    """Screening and prep, the timed routine, then aftercare; the exit code.

    The screening answers come from `answers` (an answers file), else from the person at the
    terminal; with nobody to ask (`yes`, or no terminal) every caution's limits apply. With
    `until` (from --until), a plan that would now end after it (the questions took time) is
    shortened to fit before the massage starts. `env` holds the clock, keys, speech and
    history (the real ones by default).
    """
    env = env or Environment()
    check_trace()
    terminal.warn(file_pending(datetime.now(UTC)))  # a session cut short earlier is kept first
    terminal.show(plan_overview(routine, library))
    tired_hands = warn_tired_hands(library, terminal, env)
    try:
        with terminate_as_exception():
            try:
                ready = screen_and_prep(
                    routine, choices, library, yes, terminal, env, tired_hands, answers, person
                )
            except KeyboardInterrupt:
                # Nothing has begun: no record, no checkpoint, just a clean way out. Written
                # straight to the stream: a Ctrl-C that lands while rich enters a print can leave
                # the console holding back everything printed after it.
                stream = terminal.console.file
                stream.write(
                    "\nStopped before the massage began: nothing was added to the history "
                    "and there is no session to resume.\n"
                )
                stream.flush()
                return ExitCode.INTERRUPTED
            if ready is None:
                return ExitCode.OK
            routine, choices = ready
            if until is not None:
                fitted = fit_before(until, routine, choices, library, terminal, env)
                if fitted is None:
                    return ExitCode.OK
                routine, choices = fitted
            saver = Checkpoints(choices)
            try:
                record, final_plan = run_live(
                    routine, choices, library, settings, terminal, env, profile, saver=saver
                )
                return after_session(record, final_plan, library, terminal, env, saver)
            finally:
                saver.release()
    except Terminated:
        return ExitCode.TERMINATED


def resume(
    library: Library, settings: Settings, terminal: Terminal, env: Environment | None = None
) -> int:
    """Continue the session a checkpoint kept, under its screening limits; the exit code."""
    check_trace()
    with resumable(datetime.now(UTC)) as loaded:
        terminal.warn(loaded.notices)
        if loaded.value is None:
            terminal.console.print("There is no unfinished session to resume.")
            return ExitCode.OK
        held, saved = loaded.value
        saver = Checkpoints(saved.resume_choices(), held)
        return resume_saved(saved, saver, library, settings, terminal, env or Environment())


def cue_settings(cues: str | None, no_voice: bool, speed: float) -> Settings:
    """The cue style and speech: the command line, else the config (soft by default)."""
    config = load_config().value
    return Settings(
        cues=cues or config.cues,
        voice=config.voice and not no_voice,
        speed=speed,
        countdown=config.countdown,
    )
