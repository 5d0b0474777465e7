// Video and audio files for tests, made by the ffmpeg program at test time
// (nothing binary is committed) and kept for the whole test run, plus the
// hostile ones: cut short, a header claiming 60000x60000, no frames at all.
#pragma once

#include "fixtures.h"
#include "temp_dir.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>

namespace kiosk::test {

#ifndef KIOSK_FFMPEG_BIN
#error "tests/CMakeLists.txt passes the ffmpeg program as KIOSK_FFMPEG_BIN"
#endif

// Makes (once per run) the file `name` with ffmpeg arguments `args` (input
// and codec options; the output path is appended) and returns its path.
inline fs::path MediaFile(const std::string& name, const std::string& args) {
    static TempDir dir;
    static std::map<std::string, fs::path> made;
    if (auto it = made.find(name); it != made.end()) return it->second;
    const fs::path out = dir.path() / name;
    const std::string cmd = std::string(KIOSK_FFMPEG_BIN) +
                            " -nostdin -hide_banner -loglevel error -y " + args + " '" +
                            out.string() + "'";
    if (std::system(cmd.c_str()) != 0 || !fs::exists(out))
        throw std::runtime_error("ffmpeg could not make the test file: " + cmd);
    made[name] = out;
    return out;
}

// 2 s of 320x240 H.264 at 25 fps with AAC sound, index at the front.
inline fs::path SmallVideo() {
    return MediaFile("small.mp4", "-f lavfi -i testsrc=size=320x240:rate=25 -f lavfi -i "
                                  "sine=frequency=440 -t 2 -c:v libx264 -preset ultrafast "
                                  "-pix_fmt yuv420p -c:a aac -movflags +faststart");
}

// 20 s of video, index at the front: cut short, it still opens.
inline fs::path LongVideo() {
    return MediaFile("long.mp4", "-f lavfi -i testsrc=size=320x240:rate=25 -t 20 -c:v libx264 "
                                 "-preset ultrafast -pix_fmt yuv420p -movflags +faststart");
}

// 3 s of Opus speech-like tone, for narration.
inline fs::path Narration() {
    return MediaFile("narration.opus", "-f lavfi -i sine=frequency=300 -t 3 -c:a libopus");
}

// `data` with the first run of `from` replaced by `to` (same length).
inline std::vector<uint8_t> Patched(std::vector<uint8_t> data, const std::vector<uint8_t>& from,
                                    const std::vector<uint8_t>& to) {
    auto it = std::search(data.begin(), data.end(), from.begin(), from.end());
    if (it == data.end() || from.size() != to.size())
        throw std::runtime_error("the bytes to patch are not in the test file");
    std::copy(to.begin(), to.end(), it);
    return data;
}

// An MP4 whose header claims 60000x60000 pixels: the width and height of its
// H.264 sample description rewritten (its real frames are 320x240).
inline std::vector<uint8_t> VideoClaiming60000() {
    // avc1 entry: width 320, height 240, then the 72 dpi resolution 0x00480000.
    return Patched(ReadBytes(SmallVideo()), {0x01, 0x40, 0x00, 0xF0, 0x00, 0x48, 0x00, 0x00},
                   {0xEA, 0x60, 0xEA, 0x60, 0x00, 0x48, 0x00, 0x00});
}

} // namespace kiosk::test
