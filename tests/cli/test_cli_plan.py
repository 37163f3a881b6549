"""`massage-coach plan` through the real CLI: the formats, the JSON contract, errors, snapshots."""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from pathlib import Path

import pytest

from ..clirunner import ESC, command, plan_json, run

SNAPSHOTS = Path(__file__).parents[1] / "snapshots"
README = Path(__file__).parents[2] / "README.md"
STEP_KEYS = set(
    [
        "start",
        "seconds",
        "kind",
        "stroke",
        "area",
        "side",
        "bilateral",
        "pressure",
        "tool",
        "oil",
        "cue",
        "why",
    ]
)
ALL_AVOIDED = [
    x for a in ("neck", "upper-back", "lower-back", "hips-glutes") for x in ("--avoid", a)
]
KINDS = {"prep", "stroke", "check-in", "break", "aftercare"}


def test_plan_prints_a_plain_timeline_and_share_bar_when_piped() -> None:
    code, out, _ = run("plan", "--focus", "lower-back", columns=120)
    assert code == 0
    assert out.splitlines()[1].split() == [
        "start", "area", "stroke", "pressure", "time", "cue", "why"
    ]  # fmt: skip
    assert "warm-up" in out and "cool-down" in out and "check-in" in out
    assert re.search(r"Lower back\s+#+\.*\s+\d+ %", out)
    assert ESC not in out and "█" not in out


@pytest.mark.parametrize("terminal", [False, True])
def test_plan_at_80_columns_gives_each_step_a_line_and_the_cue_the_width(terminal: bool) -> None:
    code, out, _ = run("plan", "--oil", "sweet-almond", terminal=terminal, columns=80)
    lines = re.sub(r"\x1b\[[0-9;]*m", "", out).splitlines()
    assert code == 0 and all(len(line) <= 80 for line in lines)
    assert lines[1].split()[:2] == ["start", "step:"]
    # the oil goes on before the first stroke on skin
    assert any(line.startswith(" 0:00  Apply oil, 1:00 (oil)") for line in lines)
    # a step is its heading line, then its cue at full width (no 13-character cue column)
    warm_up = next(i for i, line in enumerate(lines) if "(warm-up)" in line)
    assert "whole back, light" in lines[warm_up]
    assert lines[warm_up + 1].startswith("       Long slow glides") and len(lines[warm_up + 1]) > 60
    assert re.search(r"Lower back\s+[#█]+[.░]*\s+\d+ %", "\n".join(lines))


def test_plan_in_a_terminal_is_styled() -> None:
    code, out, _ = run("plan", terminal=True)
    assert code == 0
    assert ESC in out and "█" in out


def test_plan_json_follows_the_documented_contract() -> None:
    data = plan_json("--focus", "lower-back", "--minutes", "30", "--oil", "sweet-almond")
    assert set(data) == {"minutes", "pressure", "focus", "avoid", "routine", "steps", "notes"}
    assert (data["minutes"], data["pressure"], data["focus"], data["avoid"]) == (
        30,
        "medium",
        ["lower-back"],
        [],
    )
    steps = data["steps"]
    assert isinstance(steps, list)
    assert all(set(step) == STEP_KEYS for step in steps)
    assert {step["kind"] for step in steps} <= KINDS
    assert sum(step["seconds"] for step in steps) == 30 * 60
    assert [s["start"] for s in steps] == [
        sum(t["seconds"] for t in steps[:i]) for i in range(len(steps))
    ]
    assert any(step["oil"] == "sweet-almond" for step in steps)


def test_readme_json_example_has_the_same_fields_as_the_real_output() -> None:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"### The plan JSON contract.*?```json\n(.*?)```", text, re.S)
    assert block is not None
    example = json.loads(block.group(1))
    real = plan_json("--focus", "lower-back")
    assert set(example) == set(real)
    assert set(example["steps"][0]) == STEP_KEYS
    assert example["steps"][0] == real["steps"][0]  # type: ignore[index]
    # Every field but the steps (the README shows the first only) is what the command prints.
    assert {k: v for k, v in example.items() if k != "steps"} == {
        k: v for k, v in real.items() if k != "steps"
    }


def test_plan_markdown_and_text_formats() -> None:
    code, out, _ = run("plan", "--format", "markdown")
    assert code == 0 and out.startswith("# Massage plan: 20 minutes, medium pressure")
    assert "| start | time | what | where | pressure | cue | why |" in out
    code, out, _ = run("plan", "--format", "text")
    assert code == 0 and out.splitlines()[0].startswith("20 minutes, medium pressure")


def test_shoulders_is_accepted_for_the_upper_back() -> None:
    assert plan_json("--focus", "shoulders")["focus"] == ["upper-back"]


def test_screened_out_extras_appear_as_notes() -> None:
    data = plan_json("--pressure", "light", "--tool", "electric-massager")
    assert not [s for s in data["steps"] if s["tool"]]  # type: ignore[union-attr]


class _At:
    """`datetime` for the CLI, with `now()` fixed at 08:45:45 on a day."""

    @staticmethod
    def now() -> datetime:
        return datetime(2026, 11, 25, 8, 45, 45)


def test_until_plans_to_finish_by_the_clock_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import massage_coach.cli.options as options

    monkeypatch.setattr(options, "datetime", _At)
    assert plan_json("--until", "09:26")["minutes"] == 40  # 40:15 away: it ends by 09:26
    code, _, err = run("plan", "--until", "08:40")
    assert code == 2 and "that time has passed, it is 08:45 now" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--focus", "lowerback"], "Unknown area 'lowerback'. Did you mean 'lower-back'?"),
        (["--avoid", "nek"], "Unknown area 'nek'. Did you mean 'neck'?"),
        (["--oil", "lavendar"], "Unknown oil 'lavendar'. Did you mean 'lavender'?"),
        (["--tool", "massage-ball"], "Unknown tool 'massage-ball'. Did you mean 'massage-balls'?"),
        (["--focus", "neck", "--avoid", "neck"], "'neck' is in both --focus and --avoid"),
        (["--focus", "shoulders", "--avoid", "upper-back"], "in both --focus and --avoid"),
        (
            [
                "--avoid",
                "neck",
                "--avoid",
                "upper-back",
                "--avoid",
                "lower-back",
                "--avoid",
                "hips-glutes",
            ],
            "Every area is avoided",
        ),
        (["--minutes", "95"], "--minutes must be 5 to 90, got 95."),
        (["--minutes", "4"], "--minutes must be 5 to 90, got 4."),
        (["--until", "25:00"], "--until expects a clock time HH:MM, got '25:00'."),
        (["--minutes", "20", "--until", "23:00"], "either --minutes or --until"),
    ],
)
def test_bad_choices_get_one_clear_line_and_exit_2(args: list[str], message: str) -> None:
    code, out, err = run("plan", *args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err + out
    assert len(err.strip().splitlines()) == 1


def test_until_too_soon_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import massage_coach.cli.options as options

    monkeypatch.setattr(options, "datetime", _At)
    code, _, err = run("plan", "--until", "08:48")
    assert code == 2
    assert err.strip() == "--until 08:48: 2 minutes from now; a session lasts 5 to 90 minutes."


SNAPSHOT_CASES = {
    "default-20-minutes": [],
    "lower-back-30-minutes-firm-oil-heat": [
        "--focus", "lower-back", "--minutes", "30", "--pressure", "firm",
        "--oil", "sweet-almond", "--heat",
    ],
    "shoulders-neck-45-minutes-light-balls": [
        "--focus", "shoulders", "--focus", "neck", "--avoid", "hips-glutes", "--minutes", "45",
        "--pressure", "light", "--tool", "massage-balls", "--oil", "lavender",
    ],
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(SNAPSHOT_CASES))
def test_typical_plans_match_their_markdown_snapshots(name: str) -> None:
    """Set UPDATE_SNAPSHOTS=1 to rewrite them after a deliberate change, then review the diff."""
    code, out, err = run("plan", "--format", "markdown", *SNAPSHOT_CASES[name])
    assert code == 0, err
    path = SNAPSHOTS / f"{name}.md"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.write_text(out, encoding="utf-8")
    assert path.exists(), f"no snapshot yet: run with UPDATE_SNAPSHOTS=1 to create {path.name}"
    assert out == path.read_text(encoding="utf-8")


def test_same_seed_gives_the_same_plan_and_steps_still_add_up() -> None:
    first = plan_json("--seed", "7", "--minutes", "30")
    assert first == plan_json("--seed", "7", "--minutes", "30")
    assert sum(s["seconds"] for s in first["steps"]) == 30 * 60  # type: ignore[union-attr]


def test_plan_help_lists_the_choices_and_formats() -> None:
    code, out, _ = run("plan", "--help")
    assert code == 0
    for option in ("--pressure", "--focus", "--avoid", "--minutes", "--until", "--oil", "--tool"):
        assert option in out
    assert "--heat" in out and "--seed" in out and "--format" in out


def test_oil_none_leaves_out_even_the_plain_carrier_and_says_so() -> None:
    plain = plan_json("--minutes", "20")
    none = plan_json("--minutes", "20", "--oil", "none")
    assert [s["why"] for s in plain["steps"]][:2] == ["oil", "warm-up"]  # type: ignore[index]
    assert [s for s in none["steps"] if s["why"] == "oil"] == []  # type: ignore[union-attr, index]
    assert "No oil, as chosen: the strokes are given without oil." in none["notes"]  # type: ignore[operator]
    assert sum(s["seconds"] for s in none["steps"]) == 20 * 60  # type: ignore[union-attr, index]


@pytest.mark.parametrize("pressure", ["light", "medium", "firm"])
def test_without_oil_no_cue_speaks_of_oil(pressure: str) -> None:
    data = plan_json("--pressure", pressure, "--minutes", "45")
    steps = data["steps"]
    assert isinstance(steps, list) and steps
    # only the one short step of plain carrier oil speaks of oil
    said = [s for s in steps if "oil" in s["cue"].lower()]
    assert [(s["why"], s["kind"]) for s in said] == [("oil", "prep")]


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--format", "yaml"], "'--format': 'yaml' is not one of 'table', 'json', 'markdown',"),
        (["--pressure", "hard"], "'hard' is not one of 'light', 'medium', 'firm'."),
        (["--minutes", "abc"], "'--minutes' / '-m': It should be a valid integer."),
    ],
)
def test_a_bad_option_value_piped_is_plain_usage_without_pydantic_words(
    args: list[str], reason: str
) -> None:
    code, out, err = run("plan", *args)
    assert code == 2 and out == ""
    assert err.startswith("Usage: massage-coach plan [OPTIONS]\n")
    assert "Error: Invalid value for " in err and reason in err
    assert "╭" not in err and "│" not in err and "Value error" not in err
    assert "Input should be" not in err


def test_a_bad_option_value_in_a_terminal_keeps_typer_s_box_but_not_pydantic_words() -> None:
    code, _, err = run("plan", "--pressure", "hard", terminal=True)
    assert code == 2 and "╭" in err and "Value error" not in err


def test_help_piped_is_plain_text_and_boxed_in_a_terminal() -> None:
    code, out, _ = run("plan", "--help")
    assert code == 0 and out.startswith("Usage: massage-coach plan [OPTIONS]")
    assert "╭" not in out and "│" not in out and ESC not in out
    assert "--format" in out and "Options:" in out
    code, out, _ = run("plan", "--help", terminal=True)
    assert code == 0 and "╭" in out


def test_help_and_usage_errors_on_a_dumb_terminal_are_plain_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TERM", "dumb")
    code, out, _ = run("plan", "--help", terminal=True)
    assert code == 0 and out.startswith("Usage: massage-coach plan [OPTIONS]")
    assert "╭" not in out and "│" not in out and ESC not in out
    code, _, err = run("plan", "--pressure", "hard", terminal=True)
    assert code == 2 and "╭" not in err and ESC not in err and "'hard'" in err


def test_no_heat_with_a_heat_tool_typed_is_a_conflict_and_drops_a_routine_s_heat_tool(
    tmp_path: Path,
) -> None:
    code, out, err = run("plan", "--tool", "warm-towel", "--no-heat")
    assert code == 2 and out == ""
    assert err.strip() == "--no-heat and --tool warm-towel (a heat source): choose one."
    pack = tmp_path / "pack" / "routines"
    pack.mkdir(parents=True)
    (pack / "stones.yaml").write_text(
        "id: stones\nname: Stones\nsummary: Warm stones first.\nminutes: 20\n"
        "areas: {upper-back: 50, lower-back: 50}\ntools: [hot-stones]\n"
    )
    steps = plan_json("--routine", "stones", "--content", str(tmp_path / "pack"))["steps"]
    assert steps[0]["tool"] == "hot-stones"  # type: ignore[index]
    data = plan_json("--routine", "stones", "--no-heat", "--content", str(tmp_path / "pack"))
    assert not [s for s in data["steps"] if s["tool"]]  # type: ignore[attr-defined]


def test_plan_and_session_take_the_shared_routine_options_first_and_in_the_same_order() -> None:
    from massage_coach.cli.options import SHARED_OPTIONS

    shared = [name for name, _ in SHARED_OPTIONS]
    for name in ("plan", "session"):
        names = [p.name for p in command(name).params if p.name != "ctx"]
        assert names[: len(shared)] == shared, name
        assert "options" not in names


def test_the_shared_options_reach_the_plan_gathered() -> None:
    document = plan_json("--minutes", "15", "--focus", "neck", "--avoid", "hips-glutes")
    assert document["minutes"] == 15
    assert document["focus"] == ["neck"]
    assert document["avoid"] == ["hips-glutes"]
