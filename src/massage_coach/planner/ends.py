"""What comes around the main work: the heat, the warm-up and the oil before it, the cool-down
and the aftercare after it, and how long the whole-back steps may be (domain notes, section 1)."""

from __future__ import annotations

import itertools
import math

from ..models import Library, Oil, Pressure, Stroke
from ..routine import (
    MIN_STROKE_SECONDS,
    Choices,
    Side,
    StepKind,
)
from ..safety_floor import first_time
from .drafts import Cues, Draft, split, stroke_cue
from .limits import (
    AFTERCARE_SECONDS,
    CALM_FROM_MINUTES,
    CHECK_IN_SECONDS,
    COOL_DOWN_FLOOR_SHARE,
    OIL_SECONDS,
    PLAIN_OIL_SECONDS,
    SIDE_LYING_GLIDE,
    SIDE_LYING_SIDES,
    TURN_CUE,
    TURN_SECONDS,
    WARM_UP_FLOOR_SHARE,
    WHOLE_BACK_FLOOR_SECONDS,
    WHOLE_BACK_SECONDS,
)
from .pauses import (
    break_stretch,
)
from .resolve import Setup

# (minutes, warm-up seconds, cool-down seconds): domain notes section 1, interpolated between.
_TEMPLATE = (
    (5, 60, 45),
    (10, 120, 90),
    (20, 180, 180),
    (30, 240, 180),
    (45, 300, 300),
    (60, 360, 360),
    (90, 480, 420),
)


def _interpolate(minutes: int) -> tuple[int, int]:
    """Warm-up and cool-down seconds for a session length (template, rounded to 5 s)."""
    for (m0, w0, c0), (m1, w1, c1) in itertools.pairwise(_TEMPLATE):
        if m0 <= minutes <= m1:
            f = (minutes - m0) / (m1 - m0)
            return 5 * round((w0 + f * (w1 - w0)) / 5), 5 * round((c0 + f * (c1 - c0)) / 5)
    return _TEMPLATE[-1][1], _TEMPLATE[-1][2]


def _whole_back(
    stroke: Stroke, seconds: int, why: str, cues: Cues, setup: Setup, side: Side | None = None
) -> Draft:
    """One light step over the whole back, both sides at once (or, side-lying, the whole of
    one side), keeping off avoided areas."""
    if side is None:
        cue = stroke_cue(stroke, Pressure.light, cues.pick(stroke.cues))
    else:
        cue = stroke_cue(stroke, Pressure.light, SIDE_LYING_GLIDE.format(side=side))
    if setup.avoid_names:
        cue += f" Leave out the {joined(setup.avoid_names)}."
    return Draft(
        StepKind.stroke,
        seconds,
        cue,
        why,
        stroke=stroke.id,
        side=side,
        pressure=Pressure.light,
        bilateral=side is None,
    )


def turn() -> Draft:
    """Side-lying: the one turn, from the first side to the second."""
    return Draft(StepKind.prep, TURN_SECONDS, TURN_CUE, "turn")


def joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


BLEND_ML = 10
"""A back massage uses roughly 10-15 mL of oil (domain notes, section 4): one blend of 10 mL."""


DROPS_PER_ML = 20


def blend(oil: Oil, choices: Choices) -> tuple[float, int]:
    """The essential oil's strength (percent) and its drops in BLEND_ML of carrier: the gentle
    strength for a first-time oil or a frail or older recipient, else the normal one."""
    assert oil.dilution is not None
    gentle = choices.gentle_dilution or first_time(oil, choices)
    percent = oil.dilution.gentle_percent if gentle else oil.dilution.normal_percent
    return percent, max(1, round(percent * BLEND_ML * DROPS_PER_ML / 100))


def blend_words(oil: Oil, carrier: Oil | None, choices: Choices) -> str:
    """'4 drops of lavender essential oil in 10 mL (2 teaspoons) of sunflower oil (2 %)'."""
    percent, drops = blend(oil, choices)
    base = carrier.name.lower() if carrier is not None else "a plain carrier oil"
    return (
        f"{drops} drop{'s' if drops != 1 else ''} of {oil.name.lower()} in {BLEND_ML} mL "
        f"(2 teaspoons) of {base} ({percent:g} %)"
    )


def _oil_cue(oil: Oil, carrier: Oil | None, choices: Choices) -> str:
    """Applying the oil: an essential oil as the blend mixed beforehand, its carrier named
    (never neat); the patch-test reminder and the oil's first caution."""
    if oil.type == "essential" and oil.dilution is not None:
        parts = [
            f"Use the blend you mixed beforehand: {blend_words(oil, carrier, choices)}, "
            "never neat. Warm a little in your hands and spread it with long strokes."
        ]
    else:
        parts = [f"Warm the {oil.name.lower()} in your hands and spread it with long strokes."]
    if oil.patch_test:
        parts.append("Only after a clear patch test 24 hours ago.")
    parts.append(oil.cautions[0])
    return " ".join(parts)


def opening(
    setup: Setup, choices: Choices, cues: Cues, after: int
) -> tuple[list[Draft], list[Draft], tuple[int, int]]:
    """Heat (if any), the oil and the warm-up; then the cool-down (`after`: the seconds of
    aftercare that follow it); and the longest the warm-up and cool-down may grow. Where
    giver breaks come often, the heat and the whole-back steps are kept short enough for
    the breaks (see `_whole_back_caps`)."""
    total = choices.minutes * 60
    warm, cool = _interpolate(choices.minutes)
    stretch = break_stretch(choices)
    oil_seconds = 0
    if setup.oil is not None:
        oil_seconds = OIL_SECONDS if choices.minutes >= 10 else OIL_SECONDS // 2
    elif setup.plain_oil:
        oil_seconds = PLAIN_OIL_SECONDS
    head: list[Draft] = []
    if setup.heat_tool is not None:
        tool = setup.heat_tool
        seconds = max(MIN_STROKE_SECONDS, min(tool.seconds, total // 10))
        if stretch is not None:  # room left before the first break for the shortest warm-up
            seconds = min(seconds, stretch - oil_seconds - WHOLE_BACK_FLOOR_SECONDS)
        head.append(
            Draft(
                StepKind.prep,
                seconds,
                " ".join(x for x in (tool.cue, tool.check, tool.cautions[0]) if x),
                "heat",
                tool=tool.id,
            )
        )
    prep = oil_seconds + sum(d.seconds for d in head)
    caps = _whole_back_caps(choices, prep, after, setup.side_lying)
    warm, cool = min(warm, caps[0]), min(cool, caps[1])
    first: Side | None = None
    second: Side | None = None
    if setup.side_lying:  # the same time on each side: the warm-up on one, cool-down on the other
        warm = cool = min(5 * round((warm + cool) / 10), *caps)
        first, second = SIDE_LYING_SIDES
    if setup.oil is not None:
        # before the first stroke on skin, after any warm towel
        cue = _oil_cue(setup.oil, setup.carrier, choices)
        head.append(Draft(StepKind.prep, oil_seconds, cue, "oil", oil=setup.oil.id))
    elif setup.plain_oil:  # the prep list's "a little carrier oil", in one short step
        carrier = setup.carrier
        name = carrier.name.lower() if carrier else "plain carrier oil they have used before"
        cue = f"Warm a little {name} in your hands and spread it with long strokes."
        head.append(
            Draft(StepKind.prep, oil_seconds, cue, "oil", oil=carrier.id if carrier else None)
        )
    head.append(_whole_back(setup.warm_stroke, warm, "warm-up", cues, setup, first))
    tail = [_whole_back(setup.cool_stroke, cool, "cool-down", cues, setup, second)]
    return head, tail, caps


def _whole_back_caps(choices: Choices, prep: int, after: int, side_lying: bool) -> tuple[int, int]:
    """The longest warm-up and cool-down: five minutes each, and where giver breaks come
    often, short enough that no break is overdue before the first one (`prep` seconds of
    heat and oil, then the warm-up: a break never comes before the first stroke) nor after
    the last (a check-in, the cool-down and `after` seconds of aftercare: the hands are
    done). Side-lying, the same on each side."""
    warm = cool = WHOLE_BACK_SECONDS
    first, last = break_stretch(choices), break_stretch(choices, to_end=True)
    if first is not None and last is not None:
        warm = min(warm, first - prep)
        cool = min(cool, last - CHECK_IN_SECONDS - after)
    if side_lying:
        warm = cool = min(warm, cool)
    return warm, cool


def aftercare_steps(library: Library, choices: Choices) -> list[Draft]:
    checklist = library.checklists.get("aftercare")
    if checklist is None or choices.minutes < 10:
        return []
    cue = ". ".join(item.text for item in checklist.items[:2]) + "."
    return [Draft(StepKind.aftercare, AFTERCARE_SECONDS, cue, "aftercare")]


def whole_back_floors(minutes: int, side_lying: bool) -> tuple[int, int]:
    """The shortest warm-up and cool-down a plan under CALM_FROM_MINUTES gives way to."""
    if minutes >= CALM_FROM_MINUTES:
        return WHOLE_BACK_SECONDS, WHOLE_BACK_SECONDS  # no giving way: the template holds
    warm = max(WHOLE_BACK_FLOOR_SECONDS, 5 * math.ceil(minutes * 60 * WARM_UP_FLOOR_SHARE / 5))
    cool = max(WHOLE_BACK_FLOOR_SECONDS, 5 * math.ceil(minutes * 60 * COOL_DOWN_FLOOR_SHARE / 5))
    if side_lying:  # the same on each side
        warm = cool = 5 * math.ceil((warm + cool) / 10)
    return warm, cool


def resize_whole_back(
    warm: Draft,
    cool: Draft,
    change: int,
    floors: tuple[int, int],
    caps: tuple[int, int],
    side_lying: bool,
) -> int:
    """Change the warm-up and cool-down by `change` seconds in all (side-lying, half each):
    shorter by the time they give way (shared by what each has above its floor), or longer by
    the time a glides-only plan gives them (at most `caps`, five minutes or less). Returns the
    seconds left over (an odd second side-lying, or past the caps), for the pauses."""
    half, odd = divmod(abs(change), 2)
    sign = 1 if change > 0 else -1
    if side_lying:
        parts = [sign * half, sign * half]
    elif change > 0:  # giving way: by what each has above its floor
        rooms = [max(warm.seconds - floors[0], 0), max(cool.seconds - floors[1], 0)]
        from_warm = min(rooms[0], round(change * rooms[0] / max(sum(rooms), 1)))
        parts, odd = [from_warm, change - from_warm], 0
    else:
        parts, odd = [-s for s in split(-change, 2)], 0
    left = odd
    for draft, part, cap in zip((warm, cool), parts, caps, strict=True):
        seconds = min(draft.seconds - part, cap)
        left += draft.seconds - part - seconds
        draft.seconds = seconds
    return left
