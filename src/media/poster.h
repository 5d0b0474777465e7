// A video's poster frame: one representative picture, decoded with FFmpeg's
// libavcodec at pack time and stored as an ordinary image of the package, so
// the kiosk draws a video's tile and resting state like any other picture.
#pragma once

#include "media/byte_source.h"
#include "media/image.h"

#include <cstdint>

namespace kiosk {

// Where in a video of `duration_ms` its poster frame is taken: at one second,
// or at a tenth of the video when that is earlier (a short clip's first
// second may be its whole story); the first frame of a clip under half a
// second.
int64_t PosterTimeMs(int64_t duration_ms);

struct PosterFrame {
    RgbaImage image;   // opaque, upright, in the video's display aspect
    int64_t at_ms = 0; // where the frame stands in the video
};

// Decodes the frame shown at PosterTimeMs(duration_ms) (the last one before
// it, or the first frame when the stream holds nothing later) and converts it
// to RGBA with libswscale, stretched by the stream's sample aspect ratio so
// the picture has the shape a player shows. Decoding is strict (a damaged
// picture is an error, not a smeared frame). Throws MediaError in a curator's
// words when no frame can be decoded, or after `time_limit_ms` of work.
PosterFrame DecodePosterFrame(ByteSource& source, int64_t duration_ms, int time_limit_ms = 20000);

} // namespace kiosk
