"""The reference commands through the real CLI: listings, details, JSON, errors, plain output."""

from __future__ import annotations

import json
import re

import pytest

from ..clirunner import ESC, command_paths, run

STROKES = ["effleurage", "petrissage", "friction", "tapotement", "vibration"]


def test_techniques_lists_the_five_strokes_in_classic_order_as_plain_text() -> None:
    code, out, _ = run("techniques")
    assert code == 0
    positions = [out.index(stroke) for stroke in STROKES]
    assert positions == sorted(positions)
    assert ESC not in out and "╭" not in out and "│" not in out


def test_techniques_in_a_terminal_draws_a_styled_table() -> None:
    code, out, _ = run("techniques", terminal=True)
    assert code == 0
    assert ESC in out and "╭" in out


def test_technique_detail_shows_steps_pressures_cautions_and_cues() -> None:
    code, out, _ = run("techniques", "tapotement")
    assert code == 0
    for heading in ("HOW", "Pressures", "Cautions", "Say aloud"):
        assert heading.lower() in out.lower()
    assert "1. " in out
    assert "kidney" in out.lower()


@pytest.mark.parametrize(
    ("args", "meant"),
    [
        (["tools", "foam"], "Unknown tool 'foam'. Did you mean 'foam-roller'?"),
        (["techniques", "effl"], "Unknown technique 'effl'. Did you mean 'effleurage'?"),
        (["oils", "almond"], "Unknown oil 'almond'. Did you mean 'sweet-almond'?"),
        (["plan", "--tool", "massager"], "Did you mean 'electric-massager'?"),
    ],
)
def test_the_start_or_part_of_a_name_gets_did_you_mean(args: list[str], meant: str) -> None:
    code, out, err = run(*args)
    assert code == 2 and out == "" and meant in err


def test_a_part_shared_by_several_names_suggests_none_of_them() -> None:
    code, _, err = run("areas", "back")
    assert code == 2 and "Unknown area 'back'." in err and "Did you mean" not in err


def test_near_miss_technique_gets_did_you_mean_and_exit_2() -> None:
    code, out, err = run("techniques", "efleurage")
    assert code == 2
    assert "Unknown technique 'efleurage'. Did you mean 'effleurage'?" in err
    assert out == ""
    assert "Traceback" not in err


def test_techniques_json_is_machine_readable() -> None:
    code, out, _ = run("techniques", "--json")
    assert code == 0
    data = json.loads(out)
    assert [s["id"] for s in data] == STROKES
    assert data[3]["percussive"] is True


def test_areas_list_and_detail_with_highlighted_diagram() -> None:
    code, out, _ = run("areas")
    assert code == 0
    for area in ("neck", "upper-back", "lower-back", "hips-glutes"):
        assert area in out
    code, out, _ = run("areas", "lower-back")
    assert code == 0
    marked = [line for line in out.splitlines() if line.startswith(">>")]
    assert len(marked) == 3  # rows 5-7 of the back figure
    assert "no tapotement or percussion tools here" in out


def test_area_alias_resolves_to_its_area() -> None:
    code, out, _ = run("areas", "shoulders", "--json")
    assert code == 0
    assert json.loads(out)["id"] == "upper-back"


def test_unknown_area_suggests_the_nearest() -> None:
    code, _, err = run("areas", "lower-bak")
    assert code == 2
    assert "Did you mean 'lower-back'?" in err


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("oils", ["lavender", "peppermint", "eucalyptus", "coconut", "sweet-almond"]),
        ("tools", ["massage-balls", "electric-massager", "foam-roller", "hot-stones"]),
    ],
)
def test_oils_and_tools_listings(command: str, expected: list[str]) -> None:
    code, out, _ = run(command)
    assert code == 0
    for name in expected:
        assert name in out
    code, out, _ = run(command, "--json")
    assert {item["id"] for item in json.loads(out)} >= set(expected)


def test_oil_detail_gives_dilution_and_who_should_avoid_it() -> None:
    code, out, _ = run("oils", "peppermint")
    assert code == 0
    assert "%" in out and "asthma" in out and "Patch test" in out


def test_checklist_listing_names_the_four_lists() -> None:
    code, out, _ = run("checklist")
    assert code == 0
    for name in ("prep", "safety", "aftercare", "self-care"):
        assert name in out


def test_checklist_is_printed_when_piped() -> None:
    code, out, _ = run("checklist", "prep")
    assert code == 0
    assert "[ ]" in out and "consent" in out.lower()


def test_safety_checklist_print_marks_stop_questions() -> None:
    code, out, _ = run("checklist", "safety", "--print")
    assert code == 0
    assert "if yes (STOP)" in out and "if yes (caution)" in out


def test_guides_cover_tips_benefits_and_stop_signals() -> None:
    code, out, _ = run("guide")
    assert code == 0
    for name in ("tips", "benefits", "stop-signals"):
        assert name in out
    code, out, _ = run("guide", "stop-signals")
    assert code == 0 and "numb" in out.lower()


def test_help_on_every_command_names_option_values_in_words() -> None:
    paths = command_paths()
    assert ["content", "validate"] in paths and ["session"] in paths
    for path in paths:
        code, out, _ = run(*path, "--help")
        assert code == 0 and "Usage" in out, path
        # Options show what to type (AREA, N, HH:MM...), not a Python type.
        options = [line for line in out.splitlines() if line.lstrip().startswith("-")]
        assert not [o for o in options if re.search(r"<(str|int|float|list)\b", o)], path
        # In a terminal (typer's rich help) neither does a flag (`--yes <bool>`) nor an argument.
        code, boxed, _ = run(*path, "--help", terminal=True, columns=160)
        plain = re.sub(r"\x1b\[[0-9;]*m", "", boxed)
        assert code == 0 and not re.search(r"<(bool|str|int|float|list|Path|dir)\b", plain), path


def test_help_paragraphs_wrap_at_the_terminal_s_width_not_the_source_s() -> None:
    from massage_coach.cli.app import unwrapped_help

    assert unwrapped_help("First line.\n\n    Keys: a,\n    b and c.\n") == (
        "First line.\n\nKeys: a, b and c."
    )
    assert unwrapped_help("One.\n\n\b\nkept\nas written") == "One.\n\n\b\nkept\nas written"
    code, out, _ = run("session", "--help", terminal=True, columns=160)
    assert code == 0
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "- softer, e thirty seconds more" in plain  # one line at 160 columns


def test_completion_offers_names_from_the_content() -> None:
    from massage_coach.cli.app import complete_from
    from massage_coach.cli.completion import area_aliases

    assert complete_from("strokes")("pe") == ["petrissage"]
    assert complete_from("areas", area_aliases)("sh") == ["shoulders"]


def test_oil_completion_offers_none_for_no_oil_at_all() -> None:
    from massage_coach.cli.app import complete_from
    from massage_coach.cli.completion import NO_OIL, no_oil
    from massage_coach.kinds.base import NO_OIL as MEANS_NO_OIL

    assert NO_OIL == MEANS_NO_OIL  # the word --oil and the config take for no oil
    assert complete_from("oils", no_oil)("n") == ["none"]
    assert "none" not in complete_from("oils")("")  # --carrier, --allergy: oils only


def test_completion_offers_area_aliases_a_user_pack_declares() -> None:
    from massage_coach.cli.completion import area_aliases
    from massage_coach.store import paths

    folder = paths.user_content_dir() / "areas"
    folder.mkdir(parents=True)
    (folder / "mid-back.yaml").write_text("id: mid-back\naliases: [middle, 'thoracic']\n")
    assert {"shoulders", "middle", "thoracic"} <= set(area_aliases())


def test_area_detail_states_its_pressure_cap_in_words() -> None:
    _, neck, _ = run("areas", "neck")
    _, upper, _ = run("areas", "upper-back")
    assert "light pressure only" in neck
    assert "pressure up to firm" in upper


def test_wrapped_steps_stay_indented_under_their_number() -> None:
    code, out, _ = run("techniques", "friction")
    assert code == 0
    lines = out.splitlines()
    steps = lines[lines.index("How") + 1 : lines.index("Hands") - 1]
    assert len(steps) > 5  # at least one step wraps at 100 columns
    for line in steps:
        assert line[:2] in {f"{n}." for n in range(1, 10)} or line.startswith("   "), line


def test_oil_to_avoid_on_sensitive_skin_does_not_offer_its_gentle_strength_for_it() -> None:
    _, peppermint, _ = run("oils", "peppermint")
    _, lavender, _ = run("oils", "lavender")
    assert "first time or older adults" in peppermint and "sensitive-skin" in peppermint
    assert "first time, sensitive skin or older adults" in lavender


@pytest.mark.parametrize(
    "command",
    [
        ["plan"],
        ["plan", "--focus", "neck", "--minutes", "45"],
        ["routines"],
        ["routines", "desk-reset"],
        ["content", "list"],
        ["config", "show"],
        ["techniques"],
        ["areas", "neck"],
        ["history"],
        ["history", "stats"],
    ],
)
def test_piped_output_fits_80_columns_without_trailing_spaces(command: list[str]) -> None:
    code, out, err = run(*command, columns=80)
    assert code == 0, err
    lines = out.splitlines()
    assert lines and all(len(line) <= 80 for line in lines)
    assert [line for line in lines if line.endswith(" ")] == []


def test_a_face_up_tool_says_it_is_for_after_the_massage() -> None:
    code, out, _ = run("tools", "foam-roller")
    assert code == 0 and "use it after the massage, not during the guided routine" in out
    code, out, _ = run("tools", "massage-balls")
    assert code == 0 and "after the massage" not in out


@pytest.mark.parametrize("columns", [60, 80])
def test_piped_list_items_wrap_under_their_first_words_without_trailing_spaces(
    columns: int,
) -> None:
    # the questions to ask and the plan's changes before a session nobody answered for
    fast = ("--minutes", "5", "--speed", "1000", "--cues", "silent")
    code, out, err = run("session", "--yes", *fast, columns=columns)
    assert code == 0, err
    lines = out.splitlines()
    assert [line for line in lines if line.endswith(" ")] == []
    items = [n for n, line in enumerate(lines) if line.startswith("  - ")]
    wrapped = [n for n in items if lines[n + 1].startswith("    ") and lines[n + 1][4] != " "]
    assert wrapped  # at least one item wraps, its next line indented under its words
    for n in items:  # and none goes on at the margin
        assert not lines[n + 1][:1].isalnum(), lines[n : n + 2]
