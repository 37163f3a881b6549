"""Loading content: valid packs load; every bad file is reported with file, line and field."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

import pytest

from massage_coach.errors import ContentError
from massage_coach.kinds import KIND_FOLDERS, model_for
from massage_coach.library import load_library, load_packs
from massage_coach.models import KINDS, Library, Pressure

from ..conftest import FIXTURES


def problems_for(pack: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_library(pack)
    return [str(p) for p in caught.value.problems]


def test_good_pack_loads_with_aliases_and_rules() -> None:
    library = load_library(FIXTURES / "good")
    assert library.area_for("shoulders") is library.areas["upper-back"]
    assert library.areas["lower-back"].no_percussion
    assert library.areas["lower-back"].max_pressure is Pressure.medium
    assert [s.id for s in library.strokes_in_sequence()] == [
        "effleurage",
        "petrissage",
        "tapotement",
    ]


def test_unknown_key_names_file_line_and_field(good_pack: Path) -> None:
    path = good_pack / "strokes" / "petrissage.yaml"
    path.write_text(path.read_text() + "colour: blue\n")
    [problem] = problems_for(good_pack)
    assert problem == f"{path}:15: colour: unknown field (not part of this kind of file)"


def test_wrong_type_in_nested_field_points_at_its_line(good_pack: Path) -> None:
    path = good_pack / "strokes" / "effleurage.yaml"
    path.write_text(path.read_text().replace("{min: 60, max: 300}", "{min: soon, max: 300}"))
    [problem] = problems_for(good_pack)
    assert problem.startswith(f"{path}:9: typical_seconds.min: ")
    assert "'soon'" in problem


def test_bad_pressure_level_says_what_was_expected(good_pack: Path) -> None:
    path = good_pack / "areas" / "lower-back.yaml"
    path.write_text(path.read_text().replace("max_pressure: medium", "max_pressure: hard"))
    [problem] = problems_for(good_pack)
    assert f"{path}:5: max_pressure:" in problem
    assert "'light', 'medium' or 'firm'" in problem


def test_missing_required_field(good_pack: Path) -> None:
    path = good_pack / "tools" / "massage-balls.yaml"
    path.write_text(path.read_text().replace("cue: Roll slowly.\n", ""))
    assert problems_for(good_pack) == [f"{path}:1: cue: required field is missing"]


def test_id_must_be_kebab_case_and_match_file_name(good_pack: Path) -> None:
    path = good_pack / "guides" / "tips.yaml"
    path.write_text(path.read_text().replace("id: tips", "id: Tips_2"))
    [problem] = problems_for(good_pack)
    assert problem.startswith(f"{path}:1: id: String should match pattern")
    path.write_text(path.read_text().replace("id: Tips_2", "id: hints"))
    assert problems_for(good_pack) == [f"{path}:1: id: id 'hints' must match the file name 'tips'"]


def test_yaml_syntax_error_gives_line_and_column(good_pack: Path) -> None:
    path = good_pack / "oils" / "lavender.yaml"
    path.write_text("id: lavender\nname: [unclosed\ntype: essential\n")
    [problem] = problems_for(good_pack)
    assert problem.startswith(f"{path}:")
    assert "YAML syntax" in problem and "column" in problem


def test_tab_indentation_is_a_located_syntax_error(good_pack: Path) -> None:
    path = good_pack / "guides" / "tips.yaml"
    path.write_text("id: tips\nsections:\n\t- title: x\n")
    [problem] = problems_for(good_pack)
    assert problem.startswith(f"{path}:3: YAML syntax")


def test_duplicate_keys_are_reported_not_silently_merged(good_pack: Path) -> None:
    path = good_pack / "oils" / "lavender.yaml"
    path.write_text(path.read_text() + "summary: A second summary.\n")
    assert problems_for(good_pack) == [f"{path}:8: summary: key appears twice"]


def test_python_object_tags_are_refused(good_pack: Path) -> None:
    path = good_pack / "guides" / "tips.yaml"
    path.write_text("id: !!python/object/apply:os.system ['echo hacked']\n")
    [problem] = problems_for(good_pack)
    assert problem.startswith(f"{path}:1: id: YAML tag '!!python/object/apply:os.system' is not")


def test_empty_and_non_utf8_files(good_pack: Path) -> None:
    empty = good_pack / "guides" / "tips.yaml"
    empty.write_text("")
    binary = good_pack / "oils" / "lavender.yaml"
    binary.write_bytes(b"id: lavender\nname: \xff\xfe\n")
    found = problems_for(good_pack)
    assert f"{empty}: the file is empty; expected a mapping of fields" in found
    assert f"{binary}:2: not UTF-8 text (bad byte at offset 19)" in found


def test_top_level_must_be_a_mapping(good_pack: Path) -> None:
    path = good_pack / "guides" / "tips.yaml"
    path.write_text("- just\n- a list\n")
    assert problems_for(good_pack) == [f"{path}:1: expected a mapping of fields at the top"]


def test_every_problem_is_reported_at_once(good_pack: Path) -> None:
    (good_pack / "guides" / "tips.yaml").write_text("")
    (good_pack / "oils" / "lavender.yaml").write_text("id: lavender\n")
    assert len(problems_for(good_pack)) >= 2


def test_reference_to_unknown_stroke_suggests_the_near_miss(good_pack: Path) -> None:
    path = good_pack / "areas" / "lower-back.yaml"
    path.write_text(path.read_text().replace("[effleurage, petrissage]", "[effleurage, petrisage]"))
    [problem] = problems_for(good_pack)
    assert problem == f"{path}:7: strokes.1: no stroke 'petrisage'; did you mean 'petrissage'?"


def test_tool_must_pair_with_known_areas(good_pack: Path) -> None:
    path = good_pack / "tools" / "massage-balls.yaml"
    path.write_text(path.read_text().replace("areas: [upper-back]", "areas: [neck]"))
    [problem] = problems_for(good_pack)
    assert problem == f"{path}:4: areas.0: no area 'neck'; known: lower-back, upper-back"


def test_an_areas_own_cues_must_be_for_its_own_strokes(good_pack: Path) -> None:
    path = good_pack / "areas" / "lower-back.yaml"
    path.write_text(path.read_text() + "stroke_cues:\n  tapotement: [Quick taps.]\n")
    [problem] = problems_for(good_pack)
    line = path.read_text().splitlines().index("stroke_cues:") + 1
    assert problem.startswith(f"{path}:{line}: stroke_cues: ")
    assert "'tapotement' is not one of this area's strokes" in problem


def test_each_kind_folder_has_its_model_and_a_place_in_the_library() -> None:
    # The loader finds a kind's model by name (importing only that kind's module).
    assert list(KIND_FOLDERS) == list(KINDS)
    assert all(model_for(kind) is KINDS[kind] for kind in KIND_FOLDERS)
    library = Library(**{kind: {} for kind in KIND_FOLDERS})
    assert all(getattr(library, kind) == {} for kind in KIND_FOLDERS)
    with pytest.raises(TypeError, match="exactly these kinds"):
        Library(strokes={})
    with pytest.raises(AttributeError, match="read-only"):
        library.strokes = {}  # type: ignore[misc]


def test_a_library_compares_copies_and_pickles_by_its_content() -> None:
    library = load_library(FIXTURES / "good")
    assert library == load_library(FIXTURES / "good")
    assert copy.deepcopy(library) == library and pickle.loads(pickle.dumps(library)) == library
    assert library.replace(strokes={}) != library
    assert "strokes=" in repr(library)


def test_a_partial_load_reads_and_checks_only_its_kinds(good_pack: Path) -> None:
    path = good_pack / "tools" / "massage-balls.yaml"
    path.write_text(path.read_text().replace("areas: [upper-back]", "areas: [neck]"))
    (good_pack / "guides" / "tips.yaml").write_text("")  # broken, but not read below
    library = load_packs([good_pack], kinds=["tool"]).library
    assert library.tools["massage-balls"].areas == ["neck"]  # areas not read: not checked
    with pytest.raises(RuntimeError, match="areas were not loaded"):
        library.areas.get("upper-back")
    with pytest.raises(RuntimeError, match="guides were not loaded"):
        list(library.guides)
    with pytest.raises(ContentError) as caught:
        load_packs([good_pack], kinds=["tools", "areas"])
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:4: areas.0: no area 'neck'; known: lower-back, upper-back"
    ]


def test_screening_item_needs_an_action(good_pack: Path) -> None:
    path = good_pack / "checklists" / "safety.yaml"
    path.write_text(
        path.read_text().replace("mode: screening", "mode: screening\n")
        + "  - {id: x, text: Sore?}\n"
    )
    [problem] = problems_for(good_pack)
    assert "screening item 'x' needs if_yes" in problem


def test_essential_oil_dilution_is_capped_at_three_percent(good_pack: Path) -> None:
    path = good_pack / "oils" / "lavender.yaml"
    path.write_text(path.read_text().replace("max_percent: 3", "max_percent: 5"))
    [problem] = problems_for(good_pack)
    assert problem.startswith(
        f"{path}:5: dilution.max_percent: Input should be less than or equal to 3"
    )


def test_file_over_the_size_limit_is_refused(good_pack: Path) -> None:
    path = good_pack / "guides" / "tips.yaml"
    path.write_text("id: tips\n" + "# padding\n" * 40_000)
    assert problems_for(good_pack) == [f"{path}: file is over the 256 KiB limit"]


def test_missing_content_folder(tmp_path: Path) -> None:
    assert problems_for(tmp_path / "nowhere") == [
        f"{tmp_path / 'nowhere'}: content folder not found"
    ]
