"""The ``tiaojie`` command: the same services the GUI uses, for batch work and scripts.

One module per command group (``cases``, ``assignment``, ``mediation``,
``documents``, ``meetings``, ``users``, ``audit``, ``database``, ``gui``),
sharing only :mod:`app.cli.common`; :mod:`app.cli.parser` assembles them.
"""

from app.cli.parser import gui_main, main

__all__ = ["gui_main", "main"]
