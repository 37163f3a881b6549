"""The bundled content is consistent with itself and with the safety rules it declares."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from massage_coach.kinds import KIND_FOLDERS
from massage_coach.library import bundled_library
from massage_coach.models import Condition, Library, Pressure
from massage_coach.render.reference import BACK


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


def test_light_effleurage_is_the_unit_of_giver_workload(library: Library) -> None:
    assert library.strokes["effleurage"].workload_weight(Pressure.light) == 1.0


def test_every_stroke_weighs_each_of_its_pressures_and_firmer_is_harder(library: Library) -> None:
    for stroke in library.strokes.values():
        assert set(stroke.workload) == set(stroke.pressures), stroke.id
        weights = [stroke.workload[p] for p in sorted(stroke.pressures, key=lambda p: p.rank)]
        assert weights == sorted(set(weights)), f"{stroke.id}: weights must grow with pressure"
        assert all(w >= 1.0 for w in weights), stroke.id


def test_thumb_and_wrist_strokes_weigh_more_than_gliding_at_firm(library: Library) -> None:
    glide = library.strokes["effleurage"].workload_weight(Pressure.firm)
    for stroke_id in ("petrissage", "friction"):
        assert library.strokes[stroke_id].workload_weight(Pressure.firm) > glide


def test_every_stroke_explains_each_pressure_it_allows(library: Library) -> None:
    for stroke in library.strokes.values():
        assert set(stroke.pressure_notes) == set(stroke.pressures), stroke.id


def test_light_friction_becomes_palm_circles(library: Library) -> None:
    note = library.strokes["friction"].pressure_notes[Pressure.light].lower()
    assert "palm" in note and "no fingertips, thumbs" in note


def test_tapotement_is_percussive_and_warns_off_kidneys_and_spine(library: Library) -> None:
    tapotement = library.strokes["tapotement"]
    assert tapotement.percussive
    cautions = " ".join(tapotement.cautions).lower()
    assert "kidney" in cautions and "spine" in cautions


def test_stroke_sequence_numbers_are_one_to_five(library: Library) -> None:
    assert [s.sequence for s in library.strokes_in_sequence()] == [1, 2, 3, 4, 5]


def test_cues_are_short_enough_to_say_and_show_big(library: Library) -> None:
    cues = [c for s in library.strokes.values() for c in s.cues]
    cues += [t.cue for t in library.tools.values()]
    assert all(len(cue) <= 60 for cue in cues), [c for c in cues if len(c) > 60]


def test_every_recommended_stroke_fits_the_area_rules(library: Library) -> None:
    """An area never recommends a stroke it forbids or that cannot be done under its cap."""
    for area in library.areas.values():
        for stroke_id in area.strokes:
            stroke = library.strokes[stroke_id]
            assert not (stroke.percussive and area.no_percussion), (area.id, stroke_id)
            assert min(p.rank for p in stroke.pressures) <= area.max_pressure.rank, (
                area.id,
                stroke_id,
            )


def test_areas_cover_the_back_figure_top_to_bottom_without_overlap(library: Library) -> None:
    rows = sorted((a.diagram.first, a.diagram.last) for a in library.areas.values())
    assert rows[0][0] == 0 and rows[-1][1] == len(BACK) - 1
    for (_, last), (first, _) in pairwise(rows):
        assert first == last + 1


def test_no_tool_is_used_on_the_light_only_neck(library: Library) -> None:
    for tool in library.tools.values():
        assert "neck" not in tool.areas, tool.id


def test_heat_tools_are_flagged_and_follow_the_lay_rules(library: Library) -> None:
    assert library.tools["warm-towel"].heat and library.tools["hot-stones"].heat
    assert not any(
        t.heat for t in library.tools.values() if t.id not in ("warm-towel", "hot-stones")
    )
    stones = " ".join([*library.tools["hot-stones"].how, *library.tools["hot-stones"].cautions])
    for rule in ("49 °C", "microwave", "cloth", "moving", "lie on a stone"):
        assert rule in stones, rule


def test_essential_oils_are_patch_tested_and_kept_from_pregnancy_children_and_asthma(
    library: Library,
) -> None:
    for oil in library.oils.values():
        if oil.type == "essential":
            assert oil.patch_test, oil.id
            assert {Condition.pregnancy, Condition.children, Condition.asthma} <= set(oil.avoid_if)
            assert any("swallow" in c.lower() for c in oil.cautions), oil.id


def test_peppermint_stays_at_or_below_two_percent(library: Library) -> None:
    dilution = library.oils["peppermint"].dilution
    assert dilution is not None and dilution.max_percent <= 2


def test_allergy_families_are_flagged_on_every_oil(library: Library) -> None:
    flags = {"nut": Condition.nut_allergy, "coconut": Condition.coconut_allergy}
    flags["seed"] = Condition.seed_allergy
    for oil in library.oils.values():
        for family in oil.families:
            assert flags[family] in oil.avoid_if, (oil.id, family)


def test_there_are_nut_free_carriers(library: Library) -> None:
    nut_free = [
        o.id for o in library.oils.values() if o.type == "carrier" and "nut" not in o.families
    ]
    assert {"sunflower", "grapeseed", "jojoba"} <= set(nut_free)


def test_every_screening_answer_is_a_rule_not_just_a_sentence(library: Library) -> None:
    for item in library.checklists["safety"].items:
        assert item.if_yes is not None and item.if_yes.advice, item.id
        if item.if_yes.action == "caution":
            assert item.if_yes.adjust != type(item.if_yes.adjust)(), f"{item.id} changes nothing"


def test_screening_stops_for_illness_clots_and_red_flags(library: Library) -> None:
    items = {item.id: item.if_yes for item in library.checklists["safety"].items}
    for stop in ("fever", "clot", "red-flags"):
        assert items[stop] is not None and items[stop].action == "stop", stop
    red_flags = items["red-flags"]
    assert red_flags is not None and "urgent" in red_flags.advice.lower()


def test_screening_forces_light_pressure_where_the_notes_do(library: Library) -> None:
    items = {item.id: item.if_yes for item in library.checklists["safety"].items}
    for light_only in ("thinners", "osteoporosis", "cancer", "pregnancy", "frail", "numbness"):
        answer = items[light_only]
        assert answer is not None and answer.adjust.max_pressure is Pressure.light, light_only
    cancer, numbness, allergies = items["cancer"], items["numbness"], items["allergies"]
    assert cancer is not None and cancer.adjust.max_minutes == 20
    assert cancer.adjust.ask_area_to_avoid
    assert numbness is not None and numbness.adjust.no_heat
    assert allergies is not None and allergies.adjust.no_essential_oils


def test_aftercare_offers_water_as_a_kindness_only(library: Library) -> None:
    water = next(i for i in library.checklists["aftercare"].items if i.id == "water")
    assert water.why is not None and "kindness" in water.why.lower()


def test_giver_self_care_keeps_breaks_and_stops_on_pain(library: Library) -> None:
    text = " ".join(
        f"{i.text} {i.why} {i.how}" for i in library.checklists["self-care"].items
    ).lower()
    for habit in ("30 seconds every 20 minutes", "straight", "lunge", "thumbs", "tingling"):
        assert habit in text, habit


def test_guide_sections_cite_sources_by_tag_and_every_tag_has_its_reference(
    library: Library,
) -> None:
    tags = [tag for g in library.guides.values() for s in g.sections for tag in s.sources]
    assert tags and all(tag[0] == "S" for tag in tags)
    for guide in library.guides.values():
        cited = dict(guide.cited())
        assert set(cited) == {tag for s in guide.sections for tag in s.sources}
        assert set(guide.references) == set(cited)  # nothing listed that no section cites


def test_the_guide_command_shows_what_each_tag_cites() -> None:
    from ..clirunner import run

    code, out, _ = run("guide", "benefits")
    assert code == 0
    key = [line.strip() for line in out.split("Sources")[1].splitlines()]
    assert any(line.startswith("S37  Mok E, Woo CP.") for line in key)
    assert any(line.startswith("S1   Furlan AD et al.") for line in key)


def test_a_tag_without_its_reference_is_a_located_content_error(tmp_path: Path) -> None:
    from massage_coach.errors import ContentError
    from massage_coach.library import load_packs

    guides = tmp_path / "guides"
    guides.mkdir()
    (guides / "calm.yaml").write_text(
        "id: calm\nname: Calm\nsummary: S.\nsections:\n  - title: T\n    text: X.\n"
        "    sources: [S1, S9]\nreferences:\n  S1: A book.\n"
    )
    with pytest.raises(ContentError) as caught:
        load_packs([tmp_path])
    assert [str(p) for p in caught.value.problems] == [
        f"{guides / 'calm.yaml'}:8: references: section 'T' cites S9, which references does not "
        "give"
    ]


BANNED_CLAIMS = (
    "cure",
    "heals",
    "toxin",
    "flush",
    "lactic",
    "boosts circulation",
    "break up knots",
    "breaks up knots",
    "anti-inflammatory",
    "long-lasting",
)


def test_no_unsupported_medical_claims(library: Library) -> None:
    """Claims the domain notes rule out may appear only when the text says they are not true."""
    for kind in KIND_FOLDERS:
        for item_id, model in getattr(library, kind).items():
            text = str(model.model_dump()).lower()
            for claim in BANNED_CLAIMS:
                if claim in text:
                    window = text[max(0, text.index(claim) - 80) : text.index(claim)]
                    assert any(w in window for w in ("not", "no ", "n't", "never")), (
                        f"{kind}/{item_id} mentions '{claim}' without saying it is not so"
                    )
