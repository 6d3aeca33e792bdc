#!/usr/bin/env bash
# Regenerates the StreamSidecar test fixtures (see README.md for what each file is).
#
#   Fixtures/generate.sh            # from any directory
#
# Wipes and recreates ONLY the generated folders: hls/ segments/ recordings/ playlists/.
# srs/ is refreshed from the real SRS captures in $SRS_PROTOCOL_DIR (default
# /work/shared/srs-protocol) when that folder exists; otherwise the committed copies are kept.
#
# Determinism: lavfi test sources, libx264 with -threads 1, the native aac encoder and
# +bitexact on formats and codecs. On the same ffmpeg build (5.1, Debian 12) two runs give
# byte-identical files; another ffmpeg/x264 version may change bytes, not the facts the
# README documents (codec, size, segment count, keyframe placement).
set -euo pipefail
cd "$(dirname "$0")"
export LC_ALL=C

for tool in ffmpeg ffprobe; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "error: $tool not found. Install it with: sudo apt-get install ffmpeg" >&2
    echo "       (needs libx264 and the aac encoder; Debian/Ubuntu's ffmpeg package has both)" >&2
    exit 1
  fi
done
if [[ "$(ffmpeg -hide_banner -encoders 2>/dev/null)" != *" libx264 "* ]]; then
  echo "error: this ffmpeg has no libx264 encoder (apt-get install ffmpeg on Debian/Ubuntu has it)" >&2
  exit 1
fi

SRS_SRC="${SRS_PROTOCOL_DIR:-/work/shared/srs-protocol}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# ---------------------------------------------------------------------------------------------
# Common encoding settings
# ---------------------------------------------------------------------------------------------
FF=(ffmpeg -hide_banner -nostdin -loglevel error -y)
BITEXACT=(-fflags +bitexact -flags:a +bitexact -map_metadata -1 -map_chapters -1)
# Video: 30 fps test pattern. Audio: 440 Hz sine with a beep every second, 48 kHz.
SINE=(-f lavfi -i "sine=frequency=440:beep_factor=4:sample_rate=48000")
SRC_320=(-f lavfi -i "testsrc2=size=320x180:rate=30" "${SINE[@]}")
SRC_160=(-f lavfi -i "testsrc2=size=160x90:rate=30" "${SINE[@]}")
# H.264 High, yuv420p, fixed GOP of 30 frames (= 1 s), no scene-cut keyframes.
X264=(-c:v libx264 -threads 1 -preset veryfast -profile:v high -pix_fmt yuv420p
      -g 30 -keyint_min 30 -sc_threshold 0 -flags:v +bitexact)
AAC=(-c:a aac -b:a 32k -ac 1 -ar 48000)
HLS=(-f hls -hls_time 1 -hls_list_size 0)

rm -rf hls segments recordings playlists
mkdir -p hls/live hls/vod hls/master/v0 hls/master/v1 hls/fmp4 hls/audio-only hls/no-keyframe \
         segments recordings playlists/bad

# ---------------------------------------------------------------------------------------------
# hls/live: 6 x 1 s H.264+AAC TS, live (no ENDLIST, no PLAYLIST-TYPE), TARGETDURATION 1
# ---------------------------------------------------------------------------------------------
echo "hls/live"
"${FF[@]}" "${SRC_320[@]}" -t 6 -map 0:v -map 1:a "${X264[@]}" -b:v 120k "${AAC[@]}" \
  "${BITEXACT[@]}" "${HLS[@]}" -hls_flags omit_endlist \
  -hls_segment_filename hls/live/seg-%d.ts hls/live/index.m3u8

# ---------------------------------------------------------------------------------------------
# hls/vod: 3 x 1 s, PLAYLIST-TYPE VOD + ENDLIST
# ---------------------------------------------------------------------------------------------
echo "hls/vod"
"${FF[@]}" "${SRC_320[@]}" -t 3 -map 0:v -map 1:a "${X264[@]}" -b:v 120k "${AAC[@]}" \
  "${BITEXACT[@]}" "${HLS[@]}" -hls_playlist_type vod \
  -hls_segment_filename hls/vod/seg-%d.ts hls/vod/index.m3u8

# ---------------------------------------------------------------------------------------------
# hls/master: two live variants (320x180 @120k, 160x90 @60k), 3 x 1 s TS each
# ---------------------------------------------------------------------------------------------
echo "hls/master"
"${FF[@]}" "${SRC_320[@]}" -t 3 -map 0:v -map 1:a "${X264[@]}" -b:v 120k "${AAC[@]}" \
  "${BITEXACT[@]}" "${HLS[@]}" -hls_flags omit_endlist \
  -hls_segment_filename hls/master/v0/seg-%d.ts hls/master/v0/index.m3u8
"${FF[@]}" "${SRC_160[@]}" -t 3 -map 0:v -map 1:a "${X264[@]}" -b:v 60k "${AAC[@]}" \
  "${BITEXACT[@]}" "${HLS[@]}" -hls_flags omit_endlist \
  -hls_segment_filename hls/master/v1/seg-%d.ts hls/master/v1/index.m3u8

# RFC 6381 avc1.PPCCLL from the SPS actually in the stream (profile_idc, constraint flags, level_idc)
avc1_codec() { # $1 = a TS file starting with an IDR
  local hex sps
  hex="$(ffmpeg -v error -i "$1" -map 0:v:0 -c copy -frames:v 1 -f h264 - | od -An -tx1 -v | tr -d ' \n')"
  sps="${hex#*00000167}"   # x264 emits SPS after a 4-byte start code
  [ "$sps" != "$hex" ] || { echo "no SPS in $1" >&2; exit 1; }
  echo "avc1.${sps:0:6}"
}
# BANDWIDTH = peak segment bit rate, AVERAGE-BANDWIDTH = total bits / total duration (RFC 8216 4.3.4.2)
bandwidths() { # $1 = variant dir; prints "PEAK AVERAGE"
  local dir="$1"
  awk -v dir="$dir" '
    /^#EXTINF:/ { sub(/^#EXTINF:/, ""); sub(/,.*/, ""); d = $0 + 0; next }
    /^[^#]/ && NF { cmd = "wc -c < \"" dir "/" $0 "\""; cmd | getline sz; close(cmd);
                    r = sz * 8 / d; if (r > peak) peak = r; bits += sz * 8; dur += d }
    END { printf "%d %d\n", int(peak) + (peak > int(peak)), int(bits / dur) + (bits / dur > int(bits / dur)) }
  ' "$dir/index.m3u8"
}
v0_codec="$(avc1_codec hls/master/v0/seg-0.ts)"
v1_codec="$(avc1_codec hls/master/v1/seg-0.ts)"
read -r v0_peak v0_avg < <(bandwidths hls/master/v0)
read -r v1_peak v1_avg < <(bandwidths hls/master/v1)
cat > hls/master/master.m3u8 <<EOF
#EXTM3U
#EXT-X-VERSION:3
#EXT-X-STREAM-INF:BANDWIDTH=${v0_peak},AVERAGE-BANDWIDTH=${v0_avg},CODECS="${v0_codec},mp4a.40.2",RESOLUTION=320x180,FRAME-RATE=30.000
v0/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=${v1_peak},AVERAGE-BANDWIDTH=${v1_avg},CODECS="${v1_codec},mp4a.40.2",RESOLUTION=160x90,FRAME-RATE=30.000
v1/index.m3u8
EOF

# ---------------------------------------------------------------------------------------------
# hls/fmp4: EXT-X-MAP init.mp4 + 3 x 1 s fMP4 segments, live, version 7
# ---------------------------------------------------------------------------------------------
echo "hls/fmp4"
"${FF[@]}" "${SRC_320[@]}" -t 3 -map 0:v -map 1:a "${X264[@]}" -b:v 120k "${AAC[@]}" \
  "${BITEXACT[@]}" "${HLS[@]}" -hls_flags omit_endlist -hls_segment_type fmp4 \
  -hls_fmp4_init_filename init.mp4 -hls_segment_filename hls/fmp4/seg-%d.m4s hls/fmp4/index.m3u8

# ---------------------------------------------------------------------------------------------
# hls/audio-only: AAC-only TS, 3 x ~1 s, live
# ---------------------------------------------------------------------------------------------
echo "hls/audio-only"
"${FF[@]}" "${SINE[@]}" -t 2.98 -map 0:a "${AAC[@]}" \
  "${BITEXACT[@]}" "${HLS[@]}" -hls_flags omit_endlist \
  -hls_segment_filename hls/audio-only/seg-%d.ts hls/audio-only/index.m3u8

# ---------------------------------------------------------------------------------------------
# hls/no-keyframe: segments that do NOT start on a keyframe.
# 3 s encoded with GOP 45 (IDR at 0 s and 1.5 s only), cut every 1 s regardless of keyframes
# (split_by_time). seg-0 (starts on the IDR) is dropped; the playlist is the live window
# MEDIA-SEQUENCE 1: seg-1 (starts on a P frame, IDR in the middle) and seg-2 (no IDR at all).
# SPS/PPS are repeated before every frame (global_header + dump_extra) so the codec
# parameters (320x180) are still found; only the keyframe rule is broken.
# ---------------------------------------------------------------------------------------------
echo "hls/no-keyframe"
NK="$TMP/no-keyframe"; mkdir -p "$NK"
"${FF[@]}" "${SRC_320[@]}" -t 3 -map 0:v -map 1:a "${X264[@]}" -g 45 -keyint_min 45 -b:v 120k \
  -flags:v +bitexact+global_header -bsf:v dump_extra=freq=all "${AAC[@]}" \
  "${BITEXACT[@]}" "${HLS[@]}" -hls_flags omit_endlist+split_by_time \
  -hls_segment_filename "$NK/seg-%d.ts" "$NK/index.m3u8"
cp "$NK/seg-1.ts" "$NK/seg-2.ts" hls/no-keyframe/
{
  echo "#EXTM3U"
  echo "#EXT-X-VERSION:3"
  echo "#EXT-X-TARGETDURATION:1"
  echo "#EXT-X-MEDIA-SEQUENCE:1"
  # keep ffmpeg's own EXTINF values for seg-1 and seg-2
  awk '/^#EXTINF:/ { inf = $0; next } /^seg-[12]\.ts$/ { print inf; print }' "$NK/index.m3u8"
} > hls/no-keyframe/index.m3u8

# ---------------------------------------------------------------------------------------------
# recordings/
# ---------------------------------------------------------------------------------------------
echo "recordings"
"${FF[@]}" "${SRC_320[@]}" -t 3 -map 0:v -map 1:a "${X264[@]}" -b:v 120k "${AAC[@]}" \
  "${BITEXACT[@]}" -f flv recordings/sample.flv
"${FF[@]}" "${SRC_320[@]}" -t 3 -map 0:v -map 1:a "${X264[@]}" -b:v 120k "${AAC[@]}" \
  "${BITEXACT[@]}" -movflags +faststart -f mp4 recordings/sample.mp4
# moov at the end (no faststart), then keep only the first 60 %: the index is gone
"${FF[@]}" "${SRC_320[@]}" -t 3 -map 0:v -map 1:a "${X264[@]}" -b:v 120k "${AAC[@]}" \
  "${BITEXACT[@]}" -f mp4 "$TMP/full-noindex.mp4"
full_size=$(wc -c < "$TMP/full-noindex.mp4")
head -c $(( full_size * 60 / 100 )) "$TMP/full-noindex.mp4" > recordings/cut-noindex.mp4
"${FF[@]}" "${SRC_320[@]}" -t 3 -map 0:v -map 1:a "${X264[@]}" -b:v 120k "${AAC[@]}" \
  "${BITEXACT[@]}" -movflags +frag_keyframe+empty_moov+default_base_moof -f mp4 recordings/fragmented.mp4

# ---------------------------------------------------------------------------------------------
# segments/: broken segment files
# ---------------------------------------------------------------------------------------------
echo "segments"
# Deterministic pseudo-random bytes: 31-bit LCG (glibc constants), byte = bits 16..23.
lcg_bytes() { # $1 = seed, $2 = count
  local state=$1 n=$2 i chunk
  for (( i = 0; i < n; i++ )); do
    state=$(( (state * 1103515245 + 12345) & 0x7fffffff ))
    chunk+=$(printf '\\x%02x' $(( (state >> 16) & 0xff )))
    if (( ${#chunk} >= 4000 )); then printf "$chunk"; chunk=""; fi   # flush every 1000 bytes
  done
  printf "$chunk"
}
seg_size=$(wc -c < hls/live/seg-1.ts)
cut=$(( seg_size * 40 / 100 ))
if (( cut % 188 == 0 )); then cut=$(( cut - 1 )); fi
head -c "$cut" hls/live/seg-1.ts > segments/truncated.ts
lcg_bytes 1 4096 > segments/garbage.ts
: > segments/empty.ts
cat > segments/text.ts <<'EOF'
<!DOCTYPE html>
<html>
<head><title>404 Not Found</title></head>
<body>
<center><h1>404 Not Found</h1></center>
<hr><center>nginx/1.22.1</center>
</body>
</html>
EOF

# ---------------------------------------------------------------------------------------------
# playlists/bad/: hand-written playlists (some broken, some valid edge cases)
# ---------------------------------------------------------------------------------------------
echo "playlists"
B=playlists/bad
cat > $B/extinf-over-target.m3u8 <<'EOF'
#EXTM3U
#EXT-X-VERSION:3
#EXT-X-TARGETDURATION:3
#EXT-X-MEDIA-SEQUENCE:0
#EXTINF:2.000,
seg-0.ts
#EXTINF:3.600,
seg-1.ts
#EXTINF:2.000,
seg-2.ts
EOF
cat > $B/no-extm3u.m3u8 <<'EOF'
#EXT-X-VERSION:3
#EXT-X-TARGETDURATION:2
#EXT-X-MEDIA-SEQUENCE:0
#EXTINF:2.000,
seg-0.ts
#EXTINF:2.000,
seg-1.ts
EOF
cat > $B/bad-attributes.m3u8 <<'EOF'
#EXTM3U
#EXT-X-STREAM-INF:AVERAGE-BANDWIDTH=100000,CODECS="avc1.64000d,mp4a.40.2",RESOLUTION=320x180
v0/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=200000,CODECS="avc1.64000d,mp4a.40.2,RESOLUTION=320x180
v1/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=300000,CODECS="avc1.64000d,mp4a.40.2",RESOLUTION=abc
v2/index.m3u8
EOF
cat > $B/bad-attr-missing-bandwidth.m3u8 <<'EOF'
#EXTM3U
#EXT-X-STREAM-INF:BANDWIDTH=200000,RESOLUTION=320x180
good/index.m3u8
#EXT-X-STREAM-INF:AVERAGE-BANDWIDTH=100000,RESOLUTION=160x90
bad/index.m3u8
EOF
cat > $B/bad-attr-unterminated-quote.m3u8 <<'EOF'
#EXTM3U
#EXT-X-STREAM-INF:BANDWIDTH=200000,RESOLUTION=320x180
good/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=100000,CODECS="avc1.64000d,mp4a.40.2,RESOLUTION=160x90
bad/index.m3u8
EOF
cat > $B/bad-attr-resolution.m3u8 <<'EOF'
#EXTM3U
#EXT-X-STREAM-INF:BANDWIDTH=200000,RESOLUTION=320x180
good/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=100000,RESOLUTION=abc
bad/index.m3u8
EOF
cat > $B/negative-numbers.m3u8 <<'EOF'
#EXTM3U
#EXT-X-VERSION:3
#EXT-X-TARGETDURATION:-1
#EXT-X-MEDIA-SEQUENCE:-5
#EXTINF:-2,
seg-0.ts
EOF
cat > $B/huge-numbers.m3u8 <<'EOF'
#EXTM3U
#EXT-X-VERSION:3
#EXT-X-TARGETDURATION:99999999999999999999999999
#EXT-X-MEDIA-SEQUENCE:99999999999999999999999999
#EXTINF:1e400,
seg-0.ts
#EXTINF:99999999999999999999999999,
seg-1.ts
EOF
cat > $B/mixed-master-media.m3u8 <<'EOF'
#EXTM3U
#EXT-X-VERSION:3
#EXT-X-TARGETDURATION:1
#EXT-X-STREAM-INF:BANDWIDTH=200000,RESOLUTION=320x180
v0/index.m3u8
#EXTINF:1.000,
seg-0.ts
EOF
# exactly 100,000 lines: 2 header lines + 49,999 (EXTINF, URI) pairs
awk 'BEGIN { print "#EXTM3U"; print "#EXT-X-TARGETDURATION:1";
             for (i = 0; i < 49999; i++) { print "#EXTINF:1,"; print "a.ts" } }' > $B/lines-100k.m3u8
{ printf '#EXTM3U\n'; printf '\x00\x00\x00\x00'; lcg_bytes 2 508; printf '\n'; } > $B/binary.m3u8
: > $B/empty.m3u8
# valid: UTF-8 BOM + CRLF line endings
printf '\xef\xbb\xbf#EXTM3U\r\n#EXT-X-VERSION:3\r\n#EXT-X-TARGETDURATION:2\r\n#EXT-X-MEDIA-SEQUENCE:7\r\n#EXTINF:2.000,\r\nseg-7.ts\r\n#EXTINF:2.000,\r\nseg-8.ts\r\n#EXTINF:1.500,\r\nseg-9.ts\r\n' > $B/crlf.m3u8
# valid: same playlist, CRLF without BOM (RFC 8216 allows CRLF but says clients SHOULD reject a BOM)
printf '#EXTM3U\r\n#EXT-X-VERSION:3\r\n#EXT-X-TARGETDURATION:2\r\n#EXT-X-MEDIA-SEQUENCE:7\r\n#EXTINF:2.000,\r\nseg-7.ts\r\n#EXTINF:2.000,\r\nseg-8.ts\r\n#EXTINF:1.500,\r\nseg-9.ts\r\n' > $B/crlf-no-bom.m3u8
# valid: Low-Latency HLS (RFC 8216bis): 2 complete segments (100, 101), segment 102 in progress
cat > $B/ll-hls.m3u8 <<'EOF'
#EXTM3U
#EXT-X-VERSION:6
#EXT-X-TARGETDURATION:4
#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=3.0,HOLD-BACK=12.0
#EXT-X-PART-INF:PART-TARGET=1.0
#EXT-X-MEDIA-SEQUENCE:100
#EXT-X-MAP:URI="init.mp4"
#EXTINF:4.000,
seg-100.m4s
#EXT-X-PART:DURATION=1.000,URI="seg-101.0.m4s",INDEPENDENT=YES
#EXT-X-PART:DURATION=1.000,URI="seg-101.1.m4s"
#EXT-X-PART:DURATION=1.000,URI="seg-101.2.m4s"
#EXT-X-PART:DURATION=1.000,URI="seg-101.3.m4s"
#EXTINF:4.000,
seg-101.m4s
#EXT-X-PART:DURATION=1.000,URI="seg-102.0.m4s",INDEPENDENT=YES
#EXT-X-PART:DURATION=1.000,URI="seg-102.1.m4s"
#EXT-X-PRELOAD-HINT:TYPE=PART,URI="seg-102.2.m4s"
#EXT-X-RENDITION-REPORT:URI="../v1/index.m3u8",LAST-MSN=102,LAST-PART=1
EOF

# ---------------------------------------------------------------------------------------------
# srs/: real SRS captures, copied verbatim (names kept)
# ---------------------------------------------------------------------------------------------
if [ -d "$SRS_SRC/hls-sample" ]; then
  echo "srs (from $SRS_SRC)"
  rm -rf srs
  mkdir -p srs/srs6 srs/srs7 srs/dvr
  for f in sample.m3u8 master-from-http.m3u8 media-from-http.m3u8 master.headers \
           sample-0.ts sample-1.ts sample-2.ts; do
    cp "$SRS_SRC/hls-sample/$f" srs/
  done
  for f in room1.m3u8 http-master.m3u8 http-master.headers http-media.m3u8 http-media.headers \
           http-ts.headers room1-4.ts room1-5.ts; do
    cp "$SRS_SRC/srs-6.0.157/hls-sample/$f" srs/srs6/
  done
  # 7.0.18's room1-4.ts / room1-5.ts are byte-identical to 6.0.157's: only the text files
  for f in room1.m3u8 http-master.m3u8 http-master.headers http-media.m3u8 http-media.headers \
           http-ts.headers; do
    cp "$SRS_SRC/srs-7.0.18/hls-sample/$f" srs/srs7/
  done
  cp "$SRS_SRC/dvr-sample/room2.1795374877671.flv" srs/dvr/
  chmod -R u+rwX,go+rX,go-w srs
  # The hook requests and API answers a real SRS sent (the daemon's contract tests).
  rm -rf srs-hooks srs-api
  mkdir -p srs-hooks/srs-6.0.157 srs-hooks/srs-7.0.18 srs-api/srs-6.0.157 srs-api/srs-7.0.18
  cp "$SRS_SRC"/hooks/*.json srs-hooks/
  cp "$SRS_SRC"/api/*.json srs-api/
  for v in 6.0.157 7.0.18; do
    cp "$SRS_SRC/srs-$v"/hooks/*.json "$SRS_SRC/srs-$v/sequences.json" "srs-hooks/srs-$v/"
    # The richer capture's API answers: the real stream and client lists reconciliation reads.
    cp "$SRS_SRC/srs-$v"/api/*.json "srs-api/srs-$v/"
  done
  chmod -R u+rwX,go+rX,go-w srs-hooks srs-api
else
  echo "srs: $SRS_SRC not found, keeping the committed copies in srs/"
fi

# ---------------------------------------------------------------------------------------------
# Self-check: the facts README.md promises
# ---------------------------------------------------------------------------------------------
fail() { echo "CHECK FAILED: $*" >&2; exit 1; }
first_video_key() { # prints K_ / __ flags of the first video packet (demuxer order)
  local out
  out="$(ffprobe -v quiet -select_streams v:0 -read_intervals %+#1 -show_entries packet=flags -of csv=p=0 "$1")"
  out="${out%%$'\n'*}"; echo "${out%%,*}"
}
vinfo() { # prints codec,width,height of the first video stream
  local out
  out="$(ffprobe -v quiet -select_streams v:0 -show_entries stream=codec_name,width,height -of csv=p=0 "$1")"
  echo "${out%%$'\n'*}"
}
count_segs() { grep -c -v -e '^#' -e '^$' "$1"; }

for s in hls/fmp4/seg-*.m4s; do   # an fMP4 segment is only parseable after its init segment
  cat hls/fmp4/init.mp4 "$s" > "$TMP/probe.mp4"
  [ "$(first_video_key "$TMP/probe.mp4")" = "K_" ] || fail "$s must start on a keyframe"
  [ "$(vinfo "$TMP/probe.mp4")" = "h264,320,180" ] || fail "$s must be h264 320x180"
done
for d in hls/live hls/vod hls/master/v0; do
  for s in "$d"/seg-*; do
    [ "$(first_video_key "$s")" = "K_" ] || fail "$s must start on a keyframe"
  done
done
for s in hls/master/v1/seg-*.ts; do
  [ "$(first_video_key "$s")" = "K_" ] || fail "$s must start on a keyframe"
  [ "$(vinfo "$s")" = "h264,160,90" ] || fail "$s must be h264 160x90"
done
for s in hls/live/seg-*.ts hls/vod/seg-*.ts hls/master/v0/seg-*.ts hls/no-keyframe/seg-*.ts; do
  [ "$(vinfo "$s")" = "h264,320,180" ] || fail "$s must be h264 320x180"
done
for s in hls/no-keyframe/seg-*.ts; do
  [ "$(first_video_key "$s")" = "__" ] || fail "$s must NOT start on a keyframe"
done
[ "$(count_segs hls/live/index.m3u8)" = 6 ] || fail "hls/live must list 6 segments"
for p in hls/vod hls/master/v0 hls/master/v1 hls/fmp4 hls/audio-only; do
  [ "$(count_segs $p/index.m3u8)" = 3 ] || fail "$p must list 3 segments"
done
grep -q '^#EXT-X-TARGETDURATION:1$' hls/live/index.m3u8 || fail "hls/live TARGETDURATION must be 1"
! grep -q -e ENDLIST -e PLAYLIST-TYPE hls/live/index.m3u8 hls/master/v*/index.m3u8 hls/fmp4/index.m3u8 \
  hls/audio-only/index.m3u8 hls/no-keyframe/index.m3u8 || fail "live playlists must have no ENDLIST/PLAYLIST-TYPE"
grep -q '^#EXT-X-ENDLIST$' hls/vod/index.m3u8 || fail "hls/vod needs ENDLIST"
grep -q '^#EXT-X-VERSION:7$' hls/fmp4/index.m3u8 || fail "hls/fmp4 must be version 7"
[ -z "$(ffprobe -v error -select_streams v -show_entries stream=index -of csv=p=0 hls/audio-only/seg-0.ts)" ] \
  || fail "hls/audio-only must have no video"
[ "$(wc -l < $B/lines-100k.m3u8)" = 100000 ] || fail "lines-100k must have 100000 lines"
(( $(wc -c < segments/truncated.ts) % 188 != 0 )) || fail "truncated.ts must not end on a packet boundary"

total=$(du -sb . | cut -f1)
echo "total size of Fixtures/: $total bytes"
(( total < 3 * 1024 * 1024 )) || fail "Fixtures/ is over 3 MB"
echo "done"
