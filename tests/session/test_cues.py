"""Cues: what each mode sounds like, which engine speaks, and that speech never blocks."""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any
from unittest.mock import patch

from massage_coach.library import bundled_library
from massage_coach.models import Pressure
from massage_coach.routine import Step, StepKind
from massage_coach.session.cues import (
    CommandSpeaker,
    CueEvent,
    CueMode,
    Cues,
    Moment,
    find_speaker,
    speakable,
    speech_namer,
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

    def close(self, wait: float = 0.0) -> None:
        self.closed = True
        self.waited = wait


def cues(
    mode: CueMode, speaker: FakeSpeaker | None = None, speed: float = 1.0, countdown: bool = True
) -> tuple[Cues, list[str]]:
    rings: list[str] = []
    names = speech_namer(bundled_library())
    bell = lambda: rings.append("bell")  # noqa: E731
    return Cues(mode, speaker, bell, names, countdown=countdown, speed=speed), rings


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
    assert speaker.said[0] == (
        "Kneading, their left upper back and shoulders. Medium pressure.",
        False,
    )
    assert speaker.said[2][0] == "Next: kneading, their right upper back and shoulders."
    assert speaker.said[3][0] == "Switch side: their right side now."


def test_soft_speaks_briefly_and_quietly_only_at_transitions() -> None:
    speaker = FakeSpeaker()
    player, rings = cues(CueMode.soft, speaker)
    for event in every_moment():
        player.cue(event)
    assert speaker.said == [
        ("Kneading, their left upper back and shoulders.", True),
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
    soon = spoken(CueEvent(Moment.soon, STEP, check_in), lambda s: ("check-in", ""), brief=False)
    assert soon == "Next: a check-in."


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


OIL = Step(start=0, seconds=60, kind=StepKind.prep, oil="sweet-almond", cue="Warm it.", why="oil")


def test_the_oil_step_names_the_oil_and_nothing_unspeakable_is_sent() -> None:
    speaker = FakeSpeaker()
    player, _ = cues(CueMode.full, speaker)
    for event in [
        CueEvent(Moment.soon, STEP, OIL),
        CueEvent(Moment.start, OIL, STEP),
        CueEvent(Moment.soon, OIL, STEP),
    ]:
        player.cue(event)
    said = [text for text, _ in speaker.said]
    assert said[0] == "Next: apply the sweet almond oil."
    assert said[1] == "Apply the sweet almond oil."
    assert all(" -" not in t and "-." not in t and ", ." not in t for t in said)


def test_speakable_drops_lone_symbols_and_empty_clauses() -> None:
    assert speakable("Apply oil, -.") == "Apply oil."
    assert speakable("Next: check-in, -.") == "Next: check-in."
    assert speakable("Kneading (left) | medium") == "Kneading left medium"
    assert speakable("  -  ") == ""


def test_soft_beeps_three_two_one_and_full_says_it() -> None:
    counts = [CueEvent(m, STEP, NEXT) for m in (Moment.three, Moment.two, Moment.one)]
    speaker = FakeSpeaker()
    soft, rings = cues(CueMode.soft, speaker)
    for event in counts:
        soft.cue(event)
    assert rings == ["bell"] * 3 and speaker.said == []
    full, rings = cues(CueMode.full, speaker)
    for event in counts:
        full.cue(event)
    assert [t for t, _ in speaker.said] == ["Three.", "Two.", "One."] and rings == []
    for mode, countdown in ((CueMode.silent, True), (CueMode.soft, False)):
        off, rings = cues(mode, speaker, countdown=countdown)
        assert not any(off.cue(event) for event in counts) and rings == []


def test_at_a_high_speed_only_the_headline_that_fits_is_said() -> None:
    speaker = FakeSpeaker()
    player, rings = cues(CueMode.full, speaker, speed=10)  # a 60 s step lasts 6 s
    for event in [*every_moment(), CueEvent(Moment.three, STEP, NEXT)]:
        player.cue(event)
    assert [t for t, _ in speaker.said] == [
        "Kneading, their left upper back and shoulders.",
        "Switch side.",
        "All done.",
    ]
    assert rings == []  # no count-down at speed: its seconds are not real seconds
    player, rings = cues(CueMode.full, speaker, speed=100)  # 0.6 s: not even the headline
    player.cue(CueEvent(Moment.start, STEP, NEXT))
    assert rings == ["bell"] and len(speaker.said) == 3


def test_a_normal_finish_waits_for_the_last_words_and_a_stop_cuts_them() -> None:
    speaker = FakeSpeaker()
    player, _ = cues(CueMode.soft, speaker)
    player.close(drain=True)
    assert 0 < speaker.waited <= 5
    player.close(drain=False)
    assert speaker.waited == 0


def test_the_engine_is_given_time_to_finish_the_last_words() -> None:
    quick = [sys.executable, "-c", "import time; time.sleep(0.3)"]
    speaker = CommandSpeaker("quick", lambda text, quiet: quick)
    speaker.say("All done.", quiet=True)
    child = speaker._children[0]
    speaker.close(wait=5.0)
    assert child.returncode == 0  # ended by itself, not terminated
