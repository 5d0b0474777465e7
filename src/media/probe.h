// What a video or audio file is, read with FFmpeg's libavformat without
// decoding a picture: container, codecs, frame size, duration, and whether
// every packet up to the stated duration is really there (a truncated copy).
// Used by kiosk-pack (build, check, info) and the package's deep check.
#pragma once

#include "media/byte_source.h"

#include <cstdint>
#include <string>

namespace kiosk {

// No screen a package is made for is larger than this on a side (validate.h),
// so a header claiming more is refused before any decoder sees it.
constexpr int kMaxVideoSide = 8192;
// Longer than any testimony or narration; a header claiming more is a mistake
// or an endless stream.
constexpr int64_t kMaxMediaDurationMs = 4LL * 3600 * 1000;

struct MediaInfo {
    std::string container;   // "mp4", "matroska", "webm", "ogg", "mp3"
    std::string video_codec; // "" when the file has no picture: "h264", "hevc", "vp9"
    std::string audio_codec; // "" when the file is silent: "aac", "opus"
    int width = 0;           // of the picture, 0 without one
    int height = 0;
    int64_t duration_ms = 0;
    bool HasVideo() const { return !video_codec.empty(); }
    bool HasAudio() const { return !audio_codec.empty(); }
};

// "1920x1080".
std::string PixelSize(int w, int h);

// Probes the file in `source` and reads every packet (no decoding). Throws
// MediaError with what is wrong in a curator's words: not a video or audio
// file, cut short, a frame size over kMaxVideoSide, no duration or one over
// kMaxMediaDurationMs. Gives up after `time_limit_ms` of work (a file made to
// keep the demuxer busy) with a MediaError too.
// (Runs in the media module, loaded on first use: media_module.h.)
MediaInfo ProbeMedia(ByteSource& source, int time_limit_ms = 20000);

// Whether a Raspberry Pi plays this picture with its hardware decoder, in a
// curator's words; "" when every Pi 3/4 does (H.264 up to 1920x1080). The
// text names the codec and size and says what plays in hardware.
std::string HardwareDecodeAdvice(const MediaInfo& info);

} // namespace kiosk
