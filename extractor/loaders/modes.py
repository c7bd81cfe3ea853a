"""Every Pillow image mode to 8-bit gray ("L") or RGB, values scaled, not clipped.

Pillow's own ``convert("L")`` of a 16-bit or 32-bit image CLIPS every value above 255 to
white: a 16-bit grayscale scan (0..65535) becomes an all-white page. Transparent pixels
are usually stored black ((0, 0, 0, 0)): dropping the alpha channel turns the paper
black. So deep images are scaled by their bit depth and transparent ones are laid on
white paper first.
"""
from __future__ import annotations

_RGB_LIKE = {"RGB", "CMYK", "YCbCr", "LAB", "HSV", "RGBX"}


def to_8bit(image):
    """``image`` as "L" or "RGB" (itself when already one of those)."""
    from PIL import Image

    mode = image.mode
    if mode in ("L", "RGB"):
        return image
    if mode == "1":
        return image.convert("L")
    if mode in ("P", "PA"):
        has_alpha = mode == "PA" or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
        mode = image.mode
        if mode == "RGB":
            return image
    if mode in ("RGBA", "RGBa", "LA", "La"):
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        flat = Image.alpha_composite(paper, rgba).convert("RGB")
        return flat.convert("L") if mode in ("LA", "La") else flat
    if mode in _RGB_LIKE:
        return image.convert("RGB")
    if mode.startswith("I") or mode == "F":
        return _deep_gray(image)
    return image.convert("RGB")


def _deep_gray(image):
    """A 16/32-bit integer or float gray image scaled to 0..255 by its bit depth: 16-bit
    data (max above 255) is divided by 257; float data in 0..1 multiplied by 255; wider
    ranges scaled by their maximum."""
    import numpy as np
    from PIL import Image

    arr = np.asarray(image)
    if arr.dtype.byteorder not in ("=", "|"):
        arr = arr.astype(arr.dtype.newbyteorder("="))
    arr = arr.astype(np.float64)
    low, high = float(arr.min(initial=0.0)), float(arr.max(initial=0.0))
    if image.mode == "F" and 0.0 <= low and high <= 1.0:
        scale = 255.0
    elif high <= 255:
        scale = 1.0
    elif high <= 65535:
        scale = 255.0 / 65535.0
    else:
        scale = 255.0 / high
    out = np.clip(np.rint(arr * scale), 0, 255).astype(np.uint8)
    return Image.fromarray(out, mode="L")
