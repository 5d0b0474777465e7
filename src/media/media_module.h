// The media module: everything that needs FFmpeg or libmpv (probing a media
// file, the player, the video texture) is built as a shared object of its own,
// kiosk-media.so, and loaded with dlopen the first time it is needed.
//
// Why: libmpv brings about 200 shared libraries (every FFmpeg codec, GnuTLS,
// GLib, X11 video APIs). Linked into the kiosk, the dynamic loader spent about
// 80 ms resolving their symbols before main() on every start, and their
// relocated pages cost tens of MiB of memory in a process that, in attract
// mode, never plays anything. kiosk-import paid the same for every package,
// even one without media. Loaded on demand, the kiosk starts with its own
// libraries only, and the module comes when a visitor begins a visit
// (Playback preloads it then) or a package holds media to probe.
//
// The public entry points (ProbeMedia, MakePlayer, MakeVideoTexture) are
// defined in media_module_loader.cpp and forward to the module's Entry.
#pragma once

#include "media/player.h"
#include "media/probe.h"

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace kiosk {

class VideoTexture;

namespace media_module {

// Inside the module (probe.cpp, player.cpp, platform/video_texture.cpp).
MediaInfo Probe(ByteSource& source, int time_limit_ms);
std::unique_ptr<Player> NewPlayer(Player::OpenMedia open, Player::Options options,
                                  Player::LogLine log);
std::unique_ptr<VideoTexture>
NewVideoTexture(Player& player, void* (*get_proc_address)(const char*), std::function<void()> wake);

// What the module hands the program that loads it. A module from another
// build (an upgrade half done) is refused: `build` must match.
struct Entry {
    size_t size = sizeof(Entry);
    const char* build = nullptr;
    decltype(&Probe) probe = nullptr;
    decltype(&NewPlayer) new_player = nullptr;
    decltype(&NewVideoTexture) new_video_texture = nullptr; // nullptr: built without GL
};

// The module's one exported symbol: extern "C" const Entry* kiosk_media_module().
constexpr const char* kEntrySymbol = "kiosk_media_module";
constexpr const char* kFileName = "kiosk-media.so";

} // namespace media_module

// Loads the module once (thread-safe; later calls return at once). Throws
// MediaError saying which file could not be loaded and why.
const media_module::Entry& LoadMediaModule();

} // namespace kiosk
