"""`python -m legalgraph.cli` runs the command line."""

from legalgraph.cli import main

main()
