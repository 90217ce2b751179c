#!/bin/sh
# Regenerates the test clips (ffmpeg with libvpx): selfie.webm is three 64x48 VP8 frames,
# vp9.webm the same in VP9 (refused). ui/wizard/testdata/selfie.webm is a copy of
# selfie.webm. Run from this directory.
set -eu
ffmpeg -v error -f lavfi -i testsrc=size=64x48:rate=10 -t 0.3 -c:v libvpx -b:v 30k -fflags +bitexact -map_metadata -1 -write_crc32 0 -y selfie.webm
ffmpeg -v error -f lavfi -i testsrc=size=64x48:rate=10 -t 0.4 -c:v libvpx-vp9 -y vp9.webm
