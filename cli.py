"""Run the command line from a checkout: ``python cli.py ...``.

The click app lives in :mod:`graph.cli`; an installed package runs it as
``aie-graph`` (or ``python -m graph``).
"""

from graph.cli import cli, main  # noqa: F401  (``import cli; cli.cli`` keeps working)

if __name__ == "__main__":
    main()
