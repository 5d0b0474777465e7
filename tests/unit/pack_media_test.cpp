// tools/pack media: videos, narration and subtitles of a source folder go
// into the package as blobs, probed with libavformat; every bad file is
// refused naming its file (and line); warnings become errors with --strict.
// Media files are made by ffmpeg at test time (support/media_files.h).

#include "tools/pack/pack.h"

#include "core/error.h"
#include "media/image.h"
#include "media/poster.h"
#include "media/probe.h"
#include "storage/media_blob.h"
#include "storage/package.h"
#include "support/fixtures.h"
#include "support/media_files.h"
#include "support/packages.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using kiosk::BuildOptions;
using kiosk::BuildPackage;
using kiosk::BuildResult;
using kiosk::Package;
using namespace kiosk::test;

namespace {

// A two-language exhibit ("en", "az", fallback "en") with one panel "only"
// holding one video, video/testimony.mp4, declared on line 12.
fs::path VideoExhibit(const TempDir& tmp, const fs::path& video, const std::string& extra = "") {
    const fs::path src = tmp.path() / "src";
    WriteFile(src / "exhibit.toml", "id = \"media\"\n"                 // 1
                                    "version = 1\n"                    // 2
                                    "languages = [\"en\", \"az\"]\n"   // 3
                                    "fallback_language = \"en\"\n"     // 4
                                    "[title]\n"                        // 5
                                    "en = \"Media\"\n"                 // 6
                                    "[[panel]]\n"                      // 7
                                    "id = \"only\"\n"                  // 8
                                    "[[panel.image]]\n"                // 9
                                    "file = \"images/photo.jpg\"\n"    // 10
                                    "[[panel.video]]\n"                // 11
                                    "file = \"video/testimony.mp4\"\n" // 12
                                        + extra);
    WriteFile(src / "text/en/only.md", "# The only panel\n\nA short text.\n");
    WriteBytes(src / "images/photo.jpg", JpegOf(32, 24));
    fs::create_directories(src / "video");
    fs::copy_file(video, src / "video/testimony.mp4", fs::copy_options::overwrite_existing);
    return src;
}

void WriteSubtitles(const fs::path& src, const std::string& lang, const std::string& text) {
    WriteFile(src / "subtitles" / lang / "testimony.vtt", text);
}

const char* kGoodVtt = "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nThe first words\n\n"
                       "00:00:01.000 --> 00:00:02.000\nThe last words\n";

bool AnyContains(const std::vector<std::string>& lines, const std::string& needle) {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& l) { return l.find(needle) != std::string::npos; });
}

// Builds `src` and requires it to fail with a problem holding every needle.
void RequireProblem(const fs::path& src, const TempDir& tmp,
                    const std::vector<std::string>& needles, const BuildOptions& opt = {}) {
    const std::string out = tmp / "out.kiosk";
    const BuildResult r = BuildPackage(src.string(), out, opt);
    INFO("problems:\n" << Joined(r.problems));
    CHECK_FALSE(r.ok);
    CHECK_FALSE(fs::exists(out));
    CHECK(std::any_of(r.problems.begin(), r.problems.end(), [&](const std::string& p) {
        return std::all_of(needles.begin(), needles.end(),
                           [&](const std::string& n) { return p.find(n) != std::string::npos; });
    }));
}

int UserVersion(const std::string& package) {
    const auto bytes = ReadBytes(package);
    return (bytes[60] << 24) | (bytes[61] << 16) | (bytes[62] << 8) | bytes[63];
}

} // namespace

TEST_CASE("a video, its subtitles and narration go into the package and come back on their panel") {
    TempDir tmp;
    const fs::path src = VideoExhibit(tmp, SmallVideo());
    WriteSubtitles(src, "en", kGoodVtt);
    WriteSubtitles(src, "az", kGoodVtt);
    fs::create_directories(src / "audio/en");
    fs::copy_file(Narration(), src / "audio/en/only.opus");
    const std::string pkg = BuildOrThrow(src, tmp / "media.kiosk");

    const Package p = Package::Open(pkg);
    const auto& panel = p.exhibit().panels.at(0);
    REQUIRE(panel.videos.size() == 1);
    const auto& v = panel.videos[0];
    CHECK(v.width == 320);
    CHECK(v.height == 240);
    CHECK(v.duration_ms >= 1900);
    CHECK(v.duration_ms <= 2100);
    CHECK(v.source_name == "video/testimony.mp4");
    CHECK(v.poster_image_id != 0);
    CHECK(v.subtitles.count("en") == 1);
    CHECK(v.subtitles.count("az") == 1);
    REQUIRE(panel.narration.count("en") == 1);
    CHECK(panel.narration.at("en").duration_ms >= 2900);
    CHECK(panel.narration.count("az") == 0);
    const auto subs = p.MediaData(v.subtitles.at("en"), 1 << 20);
    CHECK(std::string(subs.begin(), subs.end()) == kGoodVtt);
    CHECK(kiosk::CheckPackage(pkg).empty());
    CHECK(UserVersion(pkg) == kiosk::kPackageMediaSchemaVersion);
}

namespace {

// A 320x180 video whose colour changes over time: red, then green from
// `green_s` to `blue_s` seconds, then blue to `total_s`; a key frame every
// twelve frames, so the poster is found by seeking, not only by decoding
// from the start.
fs::path ColourVideo(const std::string& name, double green_s, double blue_s, double total_s) {
    auto d = [](double s) { return std::to_string(s); };
    return MediaFile(name, "-f lavfi -i \"color=c=red:s=320x180:r=25:d=" + d(green_s) +
                               "[a];color=c=0x00FF00:s=320x180:r=25:d=" + d(blue_s - green_s) +
                               "[b];color=c=blue:s=320x180:r=25:d=" + d(total_s - blue_s) +
                               "[c];[a][b][c]concat=n=3[out0]\" -c:v libx264 -preset ultrafast "
                               "-g 12 -pix_fmt yuv420p -movflags +faststart");
}

// The colour in the middle of a stored image of the package.
std::array<int, 3> MiddleColour(const Package& p, int64_t image_id, bool thumbnail) {
    const kiosk::RgbaImage img = kiosk::DecodeImage(p.ImageData(image_id, thumbnail));
    const size_t at = (static_cast<size_t>(img.height / 2) * img.width + img.width / 2) * 4;
    return {img.pixels[at], img.pixels[at + 1], img.pixels[at + 2]};
}

bool Near(const std::array<int, 3>& got, const std::array<int, 3>& want) {
    for (int i = 0; i < 3; ++i)
        if (std::abs(got[i] - want[i]) > 40) return false;
    return true;
}

} // namespace

TEST_CASE("a poster frame is taken at 1 s, or at a tenth of a short video, or its first frame") {
    CHECK(kiosk::PosterTimeMs(60000) == 1000);
    CHECK(kiosk::PosterTimeMs(10000) == 1000);
    CHECK(kiosk::PosterTimeMs(4000) == 400);
    CHECK(kiosk::PosterTimeMs(400) == 0);
}

TEST_CASE(
    "every video gets a poster frame: an image of the package in its aspect, the right frame") {
    TempDir tmp;
    struct Case {
        const char* what;
        fs::path video;
    };
    // At 1 s of a 12 s video (green from 0.9 s to 1.2 s), and at a tenth of
    // a 4 s video (0.4 s: green from 0.3 s to 0.5 s); red and blue around.
    for (const Case& c : {Case{"12 s", ColourVideo("colours-12s.mp4", 0.9, 1.2, 12)},
                          Case{"4 s", ColourVideo("colours-4s.mp4", 0.3, 0.5, 4)}}) {
        INFO(c.what);
        const fs::path src = VideoExhibit(tmp, c.video, "speech = false\n");
        const std::string pkg = BuildOrThrow(src, tmp / "poster.kiosk");
        const Package p = Package::Open(pkg);
        const auto& v = p.exhibit().panels.at(0).videos.at(0);
        REQUIRE(v.poster_image_id != 0);
        const kiosk::RgbaImage poster = kiosk::DecodeImage(p.ImageData(v.poster_image_id, false));
        CHECK(poster.width == 320); // the video's size: never scaled up
        CHECK(poster.height == 180);
        const kiosk::RgbaImage thumb = kiosk::DecodeImage(p.ImageData(v.poster_image_id, true));
        CHECK(std::abs(thumb.width * 180 - thumb.height * 320) <= 320);
        const auto colour = MiddleColour(p, v.poster_image_id, false);
        INFO("poster colour " << colour[0] << "," << colour[1] << "," << colour[2]);
        CHECK(Near(colour, {0, 255, 0}));
        CHECK(Near(MiddleColour(p, v.poster_image_id, true), {0, 255, 0}));
        // An ordinary image row, apart from the panel's own images.
        CHECK(p.ImageCount() == 2);
        CHECK(p.exhibit().panels.at(0).images.at(0).image_id != v.poster_image_id);
        CHECK(kiosk::CheckPackage(pkg).empty());
    }
}

TEST_CASE("a poster frame is scaled to the exhibit's screen and gets a thumbnail like an image") {
    TempDir tmp;
    const fs::path big =
        MediaFile("640x360.mp4", "-f lavfi -i testsrc=size=640x360:rate=25 -t 1 "
                                 "-c:v libx264 -preset ultrafast -pix_fmt yuv420p");
    // A video may be a tenth larger than the screen (it is scaled when
    // played); its poster is stored at the screen's size.
    BuildOptions opt;
    opt.screen_width = 600;
    opt.screen_height = 340;
    opt.thumb_width = 160;
    opt.thumb_height = 120;
    const fs::path src = VideoExhibit(tmp, big, "speech = false\n");
    const std::string pkg = BuildOrThrow(src, tmp / "big.kiosk", opt);
    const Package p = Package::Open(pkg);
    const auto& v = p.exhibit().panels.at(0).videos.at(0);
    const kiosk::RgbaImage poster = kiosk::DecodeImage(p.ImageData(v.poster_image_id, false));
    CHECK(poster.width == 600);
    CHECK(poster.height >= 337);
    CHECK(poster.height <= 338);
    const kiosk::RgbaImage thumb = kiosk::DecodeImage(p.ImageData(v.poster_image_id, true));
    CHECK(thumb.width == 160);
    CHECK(thumb.height == 90);
}

TEST_CASE("a video whose pictures cannot be decoded is refused: no poster frame") {
    TempDir tmp;
    // Its index intact and every packet there (it probes), but the picture
    // data inside is zeros.
    auto bytes = ReadBytes(SmallVideo());
    const std::vector<uint8_t> mdat{'m', 'd', 'a', 't'};
    auto at = std::search(bytes.begin(), bytes.end(), mdat.begin(), mdat.end());
    REQUIRE(at != bytes.end());
    std::fill(at + 4, bytes.end(), uint8_t{0});
    const fs::path zeros = tmp.path() / "zeros.mp4";
    WriteBytes(zeros, bytes);
    RequireProblem(
        VideoExhibit(tmp, zeros, "speech = false\n"), tmp,
        {"exhibit.toml line 12", "video/testimony.mp4", "can be decoded", "no poster frame"});
}

TEST_CASE("a package whose poster frame names no image is refused by the check and the kiosk") {
    TempDir tmp;
    const fs::path src = VideoExhibit(tmp, SmallVideo(), "speech = false\n");
    const std::string pkg = BuildOrThrow(src, tmp / "media.kiosk");
    REQUIRE(kiosk::CheckPackage(pkg).empty());
    SqlExec(pkg, "UPDATE media SET poster_image_id = 999 WHERE role = 'video'");
    const auto problems = kiosk::CheckPackage(pkg);
    INFO(Joined(problems));
    CHECK(AnyContains(problems, "the video 'video/testimony.mp4' of panel 'only' names a poster "
                                "frame (image 999) that is not in the package"));
    CHECK_THAT(OpenError(pkg), Contains("poster frame (image 999)"));
    SqlExec(pkg, "UPDATE media SET poster_image_id = 0 WHERE role = 'video'");
    CHECK(AnyContains(kiosk::CheckPackage(pkg), "has no poster frame"));
}

TEST_CASE("a package without media keeps format version 1, which older kiosks read") {
    TempDir tmp;
    WriteMinimalExhibit(tmp.path() / "src");
    const std::string pkg = BuildOrThrow(tmp.path() / "src", tmp / "plain.kiosk");
    CHECK(UserVersion(pkg) == kiosk::kPackageSchemaVersion);
}

TEST_CASE("a video is read in place from the package, byte for byte at any offset") {
    TempDir tmp;
    const fs::path src = VideoExhibit(tmp, SmallVideo(), "speech = false\n");
    const std::string pkg = BuildOrThrow(src, tmp / "media.kiosk");
    const Package p = Package::Open(pkg);
    kiosk::MediaBlob blob(pkg, p.exhibit().panels[0].videos[0].media_id);
    const auto original = ReadBytes(SmallVideo());
    REQUIRE(blob.Size() == original.size());
    for (uint64_t offset : {uint64_t{0}, uint64_t{4097}, uint64_t{original.size() - 10}}) {
        std::vector<uint8_t> got(100);
        const int64_t n = blob.ReadAt(offset, got);
        REQUIRE(n == static_cast<int64_t>(std::min<uint64_t>(100, original.size() - offset)));
        CHECK(std::equal(got.begin(), got.begin() + n, original.begin() + offset));
    }
    std::vector<uint8_t> past(10);
    CHECK(blob.ReadAt(original.size(), past) == 0);
}

TEST_CASE("a video cut short is refused with its file, line and 'cut short'") {
    TempDir tmp;
    const auto whole = ReadBytes(LongVideo());
    const fs::path cut = tmp.path() / "cut.mp4";
    WriteBytes(cut, std::vector<uint8_t>(whole.begin(), whole.begin() + whole.size() / 2));
    const fs::path src = VideoExhibit(tmp, cut, "speech = false\n");
    RequireProblem(src, tmp, {"exhibit.toml line 12", "video/testimony.mp4", "cut short"});
}

TEST_CASE("a video with its index at the end, cut short, is refused as unreadable") {
    TempDir tmp;
    const fs::path whole =
        MediaFile("index-at-end.mp4", "-f lavfi -i testsrc=size=320x240:rate=25 -t 4 -c:v "
                                      "libx264 -preset ultrafast -pix_fmt yuv420p");
    const auto bytes = ReadBytes(whole);
    const fs::path cut = tmp.path() / "cut.mp4";
    WriteBytes(cut, std::vector<uint8_t>(bytes.begin(), bytes.begin() + bytes.size() * 3 / 4));
    RequireProblem(VideoExhibit(tmp, cut, "speech = false\n"), tmp,
                   {"exhibit.toml line 12", "cannot be read", "cut short"});
}

TEST_CASE("a video whose header claims 60000x60000 pixels is refused before any decoding") {
    TempDir tmp;
    const fs::path huge = tmp.path() / "huge.mp4";
    WriteBytes(huge, VideoClaiming60000());
    RequireProblem(VideoExhibit(tmp, huge, "speech = false\n"), tmp,
                   {"exhibit.toml line 12", "60000x60000", "larger than any screen"});
}

TEST_CASE("a video of zero seconds, with no frames, is refused") {
    TempDir tmp;
    const fs::path empty = MediaFile("zero.mp4", "-f lavfi -i testsrc=size=320x240:rate=25 -t 0 "
                                                 "-c:v libx264 -pix_fmt yuv420p");
    RequireProblem(VideoExhibit(tmp, empty, "speech = false\n"), tmp,
                   {"exhibit.toml line 12", "video/testimony.mp4"});
}

TEST_CASE("a file that is not video at all is refused in plain words") {
    TempDir tmp;
    const fs::path text = tmp.path() / "notes.mp4";
    WriteFile(text, "These are my notes, not a video.\n");
    RequireProblem(VideoExhibit(tmp, text, "speech = false\n"), tmp,
                   {"exhibit.toml line 12", "cannot be read as video or audio"});
}

TEST_CASE("a video larger than the exhibit's screen is refused, saying the screen's size") {
    TempDir tmp;
    const fs::path big = MediaFile("640.mp4", "-f lavfi -i testsrc=size=640x360:rate=25 -t 1 "
                                              "-c:v libx264 -preset ultrafast -pix_fmt yuv420p");
    BuildOptions opt;
    opt.screen_width = 400;
    opt.screen_height = 320;
    RequireProblem(VideoExhibit(tmp, big, "speech = false\n"), tmp,
                   {"exhibit.toml line 12", "640x360", "400x320"}, opt);
}

TEST_CASE("a codec a Pi cannot decode in hardware is a note naming H.264, an error with strict") {
    TempDir tmp;
    const fs::path mpeg4 = MediaFile("mpeg4.mkv", "-f lavfi -i testsrc=size=320x240:rate=25 -t 1 "
                                                  "-c:v mpeg4");
    const fs::path src = VideoExhibit(tmp, SmallVideo(), "speech = false\n");
    fs::remove(src / "video/testimony.mp4");
    fs::copy_file(mpeg4, src / "video/testimony.mkv");
    ReplaceInFile(src / "exhibit.toml", "testimony.mp4", "testimony.mkv");
    const BuildResult r = BuildPackage(src.string(), tmp / "with-notes.kiosk");
    INFO("problems:\n" << Joined(r.problems) << "notes:\n" << Joined(r.notes));
    CHECK(r.ok);
    CHECK(AnyContains(r.notes, "mpeg4 video at 320x240"));
    CHECK(AnyContains(r.notes, "H.264"));
    BuildOptions strict;
    strict.strict = true;
    RequireProblem(src, tmp, {"exhibit.toml line 12", "mpeg4", "Export it as H.264"}, strict);
}

TEST_CASE("a video without subtitles in an exhibit language is a note, an error with strict") {
    TempDir tmp;
    const fs::path src = VideoExhibit(tmp, SmallVideo());
    WriteSubtitles(src, "en", kGoodVtt);
    const BuildResult r = BuildPackage(src.string(), tmp / "with-notes.kiosk");
    INFO("problems:\n" << Joined(r.problems) << "notes:\n" << Joined(r.notes));
    CHECK(r.ok);
    CHECK(AnyContains(r.notes, "has no subtitles in 'az'"));
    CHECK_FALSE(AnyContains(r.notes, "has no subtitles in 'en'"));
    BuildOptions strict;
    strict.strict = true;
    RequireProblem(src, tmp,
                   {"exhibit.toml line 12", "no subtitles in 'az'", "subtitles/az/testimony.vtt"},
                   strict);
    // A video without words needs none.
    ReplaceInFile(src / "exhibit.toml", "testimony.mp4\"\n", "testimony.mp4\"\nspeech = false\n");
    CHECK(BuildPackage(src.string(), tmp / "no-speech.kiosk", strict).ok);
}

TEST_CASE("subtitles that are not UTF-8 are refused naming their line") {
    TempDir tmp;
    const fs::path src = VideoExhibit(tmp, SmallVideo(), "speech = false\n");
    WriteSubtitles(src, "en", "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nCaf\xE9 au lait\n");
    RequireProblem(src, tmp, {"subtitles/en/testimony.vtt line 4", "not UTF-8"});
}

TEST_CASE("subtitles running past the end of the video name the cue's line") {
    TempDir tmp;
    const fs::path src = VideoExhibit(tmp, SmallVideo(), "speech = false\n");
    WriteSubtitles(src, "en",
                   "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nIn time\n\n"
                   "00:00:01.000 --> 00:00:09.000\nToo late\n");
    RequireProblem(src, tmp, {"subtitles/en/testimony.vtt line 6", "video ends at 0:02"});
}

TEST_CASE("subtitles with 100000 cues are refused without reading them all") {
    TempDir tmp;
    const fs::path src = VideoExhibit(tmp, SmallVideo(), "speech = false\n");
    std::string vtt = "WEBVTT\n\n";
    for (int i = 0; i < 100000; ++i)
        vtt += "00:00.000 --> 00:00.010\nx\n\n";
    WriteSubtitles(src, "en", vtt);
    RequireProblem(src, tmp, {"subtitles/en/testimony.vtt", "more than 10000 cues"});
}

TEST_CASE("subtitles for no video, narration for no panel or language are refused") {
    TempDir tmp;
    const fs::path src = VideoExhibit(tmp, SmallVideo(), "speech = false\n");
    WriteFile(src / "subtitles/en/interview.vtt", kGoodVtt);
    RequireProblem(src, tmp, {"subtitles/en/interview.vtt", "no video is named 'interview'"});
    fs::remove(src / "subtitles/en/interview.vtt");
    fs::create_directories(src / "audio/en");
    fs::copy_file(Narration(), src / "audio/en/the-nigth.opus");
    RequireProblem(src, tmp, {"audio/en/the-nigth.opus", "no panel 'the-nigth'"});
    fs::remove(src / "audio/en/the-nigth.opus");
    fs::create_directories(src / "audio/de");
    fs::copy_file(Narration(), src / "audio/de/only.opus");
    RequireProblem(src, tmp, {"audio/de", "not one of the exhibit's languages"});
}

TEST_CASE("narration with a moving picture is refused and a video without one too") {
    TempDir tmp;
    const fs::path src = VideoExhibit(tmp, SmallVideo(), "speech = false\n");
    fs::create_directories(src / "audio/en");
    fs::copy_file(SmallVideo(), src / "audio/en/only.m4a");
    RequireProblem(src, tmp, {"audio/en/only.m4a", "narration is sound only"});
    fs::remove(src / "audio/en/only.m4a");
    fs::remove(src / "video/testimony.mp4");
    const fs::path sound = MediaFile("sound.mp4", "-f lavfi -i sine -t 1 -c:a aac");
    fs::copy_file(sound, src / "video/testimony.mp4");
    RequireProblem(src, tmp, {"exhibit.toml line 12", "it has no picture"});
}

TEST_CASE("the package check probes media in place and finds one swapped after the build") {
    TempDir tmp;
    const fs::path src = VideoExhibit(tmp, SmallVideo(), "speech = false\n");
    const std::string pkg = BuildOrThrow(src, tmp / "media.kiosk");
    REQUIRE(kiosk::CheckPackage(pkg).empty());
    const auto whole = ReadBytes(LongVideo());
    const std::string hex = [&] {
        std::string h;
        char buf[3];
        for (size_t i = 0; i < whole.size() / 2; ++i) {
            std::snprintf(buf, sizeof buf, "%02X", whole[i]);
            h += buf;
        }
        return h;
    }();
    SqlExec(pkg, "UPDATE media SET data = X'" + hex + "'");
    const auto problems = kiosk::CheckPackage(pkg);
    INFO(Joined(problems));
    CHECK(AnyContains(problems, "media 'video/testimony.mp4': it is damaged or cut short"));
}

TEST_CASE("kiosk-pack info lists every media file with its duration, codec and size") {
    TempDir tmp;
    const fs::path src = VideoExhibit(tmp, SmallVideo());
    WriteSubtitles(src, "en", kGoodVtt);
    WriteSubtitles(src, "az", kGoodVtt);
    const std::string pkg = BuildOrThrow(src, tmp / "media.kiosk");
    const std::string out = tmp / "info.txt";
    REQUIRE(std::system(
                (std::string(KIOSK_PACK_BIN) + " info '" + pkg + "' > '" + out + "'").c_str()) ==
            0);
    const std::string info = ReadFile(out);
    CHECK_THAT(info, Contains("video video/testimony.mp4 (panel only): 0:02, h264 320x240, aac "
                              "sound, " +
                              std::to_string(fs::file_size(SmallVideo())) +
                              " bytes, poster frame image 2\n"));
    CHECK_THAT(info, Contains("subtitles subtitles/az/testimony.vtt (panel only, az): 0:02, vtt"));
    REQUIRE(std::system((std::string(KIOSK_PACK_BIN) + " info --json '" + pkg + "' > '" + out + "'")
                            .c_str()) == 0);
    CHECK_THAT(ReadFile(out), Contains("\"role\": \"video\", \"panel\": \"only\""));
    CHECK_THAT(ReadFile(out), Contains("\"video_codec\": \"h264\", \"audio_codec\": \"aac\", "
                                       "\"width\": 320, \"height\": 240"));
    // The poster frame is the image after the panel's own one.
    CHECK_THAT(ReadFile(out), Contains("\"poster_image_id\": 2}"));
}

TEST_CASE("a video whose header claims hundreds of hours (an endless stream) is refused") {
    TempDir tmp;
    // The movie header's duration (timescale 1000) rewritten to 2^31-1 ms.
    auto bytes = ReadBytes(SmallVideo());
    const std::vector<uint8_t> mvhd{'m', 'v', 'h', 'd'};
    auto at = std::search(bytes.begin(), bytes.end(), mvhd.begin(), mvhd.end());
    REQUIRE(at != bytes.end());
    REQUIRE(at[16] == 0x00); // version 0: 32-bit times, the duration at +20
    const std::vector<uint8_t> huge{0x7F, 0xFF, 0xFF, 0xFF};
    std::copy(huge.begin(), huge.end(), at + 20);
    const fs::path endless = tmp.path() / "endless.mp4";
    WriteBytes(endless, bytes);
    RequireProblem(VideoExhibit(tmp, endless, "speech = false\n"), tmp,
                   {"exhibit.toml line 12", "596 hours", "damaged or endless"});
}

TEST_CASE("probing and the poster frame give up in time instead of hanging") {
    const auto bytes = ReadBytes(LongVideo());
    kiosk::MemorySource source(bytes);
    // No time at all: the first thing libavformat polls stops it.
    CHECK_THROWS_WITH(kiosk::ProbeMedia(source, 0), Contains("takes too long"));
    CHECK_THROWS_WITH(kiosk::DecodePosterFrame(source, 20000, 0), Contains("takes too long"));
    // With time, the same file is fine: the limit is what stopped it.
    CHECK(kiosk::ProbeMedia(source).duration_ms >= 19000);
    CHECK(kiosk::DecodePosterFrame(source, 20000).image.width == 320);
}

TEST_CASE("the poster decoder on its own refuses a header claiming 60000x60000") {
    const auto bytes = VideoClaiming60000();
    kiosk::MemorySource source(bytes);
    CHECK_THROWS_WITH(kiosk::DecodePosterFrame(source, 2000), Contains("larger than any screen"));
}

TEST_CASE("the poster frame of a video filmed upright and stored sideways stands upright") {
    TempDir tmp;
    // 320x180, left half blue, right half red; its track header's matrix
    // rewritten to a quarter turn clockwise, as phones store upright video.
    auto bytes = ReadBytes(
        MediaFile("sideways.mp4", "-f lavfi -i \"color=c=red:s=320x180:r=25:d=2,drawbox=x=0:y=0:"
                                  "w=160:h=180:color=blue:t=fill\" -c:v libx264 -preset ultrafast "
                                  "-pix_fmt yuv420p"));
    const std::vector<uint8_t> tkhd{'t', 'k', 'h', 'd'};
    auto at = std::search(bytes.begin(), bytes.end(), tkhd.begin(), tkhd.end());
    REQUIRE(at != bytes.end());
    REQUIRE(at[4] == 0x00); // version 0: the matrix 40 bytes after the flags
    const uint32_t matrix[9] = {0, 0x00010000, 0, 0xFFFF0000, 0, 0, 0, 0, 0x40000000};
    for (int k = 0; k < 9; ++k)
        for (int b = 0; b < 4; ++b)
            at[4 + 40 + 4 * k + b] = static_cast<uint8_t>(matrix[k] >> (24 - 8 * b));
    const fs::path sideways = tmp.path() / "sideways.mp4";
    WriteBytes(sideways, bytes);
    const std::string pkg =
        BuildOrThrow(VideoExhibit(tmp, sideways, "speech = false\n"), tmp / "upright.kiosk");
    const Package p = Package::Open(pkg);
    const auto& v = p.exhibit().panels.at(0).videos.at(0);
    const kiosk::RgbaImage poster = kiosk::DecodeImage(p.ImageData(v.poster_image_id, false));
    CHECK(poster.width == 180);
    CHECK(poster.height == 320);
    auto colour_at = [&](int x, int y) {
        const size_t i = (static_cast<size_t>(y) * poster.width + x) * 4;
        return std::array<int, 3>{poster.pixels[i], poster.pixels[i + 1], poster.pixels[i + 2]};
    };
    CHECK(Near(colour_at(90, 40), {0, 0, 255})); // the left half, turned to the top
    CHECK(Near(colour_at(90, 280), {255, 0, 0}));
}
