"""The bundled content is consistent with itself and with the safety rules it declares."""

from __future__ import annotations

import pytest

from massage_coach.library import bundled_library
from massage_coach.models import Library, Pressure


@pytest.fixture(scope="module")
def library() -> Library:
    return bundled_library()


def test_the_five_strokes_in_classic_order(library: Library) -> None:
    assert [s.id for s in library.strokes_in_sequence()] == [
        "effleurage",
        "petrissage",
        "friction",
        "tapotement",
        "vibration",
    ]


def test_the_four_areas_and_the_shoulders_alias(library: Library) -> None:
    assert set(library.areas) == {"neck", "upper-back", "lower-back", "hips-glutes"}
    assert library.area_for("shoulders") is library.areas["upper-back"]


def test_every_stroke_is_used_by_some_area(library: Library) -> None:
    used = {stroke for area in library.areas.values() for stroke in area.strokes}
    assert used == set(library.strokes)


def test_every_area_stroke_and_tool_area_exists(library: Library) -> None:
    for area in library.areas.values():
        assert set(area.strokes) <= set(library.strokes)
    for tool in library.tools.values():
        assert set(tool.areas) <= set(library.areas)


def test_default_shares_add_up_to_the_whole(library: Library) -> None:
    assert sum(area.default_share for area in library.areas.values()) == 100


def test_kidney_area_and_neck_are_protected(library: Library) -> None:
    assert library.areas["lower-back"].no_percussion
    assert library.areas["neck"].no_percussion
    assert library.areas["neck"].max_pressure is Pressure.light


def test_percussion_is_never_a_light_stroke(library: Library) -> None:
    for stroke in library.strokes.values():
        if stroke.percussive:
            assert Pressure.light not in stroke.pressures


def test_percussive_tools_avoid_no_percussion_areas(library: Library) -> None:
    for tool in library.tools.values():
        if tool.percussive:
            assert not any(library.areas[a].no_percussion for a in tool.areas), tool.id


def test_foam_roller_stays_off_the_lower_back(library: Library) -> None:
    assert library.tools["foam-roller"].areas == ["upper-back"]


def test_every_oil_has_a_caution_and_essential_oils_are_capped(library: Library) -> None:
    for oil in library.oils.values():
        assert oil.cautions
        if oil.type == "essential":
            assert oil.dilution is not None and oil.dilution.max_percent <= 3


def test_nut_oils_are_flagged_for_nut_allergy(library: Library) -> None:
    for oil in library.oils.values():
        if "nut" in oil.families:
            assert "nut-allergy" in [c.value for c in oil.avoid_if]


def test_checklists_cover_prep_safety_aftercare_and_self_care(library: Library) -> None:
    assert set(library.checklists) >= {"prep", "safety", "aftercare", "self-care"}
    prep = library.checklists["prep"]
    assert len(prep.items) >= 5
    assert all(item.why and item.how for item in prep.items)
    safety = library.checklists["safety"]
    actions = {item.if_yes.action for item in safety.items if item.if_yes}
    assert actions == {"stop", "caution"}


def test_guides_include_tips_benefits_and_stop_signals(library: Library) -> None:
    assert set(library.guides) >= {"tips", "benefits", "stop-signals"}


BANNED_CLAIMS = (
    "cure",
    "heals",
    "toxin",
    "flush",
    "lactic",
    "boosts circulation",
    "break up knots",
)


def test_no_unsupported_medical_claims(library: Library) -> None:
    """Claims the domain notes rule out may appear only when the text says they are not true."""
    for kind, items in library.model_dump().items():
        for item_id, item in items.items():
            text = str(item).lower()
            for claim in BANNED_CLAIMS:
                if claim in text:
                    window = text[max(0, text.index(claim) - 80) : text.index(claim)]
                    assert any(w in window for w in ("not", "no ", "n't", "never")), (
                        f"{kind}/{item_id} mentions '{claim}' without saying it is not so"
                    )
