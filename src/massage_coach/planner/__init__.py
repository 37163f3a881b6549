"""Choices + Library -> Plan: every routine rule lives in this package.

A pure function of its arguments: no I/O, no clock, and randomness only from `Choices.seed`.
The rules (domain notes, sections 1-3, and the project's issue 3):

- A light whole-back warm-up opens and a light cool-down closes; deeper work comes after the
  warm-up and builds up one level at a time, with lighter link strokes between deeper passes.
- No step is firmer than the chosen level, the screening cap or the area's cap, and a stroke is
  only used at a level its content lists; percussion never goes where it is barred.
- Focus areas get at least 60 % of the main work; avoided areas get nothing.
- A named routine (`Choices.routine`) only narrows the plan: its areas, their order and shares,
  and the strokes it leaves out. Every rule above holds for it as for any choices.
- A check-in at every change of area and after at most five minutes of hands-on work, between
  blocks of work (never inside one side's run), never two within two minutes: every area
  block (side-lying, each side's half) lasts two minutes or more. Under 20 minutes the
  warm-up and cool-down give way first (down to a floor), then areas are left out; a session
  too short for any area's block is whole-back glides only, with a note. A giver break after
  at most `giver_break_every_minutes`, from the first step to the last (sessions of 30
  minutes or more, or shorter ones when breaks come more often than every 20 minutes): the
  warm-up and cool-down are shortened to keep it, and the area work gives the breaks time.
- Sided areas get the same time on each side: both-sides strokes in one step, one-sided ones
  grouped by side (one change of side a pass); side-lying, all of one side, then the other.
- Calm blocks from 20 minutes: steps of a minute or more, one warm-up and one cool-down step.
- Steps are whole seconds, every hands-on step lasts at least 30 s, and the steps add up to
  exactly `minutes * 60`.

The modules, in the order a plan is made:

- `resolve`: the choices checked against the content (did-you-mean), reduced to a `Setup`.
- `levels`: how firm a stroke or tool may be on an area, and where it may go.
- `drafts`: steps before their start times are known, their cues, whole-second sharing.
- `blocks`: the main work shared out between areas, each worked in passes.
- `pauses`: the runs of work between check-ins, and check-ins and giver breaks placed.
- `build`: the whole timeline, from heat and warm-up to aftercare (`plan`).
- `adjust`: a running plan changed (`with_pressure`, `extend`).
- `limits`: the numbers and cue words they share.
"""

from __future__ import annotations

from .adjust import extend, focus_share, with_pressure
from .build import plan
from .drafts import cue_lines, stroke_cue
from .levels import (
    area_level,
    is_link,
    one_firmer_at_most,
    percussion_barred,
    stroke_allowed,
    stroke_level,
    tool_allowed,
    tool_level,
)
from .limits import (
    AFTERCARE_SECONDS,
    BREAK_CUE,
    BREAK_MARGIN_SECONDS,
    BREAKS_FROM_MINUTES,
    CHECK_IN_CUE,
    CHECK_IN_EVERY_SECONDS,
    CHECK_IN_SECONDS,
    DEFAULT_BREAK_EVERY_MINUTES,
    EVEN_SIDES_CUE,
    FOCUS_SHARE,
    GLIDES_ONLY_NOTE,
    MAX_STROKE_STEP_SECONDS,
    MIN_FOCUS_SHARE,
    NEW_AREA_CUE,
    OIL_SECONDS,
    PERCUSSION_SHARE,
    ROUND_SECONDS,
    STRETCHES_ITEM,
    SWITCH_SIDE_CUE,
    is_glides_only_note,
)
from .resolve import routine_for

__all__ = [
    "AFTERCARE_SECONDS",
    "BREAKS_FROM_MINUTES",
    "BREAK_CUE",
    "BREAK_MARGIN_SECONDS",
    "CHECK_IN_CUE",
    "CHECK_IN_EVERY_SECONDS",
    "CHECK_IN_SECONDS",
    "DEFAULT_BREAK_EVERY_MINUTES",
    "EVEN_SIDES_CUE",
    "FOCUS_SHARE",
    "GLIDES_ONLY_NOTE",
    "MAX_STROKE_STEP_SECONDS",
    "MIN_FOCUS_SHARE",
    "NEW_AREA_CUE",
    "OIL_SECONDS",
    "PERCUSSION_SHARE",
    "ROUND_SECONDS",
    "STRETCHES_ITEM",
    "SWITCH_SIDE_CUE",
    "area_level",
    "cue_lines",
    "extend",
    "focus_share",
    "is_glides_only_note",
    "is_link",
    "one_firmer_at_most",
    "percussion_barred",
    "plan",
    "routine_for",
    "stroke_allowed",
    "stroke_cue",
    "stroke_level",
    "tool_allowed",
    "tool_level",
    "with_pressure",
]
