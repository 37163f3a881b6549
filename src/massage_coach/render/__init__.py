"""Rendering: rich renderables made from values and content; the CLI and the session print them.

`reference` draws the reference commands (tables, detail panels, the back diagram), `plan` a
plan (timeline, share bar, markdown, text, JSON), `routine` a named routine and `history`
past sessions (the table and the `history stats` charts). This package imports nothing itself,
so `plan --format json` never loads rich.
"""
