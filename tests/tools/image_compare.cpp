// image-compare: compares screenshots with golden images, with a tolerance.
//   image-compare GOLDEN_DIR OUTPUT_DIR NAME...
// A pixel differs when any channel differs by more than --channel (default
// 8); an image fails when more than --fraction (default 0.00001, about 20
// pixels at 1080p) of its pixels differ, or its size differs. The goldens are
// per renderer and llvmpipe differs from them by at most 1 per channel, so
// the tolerance is tight: one wrong digit of body text (~100 pixels) fails.
// A failing NAME.png stays in OUTPUT_DIR with NAME.expected.png and
// NAME.diff.png beside it, for a person to look at.
// KIOSK_UPDATE_GOLDEN=1 copies the outputs over the goldens instead.
// Exit 0: all match; 1: some differ or are missing; 2: usage.

#include <stb_image.h>
#include <stb_image_write.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Image {
    int w = 0, h = 0;
    std::unique_ptr<unsigned char, void (*)(void*)> px{nullptr, stbi_image_free};
};

bool Load(const fs::path& p, Image& img) {
    int comp = 0;
    img.px.reset(stbi_load(p.c_str(), &img.w, &img.h, &comp, 3));
    return img.px != nullptr;
}

} // namespace

int main(int argc, char** argv) {
    int channel = 8;
    double fraction = 0.00001;
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--channel" && i + 1 < argc)
            channel = std::atoi(argv[++i]);
        else if (a == "--fraction" && i + 1 < argc)
            fraction = std::atof(argv[++i]);
        else
            args.push_back(a);
    }
    if (args.size() < 3) {
        std::fprintf(
            stderr,
            "usage: image-compare [--channel N] [--fraction F] GOLDEN_DIR OUTPUT_DIR NAME...\n");
        return 2;
    }
    const fs::path golden_dir = args[0], out_dir = args[1];
    const bool update = std::getenv("KIOSK_UPDATE_GOLDEN") &&
                        std::string(std::getenv("KIOSK_UPDATE_GOLDEN")) == "1";
    int failures = 0;
    for (size_t n = 2; n < args.size(); ++n) {
        const std::string name = args[n];
        const fs::path golden = golden_dir / (name + ".png"), actual = out_dir / (name + ".png");
        if (update) {
            fs::create_directories(golden_dir);
            fs::copy_file(actual, golden, fs::copy_options::overwrite_existing);
            std::printf("updated %s\n", golden.c_str());
            continue;
        }
        Image g, a;
        if (!Load(actual, a)) {
            std::printf("FAIL %s: no screenshot at %s\n", name.c_str(), actual.c_str());
            ++failures;
            continue;
        }
        if (!Load(golden, g)) {
            std::printf("FAIL %s: no golden image at %s (run with KIOSK_UPDATE_GOLDEN=1 to create "
                        "it, then look at it)\n",
                        name.c_str(), golden.c_str());
            ++failures;
            continue;
        }
        if (g.w != a.w || g.h != a.h) {
            std::printf("FAIL %s: size %dx%d, golden is %dx%d\n", name.c_str(), a.w, a.h, g.w, g.h);
            ++failures;
            continue;
        }
        const size_t pixels = static_cast<size_t>(a.w) * static_cast<size_t>(a.h);
        std::vector<unsigned char> diff(pixels * 3, 0);
        size_t differing = 0;
        int worst = 0;
        for (size_t i = 0; i < pixels; ++i) {
            int d = 0;
            for (int c = 0; c < 3; ++c)
                d = std::max(d, std::abs(int(a.px.get()[i * 3 + c]) - int(g.px.get()[i * 3 + c])));
            worst = std::max(worst, d);
            if (d > channel) {
                ++differing;
                diff[i * 3] = 255;
            } else {
                // A dim copy of the golden, so the red differences stand out in context.
                for (int c = 0; c < 3; ++c)
                    diff[i * 3 + c] = static_cast<unsigned char>(g.px.get()[i * 3 + c] / 3);
            }
        }
        const double f = static_cast<double>(differing) / static_cast<double>(pixels);
        if (f > fraction) {
            const fs::path expected = out_dir / (name + ".expected.png"),
                           diff_path = out_dir / (name + ".diff.png");
            fs::copy_file(golden, expected, fs::copy_options::overwrite_existing);
            stbi_write_png(diff_path.c_str(), a.w, a.h, 3, diff.data(), a.w * 3);
            std::printf("FAIL %s: %.3f%% of pixels differ (allowed %.3f%%); see %s, %s and %s\n",
                        name.c_str(), f * 100, fraction * 100, actual.c_str(), expected.c_str(),
                        diff_path.c_str());
            ++failures;
        } else {
            std::printf("ok   %s: %.4f%% of pixels differ, largest channel difference %d\n",
                        name.c_str(), f * 100, worst);
        }
    }
    return failures ? 1 : 0;
}
