"""`massage-coach content ...`: list, validate, describe and start content packs."""

from __future__ import annotations

import json
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..content_files import bundled_content_dir, pack_files
from ..errors import ContentError, ExitCode, UsageError
from ..kinds import KIND_FOLDERS
from ..store.paths import user_content_dir
from .app import CoachTyper, JsonOption, console, emit_json, error_console, show, warn
from .packs import ContentOption, catalog_for, check_pack, packs_for

if TYPE_CHECKING:
    from ..errors import Problem
    from ..library import Catalog

KIND_NAMES = [folder[:-1] for folder in KIND_FOLDERS]
"""The kinds, singular, for completion and `content schema` (no model is imported)."""

PROGRESS_FROM_FILES = 200
"""Show a progress bar (in a terminal) when validating at least this many files."""

content_app = CoachTyper(
    name="content",
    help="Write, check and list content packs: your own strokes, areas, oils, tools, lists.",
    no_args_is_help=True,
)


def _complete_kind(incomplete: str) -> list[str]:
    return [k for k in KIND_NAMES if k.startswith(incomplete)]


KindArgument = Annotated[
    str,
    typer.Argument(
        metavar="KIND",
        help="stroke, area, tool, oil, checklist, guide or routine.",
        autocompletion=_complete_kind,
        show_default=False,
    ),
]


def pack_label(pack: Path) -> str:
    """`bundled`, `user` (the user's content folder) or the pack's folder as given."""
    if pack == bundled_content_dir():
        return "bundled"
    if pack.expanduser() == user_content_dir():
        return "user"
    return str(pack)


@content_app.command("list")
def list_items(
    as_json: JsonOption = False,
    content: ContentOption = None,
) -> None:
    """Every item the coach would use, by kind, and the pack it came from."""
    # deferred, not for --help: rich
    from ..render.lists import content_table

    catalog = catalog_for(content)
    rows = [
        {
            "id": source.id,
            "kind": source.kind[:-1],
            "pack": pack_label(source.pack),
            "file": str(source.path),
            "overrides": str(source.overrides) if source.overrides else None,
        }
        for source in catalog.sources.values()
    ]
    rows.sort(key=lambda row: (KIND_NAMES.index(str(row["kind"])), str(row["id"])))
    if as_json:
        emit_json(rows)
        return
    show(
        content_table(
            [
                (
                    str(row["kind"]),
                    str(row["id"]),
                    str(row["pack"]) + (" (overrides an earlier pack)" if row["overrides"] else ""),
                )
                for row in rows
            ]
        )
    )


def _validate(packs: list[Path]) -> tuple[int, list[Problem], tuple[Path, ...]]:
    """Load `packs`; (number of files read, problems, drafts), with a progress bar for big
    packs."""
    # deferred, not for --help: pydantic, YAML and the content
    from ..library import load_packs

    total = sum(len(pack_files(pack, KIND_FOLDERS)[0]) for pack in packs)
    problems: list[Problem] = []
    drafts: tuple[Path, ...] = ()
    if total >= PROGRESS_FROM_FILES and error_console().is_terminal:
        # deferred, not for --help: rich
        from rich.progress import Progress

        with Progress(console=error_console(), transient=True) as progress:
            task = progress.add_task("Checking", total=total)
            try:
                drafts = load_packs(packs, progress=lambda _path: progress.advance(task)).drafts
            except ContentError as exc:
                problems = exc.problems
    else:
        try:
            drafts = load_packs(packs).drafts
        except ContentError as exc:
            problems = exc.problems
    return total, problems, drafts


@content_app.command()
def validate(
    folders: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Pack folders to check on top of the bundled content (none: the bundled content).",
            metavar="DIR",
            file_okay=False,
            dir_okay=True,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check packs and report every problem at once as file:line: field: message.

    Exits 0 when clean and 1 when there are problems.
    """
    for folder in folders or []:
        check_pack(folder, "given to check")
    packs = [bundled_content_dir(), *(folders or [])]
    total, problems, drafts = _validate(packs)

    warn(
        [
            f"{path}: draft: not used by plans until you fill it in and remove `draft: true`"
            for path in drafts
        ]
    )
    if not problems:
        checked = f"{total} file{'s' * (total != 1)}"
        given = len(folders or [])
        where = "the bundled content"
        if given:
            where += f" and {given} pack{'s' * (given > 1)}"
        console().print(f"{checked} in {where}: no problems.", soft_wrap=True)
        return
    for problem in problems:
        typer.echo(str(problem))
    files = len({problem.path for problem in problems})
    error_console().print(
        f"{len(problems)} problem{'s' * (len(problems) > 1)} in {files} file{'s' * (files > 1)}."
    )
    raise typer.Exit(ExitCode.PROBLEMS)


@content_app.command()
def schema(
    kind: Annotated[
        str | None,
        typer.Argument(
            help="One kind (stroke, area, tool, oil, checklist, guide, routine); "
            "none: all, keyed by kind.",
            autocompletion=_complete_kind,
            show_default=False,
            metavar="KIND",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Write KIND.schema.json files into this folder instead of printing.",
            file_okay=False,
            show_default=False,
            metavar="DIR",
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of content files, for editors' YAML autocompletion."""
    # deferred, not for --help: pydantic, YAML and the content
    from ..library import json_schema, kind_folder

    kinds = [kind_folder(kind)[:-1]] if kind else KIND_NAMES
    if out is None:
        emit_json(json_schema(kinds[0]) if kind else {k: json_schema(k) for k in kinds})
        return
    out.mkdir(parents=True, exist_ok=True)
    for name in kinds:
        target = out / f"{name}.schema.json"
        target.write_text(json.dumps(json_schema(name), indent=2) + "\n", encoding="utf-8")
        console().print(f"Wrote {target}", soft_wrap=True, markup=False)


@content_app.command()
def new(
    kind: KindArgument,
    item_id: Annotated[
        str, typer.Argument(metavar="ID", help="The new item's id, kebab-case (e.g. mid-back).")
    ],
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="DIR",
            help="The pack folder (default: your content folder, read on every run).",
            file_okay=False,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write a commented starter file for a new item; it validates as it is."""
    # deferred, not for --help: pydantic, YAML and the content
    from ..library import kind_folder, load_packs, load_packs_cached, write_starter

    pack = folder if folder is not None else user_content_dir()
    catalog: Catalog | None = None
    with suppress(ContentError, UsageError):
        # Not the cached catalog: the pack may have changed since (a second `new` in a run).
        catalog = load_packs(packs_for([pack] if pack.is_dir() else []))
    if catalog is None:
        # A pack under repair, or a folder that becomes a pack with this file: the starter's
        # references (and the item it may replace) come from the bundled content.
        catalog = load_packs_cached((bundled_content_dir(),))
    replaced = catalog.sources.get((kind_folder(kind), item_id))
    copy_of = replaced.path if replaced is not None else None
    target = write_starter(kind, item_id, pack, catalog.library, copy_of)
    out = console()
    out.print(f"Wrote {target}", soft_wrap=True, markup=False)
    if replaced is not None:
        out.print(
            f"It is a copy of the {replaced.kind[:-1]} '{item_id}' from "
            f"{pack_label(replaced.pack)}, rules and all, and replaces it as a whole: change "
            "only what you mean to.",
            soft_wrap=True,
            markup=False,
        )
    out.print(
        f"Edit it, then check it: massage-coach content validate {pack}",
        soft_wrap=True,
        markup=False,
    )
