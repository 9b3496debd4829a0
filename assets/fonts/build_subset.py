#!/usr/bin/python3
"""Build the single-face CJK fonts that Yiye embeds.

Fyne cannot load a .ttc collection, so this takes the Simplified Chinese face
of Noto Sans CJK (OFL 1.1, Debian package fonts-noto-cjk) and keeps GB 2312
plus the punctuation and symbols the app uses plus every character found in
the repository's text files. It writes each weight twice:

- NotoSansSC-*-subset.otf keeps the CFF outlines, for the screen: Fyne's font
  library reads CFF glyphs when drawn, while TrueType glyphs are all parsed
  at load (about 9 MiB of memory per weight instead of 1 MiB);
- NotoSansSC-*-subset.ttf has quadratic TrueType outlines, which the PDF
  writer needs.

Usage (Debian: apt-get install fonts-noto-cjk python3-fonttools):
    /usr/bin/python3 assets/fonts/build_subset.py [REPO_ROOT]
"""
import os
import sys

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, newTable

SRC = "/usr/share/fonts/opentype/noto/NotoSansCJK-{}.ttc"
SC_INDEX = 2  # face order in the collection: JP, KR, SC, TC, HK, ...
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "NotoSansSC-{}-subset.{}")
TEXT_EXT = (".go", ".json", ".yaml", ".yml", ".md", ".toml", ".html", ".txt")


def charset(repo):
    cps = set(range(0x20, 0x7F)) | set(range(0xA0, 0x180))
    for lo, hi in [(0x2000, 0x206F), (0x2100, 0x21FF), (0x2200, 0x22FF), (0x2460, 0x24FF),
                   (0x2500, 0x25FF), (0x2600, 0x26FF), (0x2700, 0x27BF), (0x3000, 0x303F),
                   (0xFF00, 0xFFEF), (0x3200, 0x32FF)]:
        cps |= set(range(lo, hi + 1))
    for b1 in range(0xA1, 0xF8):
        for b2 in range(0xA1, 0xFF):
            try:
                cps |= {ord(c) for c in bytes([b1, b2]).decode("gb2312")}
            except UnicodeDecodeError:
                pass
    for root, dirs, files in os.walk(repo):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in ("dist", "node_modules")]
        for f in files:
            if f.endswith(TEXT_EXT):
                try:
                    with open(os.path.join(root, f), encoding="utf-8") as fh:
                        cps |= {ord(c) for c in fh.read() if ord(c) >= 0x80}
                except (UnicodeDecodeError, OSError):
                    pass
    return cps


def to_truetype(font):
    glyph_order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    quad = {}
    for name in glyph_order:
        tt_pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(tt_pen, 2.0, reverse_direction=True))
        quad[name] = tt_pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = quad
    del font["CFF "]
    for t in ("VORG",):
        if t in font:
            del font[t]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, g in glyf.glyphs.items():
        if hasattr(g, "xMin"):
            hmtx[name] = (hmtx[name][0], g.xMin)
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones",):
        setattr(maxp, attr, 1)
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.compile(font)
    post = font["post"]
    post.formatType = 3.0
    font.sfntVersion = "\000\001\000\000"


def build(weight, cps):
    font = TTCollection(SRC.format(weight)).fonts[SC_INDEX]
    opts = subset.Options()
    opts.desubroutinize = True
    opts.layout_features = ["kern", "liga", "locl", "palt", "vert"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=cps)
    sub.subset(font)
    if "VORG" in font:
        del font["VORG"]
    for ext in ("otf", "ttf"):
        if ext == "ttf":
            to_truetype(font)
        out = OUT.format(weight, ext)
        font.save(out)
        print(out, os.path.getsize(out), "bytes")


if __name__ == "__main__":
    repo = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
    cps = charset(repo)
    print(len(cps), "code points")
    for w in ("Regular", "Bold"):
        build(w, cps)
