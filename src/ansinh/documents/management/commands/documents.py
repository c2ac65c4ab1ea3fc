from ansinh.core.commands import passthrough
from ansinh.documents.cli import main

Command = passthrough(
    main, help="Văn bản NĐ 30: kiểm tra PDF, tạo PKI demo, xuất văn bản mẫu, kiểm tra chữ ký"
)
