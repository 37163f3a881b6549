"""Cues: what each mode sounds like, which engine speaks, and that speech never blocks."""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any
from unittest.mock import patch

from massage_coach.models import Pressure
from massage_coach.routine import Step, StepKind
from massage_coach.session.cues import (
    CommandSpeaker,
    CueEvent,
    CueMode,
    Cues,
    Moment,
    find_speaker,
    spoken,
)

STEP = Step(
    start=0,
    seconds=60,
    kind=StepKind.stroke,
    stroke="petrissage",
    area="upper-back",
    side="left",
    pressure=Pressure.medium,
    cue="Knead like dough.",
    why="balance: upper-back",
)
NEXT = STEP.model_copy(update={"side": "right"})


class FakeSpeaker:
    name = "fake"

    def __init__(self) -> None:
        self.said: list[tuple[str, bool]] = []
        self.closed = False

    def say(self, text: str, quiet: bool) -> None:
        self.said.append((text, quiet))

    def close(self) -> None:
        self.closed = True


def cues(mode: CueMode, speaker: FakeSpeaker | None = None) -> tuple[Cues, list[str]]:
    rings: list[str] = []
    return Cues(mode, speaker, lambda: rings.append("bell")), rings


def every_moment(closing: bool = False) -> list[CueEvent]:
    return [
        CueEvent(Moment.start, STEP, NEXT, closing),
        CueEvent(Moment.halfway, STEP, NEXT, closing),
        CueEvent(Moment.soon, STEP, NEXT, closing),
        CueEvent(Moment.switch_side, NEXT, None, closing),
        CueEvent(Moment.end, NEXT, None, True),
    ]


def test_full_rings_and_speaks_at_every_moment() -> None:
    speaker = FakeSpeaker()
    player, rings = cues(CueMode.full, speaker)
    flashes = [player.cue(event) for event in every_moment()]
    assert len(rings) == 5 and len(speaker.said) == 5 and not any(flashes)
    assert speaker.said[0] == ("Petrissage, upper back left. Medium pressure.", False)
    assert speaker.said[2][0] == "Next: petrissage, upper back right."


def test_soft_speaks_briefly_and_quietly_only_at_transitions() -> None:
    speaker = FakeSpeaker()
    player, rings = cues(CueMode.soft, speaker)
    for event in every_moment():
        player.cue(event)
    assert speaker.said == [
        ("Petrissage, upper back left.", True),
        ("Switch side.", True),
        ("All done.", True),
    ]
    assert rings == []


def test_soft_says_less_in_the_closing_phase() -> None:
    speaker = FakeSpeaker()
    player, rings = cues(CueMode.soft, speaker)
    for event in every_moment(closing=True):
        player.cue(event)
    assert speaker.said == [("All done.", True)]
    assert rings == ["bell", "bell"]  # the start and the side switch, without words


def test_silent_makes_no_sound_and_flashes_instead() -> None:
    speaker = FakeSpeaker()
    player, rings = cues(CueMode.silent, speaker)
    flashes = [player.cue(event) for event in every_moment()]
    assert rings == [] and speaker.said == []
    assert flashes == [True, False, True, True, True]  # not for halfway


def test_without_a_speech_engine_soft_falls_back_to_the_bell() -> None:
    player, rings = cues(CueMode.soft, None)
    player.cue(CueEvent(Moment.start, STEP))
    assert rings == ["bell"]


def test_check_ins_and_breaks_have_their_own_words() -> None:
    check_in = STEP.model_copy(update={"kind": StepKind.check_in, "stroke": None, "area": None})
    words = spoken(CueEvent(Moment.start, check_in), lambda s: ("Check-in", "-"), brief=False)
    assert words == "Check in: more, less, or the same?"


def test_the_platform_engine_is_found_by_name() -> None:
    def engine(platform: str, installed: set[str]) -> str | None:
        speaker = find_speaker(platform, lambda name: f"/bin/{name}" if name in installed else None)
        return speaker.name if speaker else None

    assert engine("linux", {"espeak-ng", "espeak"}) == "espeak-ng"
    assert engine("linux", {"espeak"}) == "espeak"
    assert engine("darwin", {"say"}) == "say"
    assert engine("win32", {"powershell"}) == "SAPI"
    assert engine("linux", set()) is None


def test_speech_never_blocks_and_a_new_cue_cuts_the_old_one() -> None:
    started: list[subprocess.Popen[bytes]] = []
    real_popen = subprocess.Popen

    def popen(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        started.append(real_popen(*args, **kwargs))
        return started[-1]

    # A stand-in engine that takes ten seconds to "speak".
    slow = [sys.executable, "-c", "import time; time.sleep(10)"]
    speaker = CommandSpeaker("slow", lambda text, quiet: slow)
    began = time.monotonic()
    with patch.object(subprocess, "Popen", popen):
        speaker.say("one", quiet=True)
        speaker.say("two", quiet=True)
    assert time.monotonic() - began < 2.0
    assert started[0].wait(timeout=2) is not None  # the first was cut short
    assert started[1].poll() is None  # the second is still speaking
    speaker.close()
    assert started[1].wait(timeout=2) is not None
