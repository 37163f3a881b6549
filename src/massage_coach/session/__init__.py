"""The live session: a runner (state machine) with injected clock, keys, view and cues."""
