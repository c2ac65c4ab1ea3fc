"""Common Vietnamese given names (folded, no diacritics), to tell a typo from another real name.

"Lan" and "Loan", "Hùng" and "Dũng" differ by one letter but are different names: when *both* sides are
known names, a one-letter difference is not treated as a typo. The list is general knowledge of Vietnamese
naming (Kinh and the province's minorities), not derived from any test data; extend it freely.
"""

from __future__ import annotations

KNOWN_GIVEN_NAMES: frozenset[str] = frozenset(
    """
an anh ba bach bang bao bay be bich binh bo bong buu ca canh cat chau chi chien chinh chuc chung cong cu cuc
cuong dai dan dang danh dao dat diem dien diep dieu dinh doan don dong du dua duc dung duong duy duyen gai
giang giao gioi ha hai han hang hanh hao hau hien hiep hieu hoa hoai hoan hoang hoi hong hop hue hung huong
huu huy huyen huynh kha khai khang khanh khoa khoi khuong kien kieu kim lai lam lan lang lap le lien lieu
linh loan loc loi long lua luan luc luong luu ly mai man manh mao mau minh mo mong my nam nga ngan ngat nghi
nghia ngoc nguyen nguyet nhan nhat nhi nhien nhu nhung nhuong ninh noi nu nuong oanh phat phi phong phu phuc
phung phuoc phuong quan quang que quoc quy quyen quyet quynh sang sen son sung tai tam tan tang thach thai
than thang thanh thao that the thi thiem thien thinh tho thoa thoai thom thu thuan thuc thuong thuy thuyet
tien tin tinh toan toi trac tram tran trang tri trieu trinh trong truc trung truong tu tuan tue tung tuoi
tuong tuyen tuyet ut uy uyen van vien viet vinh vu vui vuong vy xinh xuan y yen
""".split()  # noqa: SIM905 - a block of words reads better than 300 quoted items
)
