"""`massage-coach checklist [NAME]`: list, print, or tick through a checklist one key at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import ExitCode
from ..names import find
from .app import CoachTyper, JsonOption, complete_from, console, emit_json, show
from .packs import ContentOption, library_for

if TYPE_CHECKING:
    from ..models import Checklist
    from ..session.checklists import Answer
    from ..session.keys import KeySource

app = CoachTyper()
"""The command this module defines (`massage-coach checklist`), built when it is used."""


def ask_checklist(checklist: Checklist, keys: KeySource) -> dict[str, Answer]:
    """Tick through `checklist` on the console with one key per item; a screening list ends
    at a yes that means not today, as the session's does (nothing after it matters today)."""
    # deferred, not for --help: rich and pydantic
    from ..session.checklists import stops_today
    from ..session.screening import ask_items

    return ask_items(checklist, keys, console(), stop_when=stops_today)


def print_outcome(checklist: Checklist, answers: dict[str, Answer]) -> None:
    # deferred, not for --help: rich and pydantic
    from rich.markup import escape
    from rich.text import Text

    from ..render.adaptive import Item
    from ..session.checklists import outcome

    out = console()
    result = outcome(checklist, answers)
    if checklist.mode == "tasks":
        if not result.missing and not result.skipped:
            out.print("\n[green]All done.[/] Everything on the list is ready.")
        for label, items in (("Still to do", result.missing), ("Skipped", result.skipped)):
            if items:
                out.print(f"\n[bold]{label}:[/]")
                for item in items:
                    line = Text(item.text)
                    if item.how:
                        line.append(f" ({item.how})", style="dim")
                    out.print(Item(line))
        return
    for item in result.stops:
        assert item.if_yes is not None
        out.print(f"\n[bold red]Not today:[/] {escape(item.text)}\n  {escape(item.if_yes.advice)}")
    for item in result.cautions:
        assert item.if_yes is not None
        out.print(f"\n[yellow]Take care:[/] {escape(item.text)}\n  {escape(item.if_yes.advice)}")
    if result.skipped and not result.stops:  # after a stop, the rest was never asked
        out.print("\n[bold]Not answered:[/] " + escape(", ".join(i.text for i in result.skipped)))
    if not result.stops and not result.cautions and not result.skipped:
        out.print("\n[green]Nothing came up.[/] You are clear to go ahead gently.")


@app.command()
def checklist(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            help="prep, safety, aftercare or self-care.",
            autocompletion=complete_from("checklists"),
            metavar="NAME",
        ),
    ] = None,
    print_only: Annotated[
        bool, typer.Option("--print", help="Print the list instead of asking item by item.")
    ] = False,
    as_json: JsonOption = False,
    content: ContentOption = None,
) -> None:
    """List the checklists, or tick through one: y / n / s, one key each, then a summary."""
    # deferred, not for --help: rich and pydantic
    from ..render import reference as render
    from ..session.environment import Environment

    env = Environment.given(ctx.obj)
    library = library_for(content, kinds=("checklists",))
    if name is None:
        lists = list(library.checklists.values())
        if as_json:
            emit_json([c.model_dump(mode="json") for c in lists])
        else:
            show(render.checklists_table(lists))
        return
    chosen = find("checklist", name, library.checklists)
    if as_json:
        emit_json(chosen.model_dump(mode="json"))
    elif print_only or not env.interactive():
        # Asked only when a person is at a terminal on both ends whose keys can be read one at
        # a time (a POSIX terminal); otherwise the list is printed.
        show(render.checklist_print(chosen))
    else:
        # deferred, not for --help or --print: the key reader
        from ..session.keys import Terminated, terminate_as_exception

        try:
            # SIGTERM or SIGHUP unwinds through the keys' `with`, which restores the terminal
            # mode: the parent may not be a shell that repairs it.
            with terminate_as_exception(), env.terminal_keys() as keys:
                answers = ask_checklist(chosen, keys)
        except Terminated:
            raise typer.Exit(ExitCode.TERMINATED) from None
        print_outcome(chosen, answers)
