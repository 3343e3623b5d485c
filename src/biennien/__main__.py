"""``python -m biennien``: the command line."""

import sys

from biennien.show.cli import main

sys.exit(main())
