"""`python -m massage_coach`."""

from massage_coach.cli import main

main()
