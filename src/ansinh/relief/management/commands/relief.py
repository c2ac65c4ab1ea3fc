from ansinh.core.commands import passthrough
from ansinh.relief.cli import main

Command = passthrough(main, help="Việc định kỳ của phân hệ hỗ trợ (mốc gửi danh sách TTDVVL ngày 5 và 20)")
