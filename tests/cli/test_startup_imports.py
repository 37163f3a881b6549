"""Start-up of the content commands: each imports what its output needs and nothing more.

What is imported is behaviour (a module left out is time saved on every run); how long it takes
is the benchmark's figure (`python bench/run.py --only startup`).
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from massage_coach.models import Pressure, Section
from massage_coach.record import SessionRecord, Work
from massage_coach.routine import Plan
from massage_coach.store.config import Config
from massage_coach.store.profiles import make_profile, save_profile

from ..clirunner import imports_of

RICH_AND_PROFILES = ("rich.console", "rich.table", "massage_coach.store.profiles")


def test_plan_as_json_without_a_profile_imports_neither_rich_nor_the_profile_model() -> None:
    [(output, heavy)] = imports_of([["plan", "--format", "json"]], RICH_AND_PROFILES)
    assert json.loads(output)["steps"]
    assert heavy == []


def test_plan_with_a_profile_loads_it_and_a_table_still_uses_rich(home: Path) -> None:
    save_profile(make_profile(name="Anna", avoid=["lower-back"]))
    [(as_json, heavy_json), (table, heavy_table)] = imports_of(
        [["plan", "--format", "json", "--profile", "anna"], ["plan"]], RICH_AND_PROFILES
    )
    assert "lower-back" in json.loads(as_json)["avoid"]
    assert heavy_json == ["massage_coach.store.profiles"]
    assert "start" in table
    assert set(heavy_table) == set(RICH_AND_PROFILES)


def test_empty_list_defaults_are_fresh_for_every_instance() -> None:
    # The models write empty defaults as `Field(default=[])` (see models.py): pydantic must copy
    # them, or one item's list would be every item's list.
    first, second = Config(), Config()
    first.focus.append("upper-back")
    assert second.focus == [] and Config().focus == []
    section = Section(title="Why", text="Because.")
    section.sources.append("a book")
    assert Section(title="Why", text="Because.").sources == []
    record = _record()
    record.skipped_steps.append(3)
    record.work.append(Work(kind="stroke", seconds=60))
    assert _record().skipped_steps == [] and _record().work == []
    plan = _plan()
    plan.notes.append("left out")
    assert _plan().notes == []


def _record() -> SessionRecord:
    return SessionRecord(
        id="s1", started_at=datetime(2026, 1, 1, 10), planned_minutes=20, pressure=Pressure.light
    )


def _plan() -> Plan:
    return Plan(minutes=5, pressure=Pressure.light, focus=[], avoid=[], steps=[])


def test_building_the_models_compiles_no_tokenizer_regex() -> None:
    # A builtin as default_factory (`list`) makes pydantic read its signature through the
    # tokenizer, whose regex takes ~4 ms to compile on each start-up.
    probe = (
        "import tokenize\n"
        "import massage_coach.models, massage_coach.routine, massage_coach.record\n"
        "import massage_coach.store.config, massage_coach.store.profiles\n"
        "print(tokenize._compile.cache_info().misses)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "0"


def test_a_leftover_checkpoint_costs_the_reference_commands_nothing(home: Path) -> None:
    """Sessions left in checkpoints are filed by the commands that open the store (history,
    profile, session); `--help` and the reference commands neither read nor file them."""
    from massage_coach.store.checkpoint import Checkpoint, path_for, save_checkpoint

    record = SessionRecord(
        id="left", started_at=datetime.now(), planned_minutes=5, pressure=Pressure.light
    )
    plan = Plan(minutes=5, pressure=Pressure.light, focus=[], avoid=[], steps=[])
    left = Checkpoint(record=record, plan=plan, step_index=0, seconds_into_step=0,
                      saved_at=datetime.now())  # fmt: skip
    assert save_checkpoint(left) is None
    modules = ("massage_coach.store.checkpoint", "filelock", "sqlite3")
    found = imports_of([["--help"], ["techniques"], ["history"]], modules)
    assert [heavy for _, heavy in found[:2]] == [[], []]
    assert "massage_coach.store.checkpoint" in found[2][1]
    assert "interrupted" in found[2][0]  # filed by `history`, which lists it
    assert path_for("left").exists()  # and kept for resuming
