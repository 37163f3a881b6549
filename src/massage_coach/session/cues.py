"""Cues: the bell, speech and a visible flash, chosen by the `--cues` mode.

The runner reports *moments* (a step starts, halfway, ten seconds left, the end) as `CueEvent`s;
`Cues` decides what each moment sounds like. Speech runs in a child process that is never waited
for, so it can never hold up the session clock. The person on the table is trying to relax:
`soft` (the default) speaks only at transitions, briefly and quietly, and less near the end.

Speech uses everyday words from the recipient's body ("kneading, their left lower back"), never
the stroke's French name or a placeholder; a 3-2-1 (beeps, or spoken in `full`) comes before
each change; at `--speed` above 1 only what fits in the sped-up step is said. On a normal finish
the last words are waited for (a few seconds at most); a stop, Ctrl-C or a signal cuts them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from ..routine import Step, StepKind

if TYPE_CHECKING:
    from ..models import Library

END_WAIT_SECONDS = 4.0
"""How long a normal finish waits at most for the last words to be spoken."""
WORDS_PER_SECOND = 2.5  # a calm speaking pace, to judge what fits in a sped-up step
COUNTDOWN = 3  # seconds counted down (3, 2, 1) before a change
COUNTDOWN_MIN_STEP = 10  # steps shorter than this get no count-down


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
    three = "three"  # the count-down before a change: 3, 2, 1
    two = "two"
    one = "one"
    end = "end"  # the routine is over


COUNT_MOMENTS = {3: Moment.three, 2: Moment.two, 1: Moment.one}


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

    def close(self, drain: bool = False) -> None:
        """Stop sounding; with `drain` (a normal finish) let the last words end first."""
        ...


Namer = Callable[[Step], tuple[str, str]]
"""A step's activity and place in everyday words, e.g. ("kneading", "their left lower back");
the place is "" where a step has none (a check-in, a break, the oil)."""


def plain_namer(step: Step) -> tuple[str, str]:
    """Names from the step's ids alone, for when no library is at hand."""
    if step.stroke or step.tool:
        what = (step.stroke or step.tool or "").replace("-", " ")
    elif step.oil or (step.kind is StepKind.prep and step.why == "oil"):
        what = "apply the oil"
    elif step.kind is StepKind.prep and step.why == "turn":
        what = "help them turn over"
    else:
        what = step.kind.value.replace("-", " ")
    return what, _place(step.area.replace("-", " ") if step.area else None, step)


def _place(area: str | None, step: Step) -> str:
    """Where, from the recipient's body: "their left lower back", "the whole back", or ""."""
    if area is None:
        if not (step.stroke or step.tool):
            return ""
        return f"the {step.side} side of their back" if step.side else "the whole back"
    area = area.lower()
    return f"their {step.side} {area}" if step.side else f"the {area}"


def speech_namer(library: Library) -> Namer:
    """Everyday names from the content: a stroke's plain name, a tool's name, the oil's name."""

    def names(step: Step) -> tuple[str, str]:
        if step.stroke:
            stroke = library.strokes.get(step.stroke)
            what = (stroke.plain_name or stroke.name) if stroke else step.stroke
        elif step.tool:
            tool = library.tools.get(step.tool)
            what = tool.name if tool else step.tool
        elif step.oil:
            oil = library.oils.get(step.oil)
            what = f"apply the {oil.name.lower()}" if oil else "apply the oil"
        else:
            what = plain_namer(step)[0]
        area = library.areas.get(step.area) if step.area else None
        return what.lower(), _place(area.name if area else step.area, step)

    return names


_UNSPEAKABLE = re.compile(r"(?<![\w])[-\u2013\u2014\u00b7|/]+(?![\w])|[()\[\]{}<>*_#\x00-\x1f]")


def speakable(text: str) -> str:
    """`text` without what an engine would read out as a symbol or spell out: lone dashes,
    bars, brackets; no empty clause (", ." or ": ."), one space between words."""
    text = _UNSPEAKABLE.sub(" ", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.:;!?])", r"\1", text)
    text = re.sub(r"[,:;]+([.!?])", r"\1", text)
    text = re.sub(r"([.!?])[.,:;]+", r"\1", text)
    return text.strip()


def _sentence(*parts: str) -> str:
    """The non-empty parts joined with commas, as a sentence with a capital and a full stop."""
    words = ", ".join(p for p in parts if p)
    return (words[:1].upper() + words[1:] + ".") if words else ""


def spoken(event: CueEvent, names: Namer, brief: bool) -> str:
    """The words for a moment: full sentences, or a few words when `brief`."""
    step = event.step
    what, where = names(step)
    if event.moment is Moment.end:
        return "All done." if brief else "That is the end. Let them rest a moment."
    if event.moment is Moment.halfway:
        return "Halfway."
    if event.moment in (Moment.three, Moment.two, Moment.one):
        return {Moment.three: "Three.", Moment.two: "Two.", Moment.one: "One."}[event.moment]
    if event.moment is Moment.soon:
        if event.next_step is None:
            return "Ten seconds left."
        nxt = event.next_step
        if nxt.kind is StepKind.check_in:
            return "Next: a check-in."
        if nxt.kind is StepKind.break_:
            return "Next: a short break for your hands."
        next_what, next_where = names(nxt)
        return "Next: " + _sentence(next_what, next_where).lower()
    if event.moment is Moment.switch_side:
        side = f"their {step.side} side now" if step.side else "the other side now"
        return "Switch side." if brief else f"Switch side: {side}."
    if step.kind is StepKind.check_in:
        return "Check in." if brief else "Check in: more, less, or the same?"
    if step.kind is StepKind.break_:
        return "Short break." if brief else "Giver break: shake out your hands."
    if brief:
        return _sentence(what) if event.closing else _sentence(what, where)
    pressure = f" {step.pressure.value.capitalize()} pressure." if step.pressure else ""
    return _sentence(what, where) + pressure


# --- speech engines -------------------------------------------------------------------------


class Speaker(Protocol):
    name: str

    def say(self, text: str, quiet: bool) -> None: ...

    def close(self, wait: float = 0.0) -> None:
        """Stop speaking, after up to `wait` seconds for what is being said to end."""
        ...


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

    def close(self, wait: float = 0.0) -> None:
        deadline = time.monotonic() + wait
        for child in self._children:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            try:
                child.wait(timeout=left)  # the last words, on a normal finish
            except subprocess.TimeoutExpired:
                break
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
        countdown: bool = True,
        speed: float = 1.0,
    ) -> None:
        self.mode = mode
        self.speaker = speaker if mode is not CueMode.silent else None
        self._bell = bell
        self._names = names
        # A 3-2-1 in real seconds: at --speed above 1 the seconds fly by, so it is left out.
        self.countdown = countdown and mode is not CueMode.silent and speed <= 1
        self.speed = speed

    def cue(self, event: CueEvent) -> bool:
        if event.moment in COUNT_MOMENTS.values():
            return self._count(event)
        if self.mode is CueMode.silent:
            return event.moment is not Moment.halfway
        if self.speed > 1:
            return self._fast(event)
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

    def _count(self, event: CueEvent) -> bool:
        """3, 2, 1 before a change: spoken in `full` (where a voice is), else short beeps."""
        if not self.countdown:
            return False
        if self.mode is not CueMode.full or not self._speak(
            spoken(event, self._names, brief=False), quiet=False
        ):
            self._bell()
        return False

    def _fast(self, event: CueEvent) -> bool:
        """At --speed above 1: the bell at each change, and the headline only where it can be
        said before the sped-up step is over; nothing in between."""
        if event.moment in (Moment.halfway, Moment.soon):
            return False
        words = spoken(event, self._names, brief=True)
        real_seconds = event.step.seconds / self.speed
        fits = event.moment is Moment.end or _speaking_time(words) <= real_seconds
        if not (fits and self._speak(words, quiet=self.mode is not CueMode.full)):
            self._bell()
        return False

    def _speak(self, text: str, quiet: bool) -> bool:
        text = speakable(text)
        if self.speaker is None or not text:
            return False
        self.speaker.say(text, quiet)
        return True

    def close(self, drain: bool = False) -> None:
        if self.speaker is not None:
            self.speaker.close(END_WAIT_SECONDS if drain else 0.0)


class RecordingCues:
    """A cue player for tests: remembers every event, flashes as `silent` would."""

    def __init__(self, flash: bool = False) -> None:
        self.events: list[CueEvent] = []
        self._flash = flash
        self.closed = False
        self.drained = False

    def cue(self, event: CueEvent) -> bool:
        self.events.append(event)
        return self._flash

    def close(self, drain: bool = False) -> None:
        self.closed = True
        self.drained = drain

    def moments(self) -> list[Moment]:
        return [e.moment for e in self.events]


def _speaking_time(text: str) -> float:
    """Roughly how long `text` takes to say, in seconds."""
    return len(text.split()) / WORDS_PER_SECOND + 0.3
