"""`python -m bot` is the same as the `listminder` command."""

import sys

from bot.cli import main

sys.exit(main())
