"""Option precedence: command line > profile > environment > config file > built-in; allergies."""

from __future__ import annotations

from pathlib import Path

import pytest

from massage_coach.errors import UsageError
from massage_coach.library import load_library
from massage_coach.models import Library, Pressure
from massage_coach.store.config import Config, load_config
from massage_coach.store.preferences import (
    Given,
    apply_allergies,
    refused_oil,
    routine_defaults,
)
from massage_coach.store.profiles import Profile

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture
def library() -> Library:
    return load_library(FIXTURES / "good")


def test_with_nothing_given_the_built_in_defaults_apply() -> None:
    merged = routine_defaults(Given(), None, Config())
    assert merged.pressure is Pressure.medium and merged.minutes == 20
    assert merged.focus == () and merged.avoid == () and merged.oil is None
    assert merged.giver_break_every_minutes == 20 and merged.giver_break_seconds == 30


def test_each_source_beats_the_ones_below_it(tmp_path: Path) -> None:
    file = tmp_path / "config.yaml"
    file.write_text("pressure: light\nminutes: 30\nfocus: [lower-back]\n")
    from_file = load_config({}, file).value
    assert routine_defaults(Given(), None, from_file).pressure is Pressure.light

    from_env = load_config({"MASSAGE_COACH_PRESSURE": "firm"}, file).value
    assert routine_defaults(Given(), None, from_env).pressure is Pressure.firm

    anna = Profile(name="Anna", pressure=Pressure.medium, focus=["upper-back"])
    merged = routine_defaults(Given(), anna, from_env)
    assert merged.pressure is Pressure.medium and merged.focus == ("upper-back",)
    assert merged.minutes == 30 and merged.profile == "Anna"

    typed = routine_defaults(Given(pressure=Pressure.light, focus=("neck",)), anna, from_env)
    assert typed.pressure is Pressure.light and typed.focus == ("neck",)


def test_areas_to_avoid_add_up_from_every_source_and_beat_focus() -> None:
    anna = Profile(name="Anna", avoid=["lower-back"], focus=["upper-back", "lower-back"])
    merged = routine_defaults(Given(avoid=("neck",)), anna, Config(avoid=["hips"]))
    assert merged.avoid == ("neck", "lower-back", "hips")
    assert merged.focus == ("upper-back",)


def test_the_giver_break_settings_come_from_the_config() -> None:
    merged = routine_defaults(
        Given(), None, Config(giver_break_every_minutes=15, giver_break_seconds=60)
    )
    assert (merged.giver_break_every_minutes, merged.giver_break_seconds) == (15, 60)


@pytest.mark.parametrize(
    ("allergy", "reason"),
    [
        ("sweet-almond", "Sweet almond oil is refused: the recipient is allergic to it."),
        ("nut", "it is a nut oil and the recipient has a nut allergy"),
        ("nut-allergy", "it is a nut oil and the recipient has a nut allergy"),
    ],
)
def test_an_oil_is_refused_by_id_family_or_condition(
    library: Library, allergy: str, reason: str
) -> None:
    message = refused_oil(library.oils["sweet-almond"], [allergy])
    assert message is not None and reason in message


def test_a_condition_in_the_oils_avoid_list_refuses_it(library: Library) -> None:
    message = refused_oil(library.oils["lavender"], ["pregnancy"])
    assert message == "Lavender is refused: it is to be avoided with pregnancy."


def test_an_oil_unrelated_to_the_allergies_is_allowed(library: Library) -> None:
    assert refused_oil(library.oils["lavender"], ["nut", "sweet-almond", "coconut-allergy"]) is None
    assert refused_oil(library.oils["sweet-almond"], []) is None


def test_a_refused_oil_typed_on_the_command_line_is_a_usage_error(library: Library) -> None:
    anna = Profile(name="Anna", allergies=["nut"])
    merged = routine_defaults(Given(oil="sweet-almond"), anna, Config())
    with pytest.raises(UsageError, match="Sweet almond oil is refused"):
        apply_allergies(merged, library)


def test_a_refused_default_oil_is_left_out_with_a_notice(library: Library) -> None:
    anna = Profile(name="Anna", allergies=["nut-allergy"])
    merged = routine_defaults(Given(), anna, Config(oil="sweet-almond"))
    checked = apply_allergies(merged, library)
    assert checked.value.oil is None
    assert "default oil is left out" in checked.notices[0]
    fine = apply_allergies(routine_defaults(Given(), None, Config(oil="sweet-almond")), library)
    assert fine.value.oil == "sweet-almond" and fine.notices == []


def test_with_the_content_aliases_count_as_their_area(library: Library) -> None:
    anna = Profile(name="Anna", avoid=["shoulders"])
    merged = routine_defaults(Given(focus=("upper-back", "lower-back")), anna, Config(), library)
    assert merged.avoid == ("upper-back",) and merged.focus == ("lower-back",)
