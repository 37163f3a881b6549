"""A step in words: the headline instruction, the everyday names, the cue as shown, and the
one line per step printed when the output is piped."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text

from ..routine import Step, StepKind
from .plan import clock, what, where
from .reference import PRESSURE_STYLE

if TYPE_CHECKING:
    from ..frame import Frame
    from ..models import Library


def doing(step: Step, library: Library) -> str:
    """What the hands do, in everyday words: "kneading", "foam roller", "apply oil"."""
    if step.stroke:
        stroke = library.strokes.get(step.stroke)
        return (stroke.plain_name or stroke.name) if stroke else step.stroke
    if step.kind is StepKind.prep and not step.tool:
        if step.why == "oil":
            return "apply oil"
        if step.why == "turn":
            return "turn over"
    return what(step, library)


def on_body(step: Step, library: Library) -> str:
    """Where, from the recipient's body: "their left upper back and shoulders", or ""."""
    if step.area is None:
        if step.kind is not StepKind.stroke and not step.tool:
            return ""
        return f"the {step.side} side of their back" if step.side else "the whole back"
    area = library.areas.get(step.area)
    name = (area.name if area else step.area).lower()
    return f"their {step.side} {name}" if step.side else name


def headline(step: Step, library: Library) -> Text:
    """The instruction, e.g. "KNEADING · their left upper back and shoulders · medium"."""
    text = Text(doing(step, library).upper(), style="bold cyan")
    place = on_body(step, library)
    if place:
        text.append(" · ")
        text.append(place, style="bold")
    if step.pressure is not None:
        text.append(" · ")
        text.append(step.pressure.value, style=f"bold {PRESSURE_STYLE[step.pressure]}")
    return text


SIDES_NOTE = "left and right are the recipient's"


def technical(step: Step, library: Library) -> Text | None:
    """The smaller line under the headline: the stroke's own name, the oil, and whose left."""
    parts = []
    if step.stroke:
        stroke = library.strokes.get(step.stroke)
        if stroke is not None and stroke.plain_name:
            parts.append(stroke.name)
    if step.oil:
        oil = library.oils.get(step.oil)
        parts.append(oil.name if oil else step.oil)
    if step.side:
        parts.append(SIDES_NOTE)
    return Text(" · ".join(parts), style="dim") if parts else None


_DOUBLED_STOP = re.compile(r"\s*([.!?:;,])(?:\s*[.!?:;,])+(?=\s|$)")


def as_sentence(text: str) -> str:
    """`text` as one sentence: no doubled punctuation where parts were joined ("questions.."
    or "answers:." read as one full stop), ending in a full stop unless it already ends in
    one, a question or an exclamation mark."""

    def last_kept(match: re.Match[str]) -> str:
        marks = re.sub(r"\s", "", match.group(0))
        ends = [m for m in marks if m in ".!?"]
        return ends[0] if ends else marks[-1]

    text = re.sub(r"\s+(?=[.!?:;,](?:\s|$))", "", text.strip())
    text = _DOUBLED_STOP.sub(last_kept, text)
    if not text or text[-1] in ".!?":
        return text
    return text.rstrip(":;,") + "."


def plain_line(frame: Frame, library: Library) -> str:
    """`elapsed  stroke | area | pressure | cue` for the step a frame shows."""
    step = frame.step
    pressure = step.pressure.value if step.pressure else "-"
    return (
        f"{clock(frame.step_started):>7}  {what(step, library)} | {where(step, library)} | "
        f"{pressure} | {shown_cue(frame)}"
    )


def shown_cue(frame: Frame) -> str:
    """The step's cue, opened once with the change of side when the giver must walk round."""
    cue = frame.step.cue
    if not frame.switch_side or not frame.step.side or cue.lower().startswith("switch side"):
        return cue
    return f"Switch side, to their {frame.step.side}: {cue}"
