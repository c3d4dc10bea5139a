"""``python -m api.cli``: the ``certledger`` command (used to start child processes)."""

from api.cli import main

raise SystemExit(main())
