"""``python -m graph ...``: the same command line as ``aie-graph``."""

from .cli import main

main()
