from ansinh.core.commands import passthrough
from ansinh.reports.cli import main

Command = passthrough(main, help="Tính lại số liệu tổng hợp của bảng điều hành và báo cáo")
