"""`python -m mdt_tui` does exactly what `mdt` does."""

import sys

from mdt_tui.cli import main

sys.exit(main())
