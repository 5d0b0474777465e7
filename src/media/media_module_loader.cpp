// Loads kiosk-media.so (media_module.h) on first use and forwards the public
// media entry points to it.
#include "media/media_module.h"

#include "core/error.h"
#include "platform/video_texture.h"

#include <dlfcn.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <vector>

#ifndef KIOSK_BUILD_ID
#error "KIOSK_BUILD_ID must name the build (CMake sets it)"
#endif

namespace kiosk {

namespace {

std::once_flag g_once;
std::atomic<const media_module::Entry*> g_entry{nullptr};
std::string g_error;

std::string Dirname(const std::string& path) {
    const size_t slash = path.rfind('/');
    return slash == std::string::npos ? "." : path.substr(0, slash);
}

// Where the module may be, in order: $KIOSK_MEDIA_MODULE (a file), beside the
// program (the build folder), the folder above it (the build folder's tests/),
// and where it is installed, relative to the program (/usr/bin/kiosk:
// /usr/lib/kiosk/kiosk-media.so, as the package lays it out).
std::vector<std::string> Candidates() {
    std::vector<std::string> paths;
    if (const char* env = std::getenv("KIOSK_MEDIA_MODULE"); env && *env) paths.push_back(env);
    std::string exe(4096, '\0');
    const ssize_t n = ::readlink("/proc/self/exe", exe.data(), exe.size() - 1);
    if (n > 0) {
        exe.resize(static_cast<size_t>(n));
        const std::string dir = Dirname(exe);
        paths.push_back(dir + "/" + media_module::kFileName);
        paths.push_back(Dirname(dir) + "/" + media_module::kFileName);
        paths.push_back(Dirname(dir) + "/lib/kiosk/" + media_module::kFileName);
    }
    return paths;
}

void Load() {
    std::string looked;
    for (const std::string& path : Candidates()) {
        if (::access(path.c_str(), R_OK) != 0) {
            looked += (looked.empty() ? "" : ", ") + path;
            continue;
        }
        // RTLD_LOCAL: FFmpeg's and libmpv's symbols stay out of the kiosk's
        // own namespace. Never unloaded: libmpv's threads may outlive a player.
        void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            const char* why = ::dlerror();
            g_error = "video and sound are not available: " + path + " cannot be loaded (" +
                      (why ? why : "unknown reason") + "); reinstall the memorial-kiosk package";
            return;
        }
        using EntryFn = const media_module::Entry* (*)();
        auto entry_fn = reinterpret_cast<EntryFn>(::dlsym(handle, media_module::kEntrySymbol));
        const media_module::Entry* entry = entry_fn ? entry_fn() : nullptr;
        if (!entry || entry->size != sizeof(media_module::Entry) || !entry->build ||
            std::strcmp(entry->build, KIOSK_BUILD_ID) != 0) {
            g_error = "video and sound are not available: " + path +
                      " belongs to another version of the kiosk (" +
                      (entry && entry->build ? entry->build : "unknown") + ", this one is " +
                      KIOSK_BUILD_ID + "); reinstall the memorial-kiosk package";
            return;
        }
        g_entry = entry;
        return;
    }
    g_error = "video and sound are not available: the kiosk's media module " +
              std::string(media_module::kFileName) + " is not installed (looked for " + looked +
              "); reinstall the memorial-kiosk package";
}

} // namespace

const media_module::Entry& LoadMediaModule() {
    std::call_once(g_once, Load);
    const media_module::Entry* entry = g_entry.load();
    if (!entry) throw MediaError(g_error);
    return *entry;
}

MediaInfo ProbeMedia(ByteSource& source, int time_limit_ms) {
    return LoadMediaModule().probe(source, time_limit_ms);
}

std::unique_ptr<Player> MakePlayer(Player::OpenMedia open, Player::Options options,
                                   Player::LogLine log) {
    return LoadMediaModule().new_player(std::move(open), std::move(options), std::move(log));
}

std::unique_ptr<VideoTexture> MakeVideoTexture(Player& player,
                                               VideoTexture::GetProcAddress get_proc_address,
                                               std::function<void()> wake) {
    const media_module::Entry& m = LoadMediaModule();
    if (!m.new_video_texture)
        throw MediaError("video pictures are not available: the media module was built "
                         "without OpenGL");
    return m.new_video_texture(player, get_proc_address, std::move(wake));
}

} // namespace kiosk
