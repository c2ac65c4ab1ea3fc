from ansinh.core.commands import passthrough
from ansinh.demo.cli import main

Command = passthrough(main, help="Synthetic demo data, e.g. `demo people` (Bình Phước, with truth).")
