#!/bin/sh
# Regenerates the fixtures of capture/document's tests (ImageMagick 6 and python3).
# Run from this directory: ./gen.sh
set -eu

# A sharp "ID card" photographed on a dark desk: print-like bars, a photo box, a border.
convert -size 1600x1100 xc:'#3a3630' \
  -fill '#d9e6f2' -draw 'roundrectangle 280,230 1320,880 30,30' \
  -fill '#8a6f5a' -draw 'rectangle 340,330 600,680' \
  -fill '#1a1a1a' \
  -draw 'rectangle 660,330 1230,348' -draw 'rectangle 660,380 1100,394' \
  -draw 'rectangle 660,420 1180,434' -draw 'rectangle 660,460 980,474' \
  -draw 'rectangle 660,520 1250,532' -draw 'rectangle 660,560 900,572' \
  -draw 'rectangle 660,600 1150,612' -draw 'rectangle 340,740 1250,760' \
  -draw 'rectangle 340,790 1000,806' \
  -attenuate 0.25 +noise Gaussian -quality 85 card.jpg

# A small asymmetric picture (red top-left corner, blue bottom row) stored in each of the
# eight EXIF orientations: the upright result is always 60x40 with red at the top left.
convert -size 60x40 xc:white -fill red -draw 'rectangle 0,0 19,14' \
  -fill blue -draw 'rectangle 0,35 59,39' upright.png
for o in 1 2 3 4 5 6 7 8; do
  case $o in
    1) op='' ;; 2) op='-flop' ;; 3) op='-rotate 180' ;; 4) op='-flip' ;;
    5) op='-transpose' ;; 6) op='-rotate 270' ;; 7) op='-transverse' ;; 8) op='-rotate 90' ;;
  esac
  # shellcheck disable=SC2086
  convert upright.png $op -quality 95 tmp.jpg
  python3 - "$o" <<'PY'
import struct, sys
o = int(sys.argv[1])
jpg = open("tmp.jpg", "rb").read()
ifd = struct.pack("<H", 1) + struct.pack("<HHIHH", 0x0112, 3, 1, o, 0) + struct.pack("<I", 0)
tiff = b"II*\x00" + struct.pack("<I", 8) + ifd
app1 = b"Exif\x00\x00" + tiff
seg = b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1
open("orientation_%d.jpg" % o, "wb").write(jpg[:2] + seg + jpg[2:])
PY
done
rm -f tmp.jpg upright.png

convert card.jpg -resize 50% -colorspace CMYK -quality 90 cmyk.jpg
convert card.jpg -resize 50% -interlace JPEG -quality 90 progressive.jpg
convert -size 200x100 xc:none -fill red -draw 'rectangle 0,0 99,99' alpha.png
convert card.jpg -resize 25% small.jpg
head -c 20000 card.jpg > truncated.jpg
: > empty.jpg
printf 'name,id\nJane,123\n' > text.jpg
convert -size 8x8 xc:gray gif.gif

python3 - <<'PY'
import struct, zlib
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
ihdr = struct.pack(">IIBBBBB", 20000, 20000, 8, 2, 0, 0, 0)
open("bomb.png", "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 1000)))
# An HEIC file's first box: ftyp with the heic brand.
open("photo.heic", "wb").write(struct.pack(">I", 24) + b"ftypheic" + b"\x00\x00\x00\x00" + b"mif1heic")
PY
