"""Rendering: rich renderables made from values and content; the CLI and the session print them.

Each renderable reads the console it is printed on (`adaptive`: boxed and coloured in a
terminal, plain and whole when piped). `reference` draws the reference commands (tables, detail
panels, the back diagram), `plan` a plan (timeline, share bar, markdown, text, JSON), `routine`
a named routine, `history` past sessions (the table and the `history stats` charts), `lists`
the config, profiles and content items, `summary` a session's overview and its ending, and
`live` the live session screen (with `words`, the step in words, and `digits`, its block font).
This package imports nothing itself, so `plan --format json` never loads rich.
"""
