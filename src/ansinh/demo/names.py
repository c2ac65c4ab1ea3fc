"""Vietnamese name tables for the synthetic population (Bình Phước, 2021).

Weights are relative frequencies, rounded from published surname surveys (Nguyễn ~38 %, Trần ~11 %,
Lê ~9.5 %, Phạm ~7 %, Hoàng/Huỳnh ~5 % ...). In the South "Huỳnh" and "Võ" replace most "Hoàng" and "Vũ".
Given names follow a Zipf-like curve (the first is the most frequent). Ethnic-minority tables cover the
S'tiêng and M'nông (the province's largest minorities; men often "Điểu ...", women "Thị ..."), and the
Khmer (surnames Lâm, Thạch, Danh, Sơn, Kim). These are demo data, not a census.
"""

from __future__ import annotations

# fmt: off
KINH_SURNAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 38.0), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.0), ("Huỳnh", 3.0), ("Hoàng", 2.0), ("Phan",
    4.5), ("Võ", 2.6), ("Vũ", 1.3), ("Đặng", 2.1), ("Bùi", 2.0), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3),
    ("Dương", 1.0), ("Lý", 0.5), ("Đinh", 0.6), ("Đào", 0.5), ("Trương", 0.8), ("Lâm", 0.4), ("Mai", 0.4),
    ("Cao", 0.4), ("Lương", 0.3), ("Tạ", 0.2), ("Hà", 0.3), ("Châu", 0.2), ("Tô", 0.2), ("Thái", 0.2),
    ("Lưu", 0.2), ("Quách", 0.1), ("Văn", 0.1), ("Kiều", 0.1), ("Triệu", 0.1),
)

KINH_MIDDLE_MALE: tuple[tuple[str, float], ...] = (
    ("Văn", 40.0), ("Hữu", 6.0), ("Minh", 8.0), ("Đức", 5.0), ("Quốc", 5.0), ("Thanh", 5.0), ("Hoàng", 4.0),
    ("Công", 4.0), ("Ngọc", 3.0), ("Xuân", 3.0), ("Đình", 3.0), ("Quang", 3.0), ("Anh", 2.0), ("Tấn", 3.0),
    ("Thành", 2.0), ("Trọng", 2.0), ("Gia", 1.0), ("Bảo", 1.0), ("", 1.0),
)

KINH_MIDDLE_FEMALE: tuple[tuple[str, float], ...] = (
    ("Thị", 45.0), ("Thị Ngọc", 5.0), ("Ngọc", 6.0), ("Thu", 4.0), ("Thanh", 4.0), ("Kim", 4.0), ("Thùy",
    3.0), ("Mỹ", 3.0), ("Hồng", 3.0), ("Bích", 2.0), ("Thị Thanh", 3.0), ("Thị Kim", 3.0), ("Phương", 2.0),
    ("Diễm", 1.0), ("Thị Hồng", 2.0), ("Hoài", 1.0), ("", 1.0),
)

KINH_GIVEN_MALE: tuple[str, ...] = (
    "Hùng", "Dũng", "Tuấn", "Minh", "Hải", "Hưng", "Long", "Nam", "Phúc", "Quang", "Sơn", "Thắng", "Thành",
    "Trung", "Tùng", "Việt", "Vinh", "Bình", "Cường", "Đạt", "Đức", "Hiếu", "Huy", "Khang", "Khoa", "Kiên",
    "Lâm", "Lộc", "Lợi", "Nghĩa", "Nhân", "Phong", "Quân", "Tài", "Tâm", "Thái", "Thịnh", "Tiến", "Toàn",
    "Trí", "Tú", "Vũ", "Bảo", "Duy", "Hậu", "Hòa", "Hiển", "Phước", "Tấn", "Thuận", "Tín", "Trường", "An",
    "Anh", "Khánh", "Hoàng", "Công", "Danh", "Định", "Giang", "Hào", "Hiệp", "Hoan", "Kha", "Luân", "Mạnh",
    "Nhật", "Phát", "Quý", "Sang", "Tân", "Thanh", "Thiện", "Thọ", "Trọng", "Tuyên", "Vương", "Xuân",
    "Dương", "Hải", "Khải", "Lực", "Ngọc", "Phú", "Quyết",
)

KINH_GIVEN_FEMALE: tuple[str, ...] = (
    "Lan", "Hương", "Hoa", "Hằng", "Huyền", "Linh", "Loan", "Mai", "Ngọc", "Nhung", "Oanh", "Phương",
    "Thảo", "Thủy", "Trang", "Tuyết", "Vân", "Yến", "Anh", "Dung", "Giang", "Hà", "Hạnh", "Hiền", "Hồng",
    "Liên", "Liễu", "Ly", "My", "Nga", "Ngân", "Nhi", "Nhàn", "Như", "Quyên", "Tâm", "Thanh", "Thu", "Thúy",
    "Trâm", "Uyên", "Vy", "Xuân", "Diễm", "Duyên", "Hậu", "Kiều", "Lệ", "Nương", "Phượng", "Cúc", "Đào",
    "Hạ", "Hoài", "Khánh", "Lài", "Lụa", "Mơ", "Nguyệt", "Nhàn", "Quỳnh", "Sen", "Tiên", "Trinh", "Tuyền",
    "Vui", "Xinh", "Yên", "Bích", "Châu", "Diệu", "Hảo", "Lam",
)

# S'tiêng / M'nông (Bù Gia Mập, Bù Đăng, Lộc Ninh, Bù Đốp, Phú Riềng...): men "Điểu <name>", women
# "Thị <name>"; some families use a Kinh surname. Given names are short syllables.
STIENG_GIVEN_MALE: tuple[str, ...] = (
    "Lên", "Xiêng", "Brơi", "Rếch", "Dếch", "Thun", "Bình", "K'Lũy", "Đông", "Lâm", "Mon", "Ngọc", "Sa",
    "Thanh", "Bé", "Ba", "Hoàng", "Khoai", "Nhi", "Phol", "Sanh", "Tông", "Xuân", "Bra",
)
STIENG_GIVEN_FEMALE: tuple[str, ...] = (
    "Hoa", "Lan", "Bích", "Mai", "Thu", "Hiền", "Hường", "Hơn", "Lý", "Nhung", "Phum", "Rin", "Sanh",
    "Thúy", "Xiên", "Yến", "Bé", "Dung", "Huệ", "Kim", "Nga", "Nương", "Tiên", "Điệp",
)
KHMER_SURNAMES: tuple[tuple[str, float], ...] = (
    ("Lâm", 3.0), ("Thạch", 4.0), ("Danh", 2.0), ("Sơn", 2.0), ("Kim", 1.0), ("Chau", 1.0),
)
KHMER_GIVEN_MALE: tuple[str, ...] = (
    "Sa Rinh", "Sô Phanh", "Ra", "Sóc", "Sang", "Phol", "Sa Rươl", "Ty", "Mây", "Sen", "Phương", "Quang",
)
KHMER_GIVEN_FEMALE: tuple[str, ...] = (
    "Sa Ry", "Sô Phia", "Thị Mây", "Thị Sa Ri", "Thị Phol", "Thị Sen", "Thị Huệ", "Thị Ngọc", "Thị Kim",
)
# fmt: on
