"""The whole guided session around the runner: screening and prep, the live part, aftercare.

`start` runs a new session from resolved choices, `resume` continues a checkpointed one. Both
talk to the outside world only through a `Terminal` (the console, whether a person can answer,
the prompts, the bell), so the CLI command stays a few lines and tests pass their own.
Both return the exit code: 0, or 130 after Ctrl-C and 143 after SIGTERM.

The parts, in the order a session meets them: `opening` (the giver's hands, the screening, which
`asking` asks at the keys, and the prep list), `running` (the live part), `saving` (checkpoints
and the history), `ending` (aftercare, the summary, the rating) and `resuming`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rich.console import Console, RenderableType

from ..answers import Answer, Answers
from ..errors import ExitCode
from ..models import Checklist, Library
from ..render.summary import plan_overview
from ..routine import Choices, Plan
from ..store.checkpoint import file_pending, resumable
from ..store.config import load_config
from .ending import after_session
from .environment import Environment
from .keys import KeySource, Terminated, terminate_as_exception
from .opening import fit_before, screen_and_prep, warn_tired_hands
from .resuming import resume_saved
from .running import check_trace, run_live
from .saving import Checkpoints

if TYPE_CHECKING:
    from ..store.profiles import Profile


@dataclass
class Terminal:
    """What the session shows and asks through; the CLI builds the real one."""

    console: Console
    """Where everything is shown; what is printed on it adapts to it (plain when piped)."""
    ask: bool
    """A person can answer one-key questions (stdin and stdout are terminals, keys readable)."""
    show: Callable[[RenderableType], None]
    warn: Callable[[list[str]], None]
    ask_checklist: Callable[[Checklist, KeySource], dict[str, Answer]]
    print_outcome: Callable[[Checklist, dict[str, Answer]], None]
    ask_rating: Callable[[], tuple[int | None, str | None]]
    print_line: Callable[[str], None]
    bell: Callable[[], None]
    ask_lines: bool = False
    """A person can type a line and Enter (the rating), even where single keys cannot be read."""
    notices: list[str] = field(default_factory=list)
    """What changed the session before it began (shortened, adjusted for the answers), shown
    again on the live screen during the count-in: the questions may have scrolled it away."""

    @property
    def live(self) -> bool:
        """A full-screen countdown, and keys read while it runs (only where it can be seen: a
        terminal that is not a dumb one; elsewhere one plain line per step)."""
        return self.console.is_terminal and not self.console.is_dumb_terminal


@dataclass(frozen=True)
class Settings:
    """How the live part runs: the cue style, speech, and the clock's speed."""

    cues: str = "soft"
    voice: bool = True
    speed: float = 1.0
    countdown: bool = True
    """A 3-2-1 before each change (off in `silent` whatever this says)."""


def start(  # noqa: PLR0913 - the session command's choices, until one environment object
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
                stream.write("\nStopped before the massage began. Nothing was saved.\n")
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
