"""Rendering: rich renderables made from values and content; the CLI and the session print them.

`reference` draws the reference commands (tables, detail panels, the back diagram), `plan` a
plan (timeline, share bar, markdown, text, JSON) and `routine` a named routine. This package
imports nothing itself, so `plan --format json` never loads rich.
"""
