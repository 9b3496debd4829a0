#!/usr/bin/env python3
"""Find text on a screenshot with tesseract (chi_sim+eng) and print where.

    ocr_find.py SHOT.png TEXT [TEXT...]   -> "X Y" (centre, screen pixels) of
                                             the first TEXT found, exit 0;
                                             exit 1 when none is found
    ocr_find.py SHOT.png --button TEXT    -> only a line that is TEXT alone
                                             (a button, not a heading that
                                             contains the words)
    ocr_find.py SHOT.png --dump            -> every line tesseract read

Tesseract splits Chinese into single characters or pairs, so words are
joined per line (without spaces) and TEXT is matched as a substring of a
line; its box is the union of the words it covers. The screenshot is
scaled up before reading (Fyne's 13-14 px text reads much better so), and
read again with other contrast when the text was not found: grey
placeholders need a threshold, white text on blue buttons a negation.
Only the standard library and the tesseract and ImageMagick commands are
used.
"""
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile

# (scale, ImageMagick options), tried in turn until the text is found.
PASSES = [
    (2, []),
    (2, ["-colorspace", "Gray", "-threshold", "80%"]),
    (2, ["-colorspace", "Gray", "-sigmoidal-contrast", "10x80%"]),
    # White bold text on a blue (high-importance) button.
    (3, ["-colorspace", "Gray", "-negate", "-threshold", "60%"]),
]
# Tesseract's OpenMP threads spin while they wait for each other: on two
# busy cores (Wine and Yiye on the other) the four passes took 25 s with
# the default threads and 8 s with one.
os.environ["OMP_THREAD_LIMIT"] = "1"
# Debian's ImageMagick 6 by its versioned name first: some machines put a
# different `convert` earlier on PATH.
CONVERT = shutil.which("convert-im6.q16") or shutil.which("magick") or "convert"


def read_lines(png, scale, extra):
    with tempfile.TemporaryDirectory() as tmp:
        big = os.path.join(tmp, "big.png")
        subprocess.run([CONVERT, png, "-resize", f"{scale * 100}%"] + extra + [big], check=True)
        tsv = subprocess.run(
            ["tesseract", big, "-", "-l", "chi_sim+eng", "--psm", "11", "tsv"],
            check=True, capture_output=True, text=True).stdout
    lines = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text or float(row.get("conf") or -1) < 0:
            continue
        key = (row["block_num"], row["par_num"], row["line_num"])
        box = [int(row[k]) // scale for k in ("left", "top", "width", "height")]
        lines.setdefault(key, []).append((text, box))
    return list(lines.values())


def find(lines, want, whole=False):
    """The centre of want on the shortest line that holds it; with whole,
    only on a line that is want alone (one leading icon glyph allowed)."""
    want = want.replace(" ", "")
    best = None
    for words in lines:
        joined, spans = "", []
        for text, box in words:
            spans.append((len(joined), len(joined) + len(text), box))
            joined += text
        i = joined.find(want)
        if i < 0 or (best and len(joined) >= best[0]):
            continue
        if whole and (len(joined) - len(want) > 2 or joined[i + len(want):]):
            continue
        j = i + len(want)
        boxes = [b for s, e, b in spans if s < j and e > i]
        left = min(b[0] for b in boxes)
        top = min(b[1] for b in boxes)
        right = max(b[0] + b[2] for b in boxes)
        bottom = max(b[1] + b[3] for b in boxes)
        best = (len(joined), ((left + right) // 2, (top + bottom) // 2))
    return best[1] if best else None


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    png, wants = args[0], args[1:]
    whole = wants[0] == "--button"
    if whole or mode_dump(args):
        wants = wants[1:]
    for scale, extra in PASSES:
        lines = read_lines(png, scale, extra)
        if mode_dump(args):
            print(f"== pass: x{scale}", " ".join(extra))
            for words in lines:
                b = words[0][1]
                print(f"{b[0]},{b[1]}: " + "".join(t for t, _ in words))
            continue
        for want in wants:
            at = find(lines, want, whole)
            if at:
                print(f"{at[0]} {at[1]}")
                return 0
    return 0 if mode_dump(args) else 1


def mode_dump(args):
    return args[1] == "--dump"


if __name__ == "__main__":
    sys.exit(main())
