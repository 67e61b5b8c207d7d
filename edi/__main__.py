"""``python -m edi`` runs the x12flow command line."""

from edi.cli import main

if __name__ == "__main__":
    main(prog_name="x12flow")
