"""The numbers and cue words the planner's rules share (domain notes, sections 1-3)."""

CHECK_IN_SECONDS = 10
CHECK_IN_EVERY_SECONDS = 300
"""At most this much hands-on time between two check-ins (domain notes: ~every 5 minutes)."""
MAX_STROKE_STEP_SECONDS = 240
"""Longer blocks are split so a check-in always fits inside the five minutes."""
ROUND_SECONDS = 480
"""An area (each side) is worked in passes of at most this long, opening and closing lightly."""
FOCUS_SHARE = 0.7
MIN_FOCUS_SHARE = 0.6
PERCUSSION_SHARE = 0.10
"""Tapotement stays a brief burst: at most this share of a pass (domain notes, section 1)."""
BREAK_MARGIN_SECONDS = 60
"""Breaks are placed this much before the deadline, so small adjustments never overshoot it."""
OIL_SECONDS = 60
AFTERCARE_SECONDS = 30
BREAKS_FROM_MINUTES = 30
DEFAULT_BREAK_EVERY_MINUTES = 20

STRETCHES_ITEM = "stretches"
"""The self-care checklist item whose `how` says what to do in a giver break."""

CHECK_IN_CUE = "How is the pressure: more, less or the same?"
NEW_AREA_CUE = "Moving on to {area}. " + CHECK_IN_CUE
SWITCH_SIDE_CUE = "Switch side: "
BREAK_CUE = "Giver break: stretch your hands and wrists."
EVEN_SIDES_CUE = "Switch side again, so both sides get the same time: "
