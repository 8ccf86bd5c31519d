"""`python -m legalgraph` runs the command line."""

from legalgraph.cli import main

main()
