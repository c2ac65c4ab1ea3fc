from ansinh.core.commands import passthrough
from ansinh.intake.cli import forms_main as main

Command = passthrough(main, help="Liệt kê các mẫu danh sách: ansinh forms list")
