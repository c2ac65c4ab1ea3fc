from ansinh.core.commands import passthrough
from ansinh.plans.cli import main

Command = passthrough(main, help="Kế hoạch: load-seed, alerts, regimes-demo, report")
