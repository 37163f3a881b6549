"""The numbers and cue words the planner's rules share (domain notes, sections 1-3)."""

from typing import Literal

CHECK_IN_SECONDS = 10
CHECK_IN_EVERY_SECONDS = 300
"""At most this much hands-on time between two check-ins (domain notes: ~every 5 minutes)."""
MAX_STROKE_STEP_SECONDS = 240
"""Longer blocks are split so a check-in always fits inside the five minutes."""
ROUND_SECONDS = 480
"""An area (each side) is worked in passes of at most this long, opening and closing lightly."""
CALM_FROM_MINUTES = 20
"""From this long, the plan works in calm blocks: steps of a minute or more, few of them."""
CALM_STEP_SECONDS = 60
LONG_PLAN_MINUTES = 45
"""From this long, strokes aim for a minute and a half."""
WHOLE_BACK_SECONDS = 300
"""The warm-up and the cool-down are one step each, at most this long."""
MIN_AREA_SECONDS = 120
"""An area block shorter than this cannot stand between two check-ins: it is left out (in a
plan of any length; side-lying, each side's half of the block)."""
WHOLE_BACK_FLOOR_SECONDS = 45
WARM_UP_FLOOR_SHARE = 0.15
COOL_DOWN_FLOOR_SHARE = 0.10
"""Under CALM_FROM_MINUTES the warm-up and cool-down give time to the areas before an area is
left out, but never below the low end of their share of the session in the domain notes
(section 1: opening effleurage 15-20 %, closing 10-15 %), nor below 45 s: half as long again
as the shortest hands-on step, time for a few slow glides that spread the oil and let both
people settle (at 5 minutes, 45 s is 15 % of the session)."""
GLIDES_ONLY_NOTE = "Only slow glides over the whole back fit in {minutes} minutes"
"""The note of a plan too short for any area's block: it says how long the area work needs."""


def is_glides_only_note(note: str) -> bool:
    """Whether `note` is the one a plan too short for any area's block carries."""
    return note.startswith(GLIDES_ONLY_NOTE.partition("{")[0])


def lower_first(name: str) -> str:
    """An area's name inside a sentence: "Lower back" -> "lower back"."""
    return name[0].lower() + name[1:]


CHECK_IN_GAP_SECONDS = 120
"""Never two check-ins within this long of each other."""
SHORT_PLAN_MINUTES = 30
SHORT_PLAN_AREAS = 2
"""A plan shorter than SHORT_PLAN_MINUTES works at most this many areas."""
CALM_MAIN_STEPS = 12
"""A plan of CALM_FROM_MINUTES to SHORT_PLAN_MINUTES has at most this many hands-on steps in
its main work (14 with the warm-up and cool-down)."""
FOCUS_SHARE = 0.7
MIN_FOCUS_SHARE = 0.6
PERCUSSION_SHARE = 0.10
"""Tapotement stays a brief burst: at most this share of a pass (domain notes, section 1)."""
BREAK_MARGIN_SECONDS = 60
"""Breaks are placed this much before the deadline, so small adjustments never overshoot it."""
OIL_SECONDS = 60
PLAIN_OIL_SECONDS = 30
"""No oil chosen: a little plain carrier oil, spread in one short step."""
AFTERCARE_SECONDS = 30
BREAKS_FROM_MINUTES = 30
DEFAULT_BREAK_EVERY_MINUTES = 20

TURN_SECONDS = 30
SIDE_LYING_SIDES: tuple[Literal["left"], Literal["right"]] = ("left", "right")
"""Side-lying, the side of the back worked first, then the other."""
TURN_CUE = (
    "Help them turn slowly onto their other side, and move the pillows with them so they "
    "lie supported and comfortable."
)
SIDE_LYING_GLIDE = (
    "The {side} side of the back, lying on their side: long slow glides beside the spine."
)

STRETCHES_ITEM = "stretches"
"""The self-care checklist item whose `how` says what to do in a giver break."""

CHECK_IN_CUE = "How is the pressure: more, less or the same?"
NEW_AREA_CUE = "Moving on to {area}. " + CHECK_IN_CUE
SWITCH_SIDE_CUE = "Switch side: "
BREAK_CUE = "Giver break: stretch your hands and wrists."
EVEN_SIDES_CUE = "Switch side again, so both sides get the same time: "
