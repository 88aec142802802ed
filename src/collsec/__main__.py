"""`python -m collsec` runs the CLI."""

from collsec.cli import main

main()
