"""`python -m solieu.cli`: the solieu command."""
from solieu.cli import main

main()
