"""``python -m kg``: the same command line as ``kg``."""

from .launch import main

main()
