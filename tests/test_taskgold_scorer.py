"""The task scorer's idea of "the same body" (tests/taskgold.py norm_body): the ways texts
write one body compare equal, different bodies do not."""

from __future__ import annotations

import pytest

from taskgold import body_matches, norm_body


@pytest.mark.parametrize("printed, gold", [
    ("Bộ trưởng Bộ Tài chính", "Bộ Tài chính"),  # the office-holder who heads it
    ("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương", "UBND các tỉnh"),
    ("Giám đốc Sở Tư pháp", "Sở Tư pháp"),
    ("Thủ trưởng các cơ quan, đơn vị", "các cơ quan, đơn vị"),
    ("Uỷ ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh"),  # old and new tone placement
    ("Bộ Quốc phòng (Cục Bản đồ)", "Bộ Quốc phòng"),
    ("Sở Tư pháp tỉnh Bến Tre", "Sở Tư pháp"),  # the prediction may add its locality
    ("Từng bộ, cơ quan, địa phương", "bộ, cơ quan, địa phương"),  # "từng" (each) a determiner like "các"
])
def test_one_body_written_two_ways(printed, gold):
    assert body_matches(printed, gold)


@pytest.mark.parametrize("printed, gold", [
    ("Chủ tịch nước", "Nhà nước"),  # an office that is not a body's head written before it
    ("Bộ Tài chính", "Bộ Tư pháp"),
    ("Sở Tư pháp", "Sở Tư pháp tỉnh Bến Tre"),  # the gold's locality is not dropped
])
def test_different_bodies_stay_apart(printed, gold):
    assert not body_matches(printed, gold)
    assert norm_body(printed) != norm_body(gold)
