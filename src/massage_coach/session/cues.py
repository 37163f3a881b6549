"""Cues: the bell, speech and a visible flash, chosen by the `--cues` mode.

The runner reports *moments* (a step starts, halfway, ten seconds left, the end) as `CueEvent`s;
`Cues` decides what each moment sounds like. Speech runs in a child process that is never waited
for, so it can never hold up the session clock. The person on the table is trying to relax:
`soft` (the default) speaks only at transitions, briefly and quietly, and less near the end.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from ..routine import Step, StepKind


class CueMode(StrEnum):
    full = "full"
    soft = "soft"
    silent = "silent"


class Moment(StrEnum):
    """Points in a session where the giver may need a cue."""

    start = "start"  # a step begins: say the stroke and area
    switch_side = "switch-side"  # a step begins that repeats the last one on the other side
    halfway = "halfway"  # halfway through a long step
    soon = "soon"  # ten seconds before a step ends: say what comes next
    end = "end"  # the routine is over


@dataclass(frozen=True)
class CueEvent:
    moment: Moment
    step: Step
    next_step: Step | None = None
    closing: bool = False  # in the closing phase (cool-down, aftercare)


class CuePlayer(Protocol):
    def cue(self, event: CueEvent) -> bool:
        """Play the cue for `event`; True when the screen should flash instead of sound."""
        ...

    def close(self) -> None: ...


Namer = Callable[[Step], tuple[str, str]]
"""A step's activity and place in words, e.g. ("Petrissage", "Lower back (left)")."""


def plain_namer(step: Step) -> tuple[str, str]:
    """Names from the step's ids alone, for when no library is at hand."""
    what = step.stroke or step.tool or step.kind.value
    where = (step.area or "whole back") + (f" ({step.side})" if step.side else "")
    return what.replace("-", " ").capitalize(), where.replace("-", " ")


def spoken(event: CueEvent, names: Namer, brief: bool) -> str:
    """The words for a moment: full sentences, or a few words when `brief`."""
    step = event.step
    what, where = names(step)
    where = where.replace("(", "").replace(")", "")
    if event.moment is Moment.end:
        return "All done." if brief else "That is the end. Let them rest a moment."
    if event.moment is Moment.halfway:
        return "Halfway."
    if event.moment is Moment.soon:
        if event.next_step is None:
            return "Ten seconds left."
        next_what, next_where = names(event.next_step)
        return f"Next: {next_what.lower()}, {next_where.replace('(', '').replace(')', '')}."
    if event.moment is Moment.switch_side:
        return "Switch side." if brief else f"Switch side: {step.side or 'other'} side now."
    if step.kind is StepKind.check_in:
        return "Check in." if brief else "Check in: more, less, or the same?"
    if step.kind is StepKind.break_:
        return "Short break." if brief else "Giver break: shake out your hands."
    if brief:
        return f"{what}." if event.closing else f"{what}, {where}."
    pressure = f" {step.pressure.value.capitalize()} pressure." if step.pressure else ""
    return f"{what}, {where}.{pressure}"


# --- speech engines -------------------------------------------------------------------------


class Speaker(Protocol):
    name: str

    def say(self, text: str, quiet: bool) -> None: ...

    def close(self) -> None: ...


class CommandSpeaker:
    """Speaks through a command-line engine in a detached child; a new cue cuts the old one.

    Nothing here waits for a child while the session runs: a cut-off child is signalled and
    reaped on a later call, so speech can never hold up the loop.
    """

    def __init__(self, name: str, command: Callable[[str, bool], list[str]]) -> None:
        self.name = name
        self._command = command
        self._children: list[subprocess.Popen[bytes]] = []

    def say(self, text: str, quiet: bool) -> None:
        self._cut()
        try:
            child = subprocess.Popen(
                self._command(text, quiet),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # Ctrl-C at the terminal must not hit the speech engine
            )
        except OSError:
            return  # the engine vanished: the bell and the screen still work
        self._children.append(child)

    def _cut(self) -> None:
        """Stop whatever is still speaking and forget the children that have ended."""
        for child in self._children:
            if child.poll() is None:
                child.terminate()
        self._children = [child for child in self._children if child.poll() is None]

    def close(self) -> None:
        self._cut()
        for child in self._children:
            try:
                child.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        self._children = []


def _espeak(program: str) -> Callable[[str, bool], list[str]]:
    def command(text: str, quiet: bool) -> list[str]:
        amplitude, rate = ("40", "145") if quiet else ("100", "160")
        return [program, "-a", amplitude, "-s", rate, text]

    return command


def _say(text: str, quiet: bool) -> list[str]:
    # `say` has no volume flag; the embedded [[volm]] command lowers it.
    return ["say", f"[[volm 0.4]] {text}" if quiet else text]


def _sapi(program: str) -> Callable[[str, bool], list[str]]:
    def command(text: str, quiet: bool) -> list[str]:
        words = text.replace("'", "''")
        script = (
            "Add-Type -AssemblyName System.Speech; "
            "$s = New-Object System.Speech.Synthesis.SpeechSynthesizer; "
            f"$s.Volume = {40 if quiet else 100}; $s.Speak('{words}')"
        )
        return [program, "-NoProfile", "-NonInteractive", "-Command", script]

    return command


def find_speaker(
    platform: str = sys.platform, which: Callable[[str], str | None] = shutil.which
) -> Speaker | None:
    """The platform's speech engine, if one is installed: espeak-ng/espeak, say, or SAPI."""
    if platform == "darwin":
        return CommandSpeaker("say", _say) if which("say") else None
    if platform.startswith("win"):
        for program in ("powershell", "pwsh"):
            if which(program):
                return CommandSpeaker("SAPI", _sapi(program))
        return None
    for program in ("espeak-ng", "espeak"):
        path = which(program)
        if path:
            return CommandSpeaker(program, _espeak(path))
    return None


# --- the policy -------------------------------------------------------------------------------


class Cues:
    """Turns moments into sound (or a flash) according to the mode."""

    def __init__(
        self,
        mode: CueMode,
        speaker: Speaker | None,
        bell: Callable[[], None],
        names: Namer = plain_namer,
    ) -> None:
        self.mode = mode
        self.speaker = speaker if mode is not CueMode.silent else None
        self._bell = bell
        self._names = names

    def cue(self, event: CueEvent) -> bool:
        if self.mode is CueMode.silent:
            return event.moment is not Moment.halfway
        if self.mode is CueMode.full:
            self._bell()
            self._speak(spoken(event, self._names, brief=False), quiet=False)
            return False
        # soft: transitions only, a few quiet words; near the end, only the bell and "all done".
        if event.moment in (Moment.halfway, Moment.soon):
            return False
        closing_quiet = event.closing and event.moment is not Moment.end
        if closing_quiet or not self._speak(spoken(event, self._names, brief=True), quiet=True):
            self._bell()
        return False

    def _speak(self, text: str, quiet: bool) -> bool:
        if self.speaker is None:
            return False
        self.speaker.say(text, quiet)
        return True

    def close(self) -> None:
        if self.speaker is not None:
            self.speaker.close()


class RecordingCues:
    """A cue player for tests: remembers every event, flashes as `silent` would."""

    def __init__(self, flash: bool = False) -> None:
        self.events: list[CueEvent] = []
        self._flash = flash
        self.closed = False

    def cue(self, event: CueEvent) -> bool:
        self.events.append(event)
        return self._flash

    def close(self) -> None:
        self.closed = True

    def moments(self) -> list[Moment]:
        return [e.moment for e in self.events]
