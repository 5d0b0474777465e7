// The default exhibit as the build packs it (build/default.kiosk, with the
// media kiosk-content/tools/make-media.sh makes): every panel read aloud in
// every language, labelled synthetic, and one map animation with its poster
// frame and subtitles in every language.
#define CATCH_CONFIG_MAIN
#include "core/model.h"
#include "media/image.h"
#include "storage/package.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#ifndef KIOSK_DEFAULT_PACKAGE
#error "tests/CMakeLists.txt passes build/default.kiosk as KIOSK_DEFAULT_PACKAGE"
#endif

using kiosk::Package;

TEST_CASE("the default exhibit reads every panel aloud in every language, labelled synthetic") {
    const Package p = Package::Open(KIOSK_DEFAULT_PACKAGE);
    const kiosk::Exhibit& ex = p.exhibit();
    CHECK(ex.synthetic_narration);
    REQUIRE(ex.languages == std::vector<std::string>{"en", "az", "ru"});
    for (const kiosk::Panel& panel : ex.panels)
        for (const std::string& lang : ex.languages) {
            INFO("panel " << panel.id << " in " << lang);
            REQUIRE(panel.narration.count(lang) == 1);
            // A title alone takes two seconds to say; every panel has more.
            CHECK(panel.narration.at(lang).duration_ms > 5000);
        }
    for (const kiosk::MediaEntry& m : p.Media())
        if (m.role == "narration") {
            CHECK(m.info.audio_codec == "opus");
            CHECK_FALSE(m.info.HasVideo());
        }
}

TEST_CASE("the default exhibit has one map animation with a poster frame and subtitles in every "
          "language") {
    const Package p = Package::Open(KIOSK_DEFAULT_PACKAGE);
    const kiosk::Exhibit& ex = p.exhibit();
    std::vector<std::pair<std::string, kiosk::PanelVideo>> videos;
    for (const kiosk::Panel& panel : ex.panels)
        for (const kiosk::PanelVideo& v : panel.videos)
            videos.emplace_back(panel.id, v);
    REQUIRE(videos.size() == 1);
    const auto& [panel, v] = videos.front();
    CHECK(panel == "khojaly"); // the panel of the locator map it animates
    CHECK(v.kind == kiosk::ImageKind::Map);
    CHECK(v.width <= 1920);
    CHECK(v.height <= 1080);
    CHECK(v.duration_ms >= 15000);
    CHECK(v.duration_ms <= 30000);
    for (const std::string& lang : ex.languages) {
        INFO(lang);
        REQUIRE(v.subtitles.count(lang) == 1);
        const auto vtt = p.MediaData(v.subtitles.at(lang), 1 << 20);
        CHECK(std::string(vtt.begin(), vtt.end()).rfind("WEBVTT", 0) == 0);
    }
    REQUIRE(v.poster_image_id != 0);
    const kiosk::RgbaImage poster = kiosk::DecodeImage(p.ImageData(v.poster_image_id, false));
    CHECK(poster.width * v.height == poster.height * v.width);
    const kiosk::RgbaImage thumb = kiosk::DecodeImage(p.ImageData(v.poster_image_id, true));
    CHECK(thumb.width > 0);
    for (const kiosk::MediaEntry& m : p.Media())
        if (m.role == "video") {
            CHECK(m.info.video_codec == "h264");
            CHECK_FALSE(m.info.HasAudio());
        }
}

TEST_CASE("the default exhibit with its media passes the package check") {
    const auto problems = kiosk::CheckPackage(KIOSK_DEFAULT_PACKAGE);
    std::string all;
    for (const auto& p : problems)
        all += p + "\n";
    INFO(all);
    CHECK(problems.empty());
}
