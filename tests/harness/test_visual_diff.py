"""`diff_images`: the changed share of a screenshot, tolerant of anti-aliasing, and the side-by-side picture."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from portal_harness.errors import HarnessError
from portal_harness.visual_diff import CHANGE_COLOUR, CHANNEL_TOLERANCE, diff_images


def page(path: Path, size: tuple[int, int] = (400, 200), colour: tuple[int, int, int] = (250, 250, 250)) -> Path:
    """A page-like screenshot: a light background, a heading bar and a few lines of 'text'."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, size[0] - 1, 29), fill=(0, 94, 184))
    for row in range(3):
        draw.rectangle((20, 50 + 30 * row, 20 + 60 * (row + 2), 60 + 30 * row), fill=(33, 33, 33))
    image.save(path)
    return path


def test_identical_screenshots_have_no_change(tmp_path: Path) -> None:
    before = page(tmp_path / "before.png")
    after = page(tmp_path / "after.png")
    diff = diff_images(before, after, None)
    assert (diff.changed_pixels, diff.changed_ratio, diff.diff_image) == (0, 0.0, None)
    assert diff.before_size == diff.after_size == (400, 200)


def test_a_changed_rectangle_gives_its_exact_share(tmp_path: Path) -> None:
    before = page(tmp_path / "before.png")
    image = Image.open(before).convert("RGB")
    ImageDraw.Draw(image).rectangle((200, 100, 299, 149), fill=(200, 0, 0))  # 100 x 50 over the background
    image.save(tmp_path / "after.png")
    diff = diff_images(before, tmp_path / "after.png", None)
    assert diff.changed_pixels == 100 * 50
    assert diff.changed_ratio == 0.0625  # 5000 of 400 x 200


def test_noise_within_the_tolerance_is_no_change_and_one_level_more_is(tmp_path: Path) -> None:
    before = page(tmp_path / "before.png")
    image = Image.open(before).convert("RGB")
    pixels = image.load()
    assert pixels is not None
    for x in range(0, 400, 3):  # anti-aliasing-like noise all over the page, every channel, both ways
        for y in range(0, 200, 7):
            r, g, b = pixels[x, y]  # type: ignore[misc]
            step = CHANNEL_TOLERANCE if (x + y) % 2 else -CHANNEL_TOLERANCE
            pixels[x, y] = tuple(max(0, min(255, c + step)) for c in (r, g, b))
    image.save(tmp_path / "noisy.png")
    assert diff_images(before, tmp_path / "noisy.png", None).changed_pixels == 0

    r, g, b = pixels[300, 150]  # type: ignore[misc]
    pixels[300, 150] = (r, g, b - CHANNEL_TOLERANCE - 1)  # one channel of one pixel, one level past it
    image.save(tmp_path / "changed.png")
    assert diff_images(before, tmp_path / "changed.png", None).changed_pixels == 1


def test_a_taller_candidate_counts_the_new_area_as_changed(tmp_path: Path) -> None:
    before = page(tmp_path / "before.png", (400, 200))
    taller = Image.new("RGB", (400, 300), (250, 250, 250))
    taller.paste(Image.open(before), (0, 0))
    taller.save(tmp_path / "after.png")
    diff = diff_images(before, tmp_path / "after.png", None)
    assert (diff.before_size, diff.after_size) == ((400, 200), (400, 300))
    assert diff.changed_pixels == 400 * 100  # the strip only the candidate covers, same colour or not
    assert diff.changed_ratio == 0.3333


def test_crossed_sizes_compare_on_the_larger_canvas(tmp_path: Path) -> None:
    Image.new("RGB", (400, 200), (250, 250, 250)).save(tmp_path / "wide.png")
    Image.new("RGB", (200, 400), (250, 250, 250)).save(tmp_path / "tall.png")
    diff = diff_images(tmp_path / "wide.png", tmp_path / "tall.png", None)
    # canvas 400 x 400: the 200 x 200 both cover is the same; each alone covers 200 x 200 more (changed);
    # the 200 x 200 corner neither covers is not a change
    assert diff.changed_pixels == 2 * 200 * 200
    assert diff.changed_ratio == 0.5


def test_the_diff_image_shows_baseline_candidate_and_changes_side_by_side(tmp_path: Path) -> None:
    before = page(tmp_path / "before.png")
    image = Image.open(before).convert("RGB")
    ImageDraw.Draw(image).rectangle((200, 100, 299, 149), fill=(200, 0, 0))
    image.save(tmp_path / "after.png")
    out = tmp_path / "diffs" / "page.png"
    diff = diff_images(before, tmp_path / "after.png", out)
    assert diff.diff_image == out and out.is_file()
    with Image.open(out) as sheet:
        assert sheet.size == (3 * 400 + 2 * 8, 200 + 20)  # three panels, two gaps, a title row
        changes_left = 2 * (400 + 8)
        assert sheet.convert("RGB").getpixel((changes_left + 250, 20 + 125)) == CHANGE_COLOUR
        unchanged = sheet.convert("RGB").getpixel((changes_left + 350, 20 + 180))
        assert isinstance(unchanged, tuple) and len(set(unchanged[:3])) == 1  # dimmed to grey


def test_a_large_screenshot_gives_a_small_sheet_that_still_marks_one_pixel(tmp_path: Path) -> None:
    before = page(tmp_path / "before.png", (1280, 720))
    image = Image.open(before).convert("RGB")
    image.putpixel((1001, 501), (255, 0, 0))
    image.save(tmp_path / "after.png")
    out = tmp_path / "page.png"
    assert diff_images(before, tmp_path / "after.png", out).changed_pixels == 1
    with Image.open(out) as sheet:
        assert sheet.size == (3 * 640 + 2 * 8, 360 + 20)  # each panel halved
        red, green, blue = sheet.convert("RGB").getpixel((2 * (640 + 8) + 500, 20 + 250))  # type: ignore[misc]
        assert red > 150 and green < 100 and blue > 60  # the mark survived the halving


def test_an_unreadable_screenshot_is_one_sentence(tmp_path: Path) -> None:
    before = page(tmp_path / "before.png")
    broken = tmp_path / "broken.png"
    broken.write_text("not a png", encoding="utf-8")
    with pytest.raises(HarnessError, match=r"broken\.png is not a readable image"):
        diff_images(before, broken, None)
    with pytest.raises(HarnessError, match=r"missing\.png does not exist"):
        diff_images(before, tmp_path / "missing.png", None)
