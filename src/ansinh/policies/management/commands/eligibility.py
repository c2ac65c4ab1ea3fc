from ansinh.core.commands import passthrough
from ansinh.policies.cli import main

Command = passthrough(main, help="Xét điều kiện và tính mức hỗ trợ cho một danh sách CSV theo một chính sách")
