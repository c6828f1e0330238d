"""bench-export.sh's report: each output's SSIM against a full-quality reference, and the times.

The reference of an output is its original decoded at full size by Pillow, turned upright (EXIF
orientation) and resized to the output's size with Lanczos. SSIM is on luma (BT.601) with 7x7
uniform windows (scikit-image's default), computed with numpy through integral images.
Usage: export_ssim.py CORPUS SHOEBOX_OUT VIPS_OUT SHOEBOX_S VIPS_S JOBS EXPORT_JSON
"""
import json
import os
import sys

import numpy as np
from PIL import Image, ImageOps


def luma(img):
    a = np.asarray(img.convert("RGB"), dtype=np.float64)
    return a[..., 0] * 0.299 + a[..., 1] * 0.587 + a[..., 2] * 0.114


def box(a, k=7):
    """Mean over every k x k window (valid positions only)."""
    s = np.pad(a, ((1, 0), (1, 0))).cumsum(0).cumsum(1)
    return (s[k:, k:] - s[:-k, k:] - s[k:, :-k] + s[:-k, :-k]) / (k * k)


def ssim(x, y, k=7):
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    n = k * k
    cov = n / (n - 1)  # sample covariance, as scikit-image
    mx, my = box(x, k), box(y, k)
    vx = (box(x * x, k) - mx * mx) * cov
    vy = (box(y * y, k) - my * my) * cov
    vxy = (box(x * y, k) - mx * my) * cov
    s = ((2 * mx * my + c1) * (2 * vxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2))
    return float(s.mean())


def main():
    corpus, sb_out, vips_out = sys.argv[1:4]
    s, v = float(sys.argv[4]), float(sys.argv[5])
    jobs, export = int(sys.argv[6]), json.load(open(sys.argv[7]))
    originals = sorted(
        os.path.join(d, f) for d, _, fs in os.walk(corpus) for f in fs if f.endswith(".jpg")
    )
    scores = {"shoebox": [], "vips": []}
    for path in originals:
        name = os.path.basename(path)
        original = ImageOps.exif_transpose(Image.open(path))
        original.load()
        for side, folder in (("shoebox", sb_out), ("vips", vips_out)):
            out = Image.open(os.path.join(folder, name))
            reference = original.resize(out.size, Image.LANCZOS)
            scores[side].append(ssim(luma(out), luma(reference)))
    mean = {k: sum(x) / len(x) for k, x in scores.items()}
    report = {
        "files": len(originals), "jobs": jobs,
        "shoebox_s": round(s, 3), "vips_s": round(v, 3), "ratio": round(s / v, 3),
        "shoebox_ssim": round(mean["shoebox"], 4), "vips_ssim": round(mean["vips"], 4),
        "shoebox_min_ssim": round(min(scores["shoebox"]), 4), "vips_min_ssim": round(min(scores["vips"]), 4),
        "shoebox_bytes": export["bytes"], "shoebox_failed": export["failed"],
        "vips_bytes": sum(os.path.getsize(os.path.join(vips_out, f)) for f in os.listdir(vips_out)),
    }
    print(f"{len(originals)} JPEGs, {jobs} jobs per side, median of runs")
    print(f"web preset {s:.2f} s vs vipsthumbnail --size 2048 Q85 interlace {v:.2f} s: "
          f"ratio {s / v:.2f} (goal <= 0.7)")
    print(f"SSIM against a full-quality reference: shoebox {mean['shoebox']:.4f}, vips {mean['vips']:.4f}")
    print(json.dumps(report))


main()
