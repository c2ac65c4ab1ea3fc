from ansinh.core.commands import passthrough
from ansinh.policies.cli import policies_main as main

Command = passthrough(main, help="Xem danh mục chính sách hỗ trợ (list, show CODE, --json)")
