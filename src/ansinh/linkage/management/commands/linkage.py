from ansinh.core.commands import passthrough
from ansinh.linkage.registry_cli import main

Command = passthrough(main, help="Relink the stored person registry (verdicts applied) or retrain the model.")
