from ansinh.core.commands import passthrough
from ansinh.intake.cli import import_main as main

Command = passthrough(
    main, help="Đọc, kiểm tra và nhập một danh sách theo mẫu (issue 4): ansinh import FILE ..."
)
