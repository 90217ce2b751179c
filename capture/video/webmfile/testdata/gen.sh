#!/bin/sh
# Regenerates capture/camera's test clips (ffmpeg with libvpx). Run from this directory.
set -eu
ffmpeg -v error -f lavfi -i testsrc=size=160x120:rate=15 -t 1 -c:v libvpx -b:v 200k clip.webm -y
ffmpeg -v error -f lavfi -i testsrc=size=160x120:rate=15 -t 0.5 -c:v libvpx-vp9 vp9.webm -y
