"""``python -m app`` is the ``tiaojie`` command."""

import sys

from app.cli import main

sys.exit(main())
