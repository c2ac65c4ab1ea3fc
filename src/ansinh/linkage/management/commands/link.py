from ansinh.core.commands import passthrough
from ansinh.linkage.cli import main

Command = passthrough(main, help="Link person records in CSV files: which are the same person (Splink).")
