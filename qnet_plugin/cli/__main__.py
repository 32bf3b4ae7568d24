"""``python -m qnet_plugin.cli``: the same as the ``qnet`` command."""

import sys

from qnet_plugin.cli import main

if __name__ == "__main__":
    sys.exit(main())
