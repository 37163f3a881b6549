"""One way to look up a typed name: exact, an alias, any case; else a did-you-mean."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from massage_coach.errors import UsageError
from massage_coach.library import bundled_library
from massage_coach.names import did_you_mean, find, match, suggest

from ..clirunner import plan_json, run

AREAS = {"neck": "Neck", "upper-back": "Upper back", "lower-back": "Lower back"}
ALIASES = {"shoulders": "upper-back"}


def test_an_exact_name_then_an_alias_then_any_case() -> None:
    assert match("neck", AREAS, ALIASES) == "neck"
    assert match("shoulders", AREAS, ALIASES) == "upper-back"
    assert match("Upper-Back", AREAS, ALIASES) == "upper-back"
    assert match("SHOULDERS", AREAS, ALIASES) == "upper-back"
    assert match("knee", AREAS, ALIASES) is None


@given(st.sampled_from(sorted(bundled_library().strokes)), st.data())
def test_every_stroke_is_found_whatever_the_case(stroke: str, data: st.DataObject) -> None:
    flips = data.draw(st.lists(st.booleans(), min_size=len(stroke), max_size=len(stroke)))
    typed = "".join(c.upper() if up else c for c, up in zip(stroke, flips, strict=True))
    assert find("stroke", typed, bundled_library().strokes).id == stroke


def test_an_unknown_name_is_a_usage_error_with_a_did_you_mean() -> None:
    with pytest.raises(UsageError) as caught:
        find("area", "lower-bak", AREAS, ALIASES)
    assert caught.value.message == "Unknown area 'lower-bak'."
    assert caught.value.suggestion == "lower-back"
    assert suggest("shoulder", [*AREAS, *ALIASES]) == "shoulders"
    assert did_you_mean("nek", AREAS) == "; did you mean 'neck'?"
    assert did_you_mean("xyzzy", AREAS) == ""


@pytest.mark.parametrize(
    "command",
    [
        ["techniques", "Effleurage"],
        ["areas", "NECK"],
        ["areas", "Shoulders"],
        ["oils", "Sweet-Almond"],
        ["tools", "Foam-Roller"],
        ["routines", "Desk-Reset"],
        ["checklist", "Prep", "--print"],
    ],
    ids=" ".join,
)
def test_a_name_typed_in_another_case_is_found(command: list[str]) -> None:
    code, out, err = run(*command)
    assert code == 0, err
    lower = run(*[word.lower() for word in command])[1]
    assert out == lower


def test_plan_takes_names_in_any_case() -> None:
    typed = plan_json(
        "--focus", "Shoulders", "--routine", "Desk-Reset", "--tool", "Warm-Towel", "--oil", "Jojoba"
    )  # fmt: skip
    spelt = plan_json(
        "--focus", "shoulders", "--routine", "desk-reset", "--tool", "warm-towel", "--oil", "jojoba"
    )  # fmt: skip
    assert typed == spelt
