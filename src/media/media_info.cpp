// The parts of probe.h and player.h that need no FFmpeg or libmpv, so the
// kiosk and the tools use them without loading the media module.
#include "media/player.h"
#include "media/probe.h"

#include <algorithm>
#include <cstring>

namespace kiosk {

const char* PlaybackStateName(PlaybackState state) {
    switch (state) {
    case PlaybackState::Idle:
        return "idle";
    case PlaybackState::Loading:
        return "loading";
    case PlaybackState::Playing:
        return "playing";
    case PlaybackState::Paused:
        return "paused";
    case PlaybackState::Ended:
        return "ended";
    case PlaybackState::Failed:
        return "failed";
    }
    return "idle";
}

int64_t MemorySource::ReadAt(uint64_t offset, std::span<uint8_t> out) {
    if (offset >= m_bytes.size()) return 0;
    const size_t n = std::min<uint64_t>(out.size(), m_bytes.size() - offset);
    std::memcpy(out.data(), m_bytes.data() + offset, n);
    return static_cast<int64_t>(n);
}

std::string PixelSize(int w, int h) {
    return std::to_string(w) + "x" + std::to_string(h);
}

std::string HardwareDecodeAdvice(const MediaInfo& info) {
    if (!info.HasVideo()) return "";
    const std::string size = PixelSize(info.width, info.height);
    const bool up_to_1080p =
        std::max(info.width, info.height) <= 1920 && std::min(info.width, info.height) <= 1088;
    if (info.video_codec == "h264") {
        if (up_to_1080p) return "";
        return "it is H.264 at " + size +
               " pixels; a Raspberry Pi decodes H.264 in hardware only up to 1920x1080 (Pi 3 "
               "and Pi 4). Export it at 1920x1080 or smaller";
    }
    if (info.video_codec == "hevc")
        return "it is HEVC (H.265) at " + size +
               "; only a Pi 4 or Pi 5 decodes HEVC in hardware, a Pi 3 cannot play it smoothly. "
               "Export it as H.264 up to 1920x1080 to play on every Pi";
    return "it is " + info.video_codec + " video at " + size +
           "; a Raspberry Pi decodes only H.264 (up to 1920x1080, Pi 3 and Pi 4) and HEVC "
           "(Pi 4 and Pi 5) in hardware, so this one may stutter. Export it as H.264";
}

} // namespace kiosk
