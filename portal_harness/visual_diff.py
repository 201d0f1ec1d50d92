"""How much of a page's screenshot changed between two runs, and a picture of where.

Two screenshots are compared on the larger canvas (the widest width by the tallest height). A
pixel both images cover is changed when any colour channel differs by more than
`CHANNEL_TOLERANCE`; a pixel only one of them covers is changed (content appeared or went); a
pixel neither covers (a corner of the canvas, when one image is wider and the other taller) is
not. The diff image shows baseline | candidate | changes side by side: the changes panel is the
candidate dimmed to grey with the changed pixels in a strong colour.

Everything runs inside Pillow's C code (ImageChops, point tables, histograms): no per-pixel Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops, ImageDraw, ImageFilter, UnidentifiedImageError

from portal_harness.errors import HarnessError

# A channel must differ by more than this (of 255) for the pixel to count as changed. Chromium's
# anti-aliasing of text and rounded corners, and its colour blending on the GPU or in software,
# move edge pixels by a few levels between two renderings of the same page; a real change (other
# text, a moved box, a new colour) moves them by far more. 25 is about 10 % of the range, the
# same line pixelmatch draws with its default threshold of 0.1 (a grey step of about 26 levels).
CHANNEL_TOLERANCE = 25

CHANGE_COLOUR = (230, 0, 126)  # magenta: stands out on a greyed page and is not a UI colour
PANEL_MAX_WIDTH = 640  # each of the three panels is scaled down to this; the PNG stays a few hundred kB
_DIM = 0.6  # how far the candidate's greys are pulled toward white in the changes panel
_GAP = 8  # pixels between panels
_HEADER = 20  # room for the panel titles
_BACKGROUND = (255, 255, 255)  # what the candidate is dimmed toward
_SHEET = (225, 225, 225)  # the gaps and header: light grey, so white pages keep their edges
_CANVAS_FILL = (200, 200, 200)  # canvas a panel's image does not cover


@dataclass(frozen=True)
class VisualDiff:
    before_size: tuple[int, int]  # (width, height)
    after_size: tuple[int, int]
    changed_pixels: int
    changed_ratio: float  # changed pixels / pixels of the larger canvas, 0..1, 4 places
    diff_image: Path | None = None  # baseline | candidate | changes, when one was written

    @property
    def canvas_size(self) -> tuple[int, int]:
        return (max(self.before_size[0], self.after_size[0]), max(self.before_size[1], self.after_size[1]))

    def to_json(self) -> dict[str, Any]:
        return {
            "changed_ratio": self.changed_ratio,
            "changed_pixels": self.changed_pixels,
            "before_size": list(self.before_size),
            "after_size": list(self.after_size),
            "diff_image": str(self.diff_image) if self.diff_image else None,
        }


def diff_images(before: Path, after: Path, diff_out: Path | None) -> VisualDiff:
    """Compare two screenshots; with `diff_out`, also write the side-by-side diff PNG there."""
    baseline, candidate = _open(before), _open(after)
    canvas = (max(baseline.width, candidate.width), max(baseline.height, candidate.height))
    changed = _changed_mask(baseline, candidate, canvas)
    # the mask is 0 or 255, so the histogram's last bin counts the changed pixels
    changed_pixels = changed.histogram()[255]
    total = canvas[0] * canvas[1]
    written = None
    if diff_out is not None:
        _write_diff_image(baseline, candidate, changed, diff_out)
        written = diff_out
    return VisualDiff(
        before_size=baseline.size,
        after_size=candidate.size,
        changed_pixels=changed_pixels,
        changed_ratio=round(changed_pixels / total, 4) if total else 0.0,
        diff_image=written,
    )


def _open(path: Path) -> Image.Image:
    try:
        with Image.open(path) as image:
            return image.convert("RGB")
    except FileNotFoundError:
        raise HarnessError(f"Screenshot {path} does not exist: rerun the run with --scan visual.") from None
    except (UnidentifiedImageError, OSError) as error:
        raise HarnessError(
            f"Screenshot {path} is not a readable image ({type(error).__name__}): rerun the run with --scan visual."
        ) from None


def _changed_mask(baseline: Image.Image, candidate: Image.Image, canvas: tuple[int, int]) -> Image.Image:
    """An `L` image of the canvas: 255 where the pixel changed, 0 where it did not."""
    overlap = (min(baseline.width, candidate.width), min(baseline.height, candidate.height))
    box = (0, 0, *overlap)
    difference = ImageChops.difference(baseline.crop(box), candidate.crop(box))
    red, green, blue = difference.split()
    largest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    threshold = [0] * (CHANNEL_TOLERANCE + 1) + [255] * (255 - CHANNEL_TOLERANCE)
    mask = Image.new("L", canvas, 0)
    mask.paste(largest.point(threshold), (0, 0))
    # what only one image covers: the two coverage rectangles, exclusive-or'ed
    covers_before, covers_after = Image.new("L", canvas, 0), Image.new("L", canvas, 0)
    covers_before.paste(255, (0, 0, *baseline.size))
    covers_after.paste(255, (0, 0, *candidate.size))
    return ImageChops.lighter(mask, ImageChops.difference(covers_before, covers_after))


def _write_diff_image(baseline: Image.Image, candidate: Image.Image, changed: Image.Image, out: Path) -> None:
    canvas = changed.size
    grey = candidate.convert("L").convert("RGB")
    dimmed = Image.blend(grey, Image.new("RGB", grey.size, _BACKGROUND), _DIM)
    changes = _on_canvas(dimmed, canvas)
    scale = min(1.0, PANEL_MAX_WIDTH / canvas[0])
    panel = (max(1, round(canvas[0] * scale)), max(1, round(canvas[1] * scale)))
    if scale < 1.0:
        # scaling averages pixels away: widen the marks first so a one-pixel change stays visible
        changed = changed.filter(ImageFilter.MaxFilter(_odd(round(1 / scale) + 1)))
    changes.paste(Image.new("RGB", canvas, CHANGE_COLOUR), (0, 0), changed)
    panels = [_on_canvas(baseline, canvas), _on_canvas(candidate, canvas), changes]
    sheet = Image.new("RGB", (3 * panel[0] + 2 * _GAP, panel[1] + _HEADER), _SHEET)
    draw = ImageDraw.Draw(sheet)
    for index, (title, image) in enumerate(zip(("baseline", "candidate", "changes"), panels, strict=True)):
        left = index * (panel[0] + _GAP)
        draw.text((left + 2, 4), title, fill=(0, 0, 0))
        sheet.paste(image.resize(panel, Image.Resampling.BILINEAR) if scale < 1.0 else image, (left, _HEADER))
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out, format="PNG")


def _on_canvas(image: Image.Image, canvas: tuple[int, int]) -> Image.Image:
    if image.size == canvas:
        return image
    placed = Image.new("RGB", canvas, _CANVAS_FILL)
    placed.paste(image, (0, 0))
    return placed


def _odd(size: int) -> int:
    return size if size % 2 else size + 1
