"""Real Vietnamese text for the kernel tests: names, places and sentences (NFC)."""

from __future__ import annotations


def _words(text: str) -> list[str]:
    return text.split()


SURNAMES = _words(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương Trịnh Trương "
    "Lâm Mai Tạ Lương Thái Quách Triệu Hà Đinh Kiều Châu Điểu Thị Lò"
)
MIDDLE = _words(
    "Văn Thị Hữu Đức Minh Ngọc Thanh Quốc Xuân Hoàng Thuỳ Thúy Kim Gia Bảo Đình Công Tuấn Mỹ Phương"
)
GIVEN = _words(
    "An Anh Bình Cường Dũng Duy Đạt Giang Hà Hải Hạnh Hiếu Hoa Hòa Hoà Hùng Hương Huy Khánh Khoa Lan Linh "
    "Long Lộc Mai Nam Nga Ngân Nhung Phúc Phượng Quân Quyên Sơn Tâm Thảo Thắng Thu Thuý Thủy Tiến Trang Trinh "
    "Trung Tú Tuấn Uyên Vân Việt Vinh Vy Xuân Yến Ấn Ẩn Ỷ Ỵ Ửng Ưng Ước Ổn Ốc Ớt Ợi Ỡ Nghĩa Chiến Lựu Quyết "
    "Khuyến Hưởng Ngữ Tưởng Huyền Nguyệt Thoả Oanh Khuê Loan Đoàn Thiện Phước Lộc Ngoãn Hoạch"
)
PLACES = [
    "Bình Phước",
    "Đồng Xoài",
    "Bình Long",
    "Phước Long",
    "Chơn Thành",
    "Hớn Quản",
    "Lộc Ninh",
    "Bù Đốp",
    "Bù Gia Mập",
    "Bù Đăng",
    "Đồng Phú",
    "Phú Riềng",
    "Thừa Thiên Huế",
    "Bà Rịa - Vũng Tàu",
    "Đắk Nông",
    "Thanh Hoá",
    "Khánh Hòa",
    "Quảng Ngãi",
    "Hậu Giang",
    "Bắc Kạn",
    "Tuyên Quang",
    "Điện Biên",
    "xã Tân Lập",
    "thị trấn Tân Phú",
    "ấp 3, xã Thanh Lương",
    "tổ 5, khu phố Phú Cường",
    "Số 12 đường Hùng Vương",
]
SENTENCES = [
    "Hỗ trợ người lao động không có giao kết hợp đồng lao động (lao động tự do) gặp khó khăn do đại dịch COVID-19.",
    "Danh sách người lao động tạm hoãn thực hiện hợp đồng lao động, nghỉ việc không hưởng lương.",
    "Quyết định số 23/2021/QĐ-TTg ngày 07 tháng 7 năm 2021 của Thủ tướng Chính phủ.",
    "Ủy ban nhân dân tỉnh Bình Phước; Sở Lao động - Thương binh và Xã hội.",
    "Trẻ em phải điều trị do nhiễm COVID-19 (F0) hoặc cách ly y tế (F1).",
    "Thuỷ thủ ngủ gật, ước muốn khuya khoắt; chuyện quyển sách ở ngoài cửa sổ.",
    "Những người đứng đầu xã, phường, thị trấn chịu trách nhiệm về tính chính xác của danh sách.",
    "Nghỉ ngơi, giữ gìn sức khỏe; khuyến khích tiêm vắc-xin đầy đủ.",
    "Ông Đỗ Văn Dũng, bà Lưu Thị Yến và cháu Ngô Quốc Ỷ đã nhận đủ tiền hỗ trợ.",
]
#: Every one of the 134 precomposed letters, in words: lower case, then upper case.
ALL_LETTERS_LOWER = (
    "à á ả ã ạ ă ằ ắ ẳ ẵ ặ â ầ ấ ẩ ẫ ậ đ è é ẻ ẽ ẹ ê ề ế ể ễ ệ ì í ỉ ĩ ị ò ó ỏ õ ọ ô ồ ố ổ ỗ ộ ơ ờ ớ ở ỡ ợ "
    "ù ú ủ ũ ụ ư ừ ứ ử ữ ự ỳ ý ỷ ỹ ỵ"
)
ALL_LETTERS_UPPER = ALL_LETTERS_LOWER.upper()


def full_names() -> list[str]:
    """Deterministic surname x middle x given combinations (a few thousand)."""
    out = []
    for i, surname in enumerate(SURNAMES):
        for j, middle in enumerate(MIDDLE):
            for k, given in enumerate(GIVEN):
                if (i + j + k) % 7 == 0:
                    out.append(f"{surname} {middle} {given}")
    return out
