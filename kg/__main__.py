"""``python -m kg``: the same command line as ``kg``."""

import sys

try:
    from .cli import main
except KeyboardInterrupt:  # Ctrl-C while kg is still starting: one line, like everywhere else
    sys.stderr.write("kg: error: interrupted\n")
    sys.exit(130)

main()
