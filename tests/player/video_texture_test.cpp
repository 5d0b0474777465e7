// platform/video_texture: libmpv draws a video frame into a texture of a GL
// context like the kiosk's (GL 3.0, and the GL 2.1 fallback of a Pi 3), under
// Xvfb with Mesa llvmpipe; the frame is read back and must show the test
// picture (colour bars), not an empty texture.

#define CATCH_CONFIG_MAIN
#include "platform/video_texture.h"

#include "media/player.h"
#include "storage/media_blob.h"
#include "storage/package.h"
#include "support/fixtures.h"
#include "support/media_files.h"
#include "support/packages.h"
#include "support/temp_dir.h"

#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <catch2/catch.hpp>
#include <stb_image.h>
#include <stb_image_write.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <vector>

namespace fs = std::filesystem;
using kiosk::PlaybackState;
using kiosk::Player;
using namespace kiosk::test;

namespace {

// GLFW is started once for the whole run (as the kiosk does), with its
// errors printed so a failure names its cause.
bool GlfwReady() {
    static const bool ready = [] {
        glfwSetErrorCallback([](int code, const char* what) {
            std::fprintf(stderr, "GLFW error %d: %s\n", code, what);
        });
        return glfwInit() == GLFW_TRUE;
    }();
    return ready;
}

struct Window {
    GLFWwindow* w = nullptr;
    Window(int major, int minor) {
        REQUIRE(GlfwReady());
        glfwDefaultWindowHints();
        glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, major);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, minor);
        w = glfwCreateWindow(320, 240, "video texture test", nullptr, nullptr);
        REQUIRE(w != nullptr);
        glfwMakeContextCurrent(w);
    }
    ~Window() { glfwDestroyWindow(w); }
};

void* Proc(const char* name) {
    return reinterpret_cast<void*>(glfwGetProcAddress(name));
}

// Plays the test video paused at 1 s into a texture of the current context
// and returns the texture's pixels (RGBA), polling with a limit.
std::vector<uint8_t> FirstFrame() {
    TempDir tmp;
    const fs::path src = tmp.path() / "src";
    WriteMinimalExhibit(src);
    ReplaceInFile(src / "exhibit.toml", "file = \"images/photo.jpg\"\n",
                  "file = \"images/photo.jpg\"\n[[panel.video]]\nfile = "
                  "\"video/testimony.mp4\"\nspeech = false\n");
    fs::create_directories(src / "video");
    fs::copy_file(SmallVideo(), src / "video/testimony.mp4");
    const std::string pkg = BuildOrThrow(src, tmp / "media.kiosk");
    const int64_t id = kiosk::Package::Open(pkg).exhibit().panels[0].videos[0].media_id;

    const auto owned_player =
        kiosk::MakePlayer([pkg](int64_t m) { return std::make_unique<kiosk::MediaBlob>(pkg, m); },
                          {Player::Output::RenderApi, 0, "auto-safe", false}, nullptr);
    Player& player = *owned_player;
    const auto owned_texture = kiosk::MakeVideoTexture(player, Proc, [] { glfwPostEmptyEvent(); });
    kiosk::VideoTexture& texture = *owned_texture;
    player.Play(id, 1000, true);
    bool drawn = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!drawn && std::chrono::steady_clock::now() < deadline) {
        glfwWaitEventsTimeout(0.1);
        player.Poll();
        drawn = texture.Update(320, 240) && player.status().state == PlaybackState::Paused &&
                player.status().position_ms >= 900;
    }
    // One more update after the paused frame has been reported, then read it.
    for (int i = 0; i < 20 && !texture.Update(320, 240); ++i)
        glfwWaitEventsTimeout(0.05);
    REQUIRE(drawn);
    REQUIRE(texture.texture() != 0);
    std::vector<uint8_t> pixels(320 * 240 * 4);
    glBindTexture(GL_TEXTURE_2D, texture.texture());
    glGetTexImage(GL_TEXTURE_2D, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    return pixels;
}

// ffmpeg's testsrc: colour bars and a gradient, many distinct colours, some
// of them saturated; an empty or black texture has one.
// The frame is also written to KIOSK_OUTPUT_DIR/NAME.png for a person to look at.
void RequireTestPicture(const std::vector<uint8_t>& rgba, const std::string& name) {
    fs::create_directories(KIOSK_OUTPUT_DIR);
    stbi_write_png((std::string(KIOSK_OUTPUT_DIR) + "/" + name + ".png").c_str(), 320, 240, 4,
                   rgba.data(), 320 * 4);
    std::set<uint32_t> colours;
    int saturated = 0;
    for (size_t i = 0; i + 3 < rgba.size(); i += 4) {
        colours.insert(rgba[i] | rgba[i + 1] << 8 | rgba[i + 2] << 16);
        const int hi = std::max({rgba[i], rgba[i + 1], rgba[i + 2]});
        const int lo = std::min({rgba[i], rgba[i + 1], rgba[i + 2]});
        saturated += hi - lo > 120;
    }
    INFO("distinct colours " << colours.size() << ", saturated pixels " << saturated);
    CHECK(colours.size() > 50);
    CHECK(saturated > 320 * 240 / 10);
    // The same frame as ffmpeg decodes it, the right way up: a picture drawn
    // upside down or from another time differs by far more than rounding.
    const fs::path ref = MediaFile("frame-1s.png", "-ss 1 -i '" + SmallVideo().string() +
                                                       "' -frames:v 1 -pix_fmt rgba");
    int w = 0, h = 0, n = 0;
    uint8_t* expected = stbi_load(ref.c_str(), &w, &h, &n, 4);
    REQUIRE(expected != nullptr);
    REQUIRE((w == 320 && h == 240));
    double diff = 0;
    for (size_t i = 0; i < rgba.size(); ++i)
        if (i % 4 != 3) diff += std::abs(int{rgba[i]} - int{expected[i]});
    stbi_image_free(expected);
    const double mean = diff / (320.0 * 240 * 3);
    INFO("mean difference from ffmpeg's frame: " << mean);
    CHECK(mean < 8.0);
}

} // namespace

TEST_CASE("a paused video frame is drawn into a texture of a GL 3.0 context") {
    Window window(3, 0);
    RequireTestPicture(FirstFrame(), "gl3");
}

TEST_CASE("a paused video frame is drawn into a texture of the GL 2.1 fallback context") {
    Window window(2, 1);
    RequireTestPicture(FirstFrame(), "gl2");
}
