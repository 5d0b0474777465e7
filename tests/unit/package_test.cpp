// storage/package: what a built package holds, and the defensive open that
// refuses anything kiosk-pack would not have written.

#include "storage/package.h"

#include "core/error.h"
#include "core/text.h"
#include "media/image.h"
#include "support/fixtures.h"
#include "support/packages.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using kiosk::ImageKind;
using kiosk::Package;
using kiosk::PackageError;
using kiosk::test::BuildSamplePackage;
using kiosk::test::CopyOf;
using kiosk::test::FindPanel;
using kiosk::test::OpenError;
using kiosk::test::SqlExec;
using kiosk::test::TempDir;

namespace {

kiosk::ImageInfo ProbeStored(const Package& pkg, int64_t id, bool thumbnail) {
    return kiosk::ProbeImage(pkg.ImageData(id, thumbnail));
}

} // namespace

// [SECTION] Round trip -------------------------------------------------------------

TEST_CASE("a built package keeps the exhibit's id, version, languages and titles") {
    TempDir tmp;
    const Package pkg = Package::Open(BuildSamplePackage(tmp));
    const kiosk::Exhibit& ex = pkg.exhibit();
    CHECK(ex.id == "sample-exhibit");
    CHECK(ex.version == 7);
    CHECK(ex.languages == std::vector<std::string>{"az", "en", "ru"});
    CHECK(ex.default_language == "en");
    CHECK(ex.fallback_language == "en");
    CHECK(ex.title.at("en") == "Remembrance");
    CHECK(ex.title.at("az") == "Xatirə");
    CHECK(ex.title.at("ru") == "Память");
    CHECK(ex.dwell_ms == 12000);
    CHECK(ex.transition_ms == 500);
    CHECK(ex.screen_width == 1920);
    CHECK(ex.screen_height == 1080);
    CHECK(ex.font_names.empty());
    CHECK(pkg.Fonts().empty());
    CHECK(pkg.path() == tmp / "sample.kiosk");
}

TEST_CASE("a built package keeps the panels in order with their dates") {
    TempDir tmp;
    const Package pkg = Package::Open(BuildSamplePackage(tmp));
    const auto& panels = pkg.exhibit().panels;
    REQUIRE(panels.size() == 3);
    CHECK(panels[0].id == "the-night");
    CHECK(panels[1].id == "aftermath");
    CHECK(panels[2].id == "memory");
    CHECK(panels[0].date == "1992-02-26");
    CHECK(panels[1].date == "1992-03");
    CHECK(panels[2].date == "");
}

TEST_CASE("a built package keeps each panel's texts per language") {
    TempDir tmp;
    const Package pkg = Package::Open(BuildSamplePackage(tmp));
    const auto& ex = pkg.exhibit();
    const auto* night = FindPanel(ex, "the-night");
    const auto* after = FindPanel(ex, "aftermath");
    const auto* memory = FindPanel(ex, "memory");
    REQUIRE(night);
    REQUIRE(after);
    REQUIRE(memory);
    CHECK(night->texts.size() == 3);
    CHECK(after->texts.size() == 2);
    CHECK(memory->texts.size() == 1);

    CHECK(night->texts.at("en").title == "The night");
    CHECK(night->texts.at("en").body == "First line of a paragraph\nand its second line.\n\n"
                                        "## What happened\n\n- one\n- two");
    CHECK(night->texts.at("az").title == "Gecə");
    CHECK(night->texts.at("az").body == "Əziz xatirə: ğ ı İ ö ü ç ş.");
    CHECK(night->texts.at("ru").title == "Ночь");
    CHECK(night->texts.at("ru").body == "Память о погибших.");
    CHECK(after->texts.at("az").title == "Sonra");
    CHECK(memory->texts.at("en").body == "We remember.");
}

TEST_CASE("a stored body parses back into the blocks of the source text") {
    TempDir tmp;
    const Package pkg = Package::Open(BuildSamplePackage(tmp));
    const auto blocks =
        kiosk::ParseBody(FindPanel(pkg.exhibit(), "the-night")->texts.at("en").body);
    REQUIRE(blocks.size() == 4);
    CHECK(blocks[0].kind == kiosk::BlockKind::Paragraph);
    CHECK(blocks[0].text == "First line of a paragraph and its second line.");
    CHECK(blocks[1].kind == kiosk::BlockKind::Heading);
    CHECK(blocks[1].text == "What happened");
    CHECK(blocks[2].kind == kiosk::BlockKind::ListItem);
    CHECK(blocks[3].text == "two");
}

TEST_CASE("a package's missing texts fall back to its fallback language") {
    TempDir tmp;
    const Package pkg = Package::Open(BuildSamplePackage(tmp));
    const auto& ex = pkg.exhibit();
    std::string used;
    const auto* text = kiosk::TextFor(ex, *FindPanel(ex, "memory"), "ru", &used);
    REQUIRE(text);
    CHECK(text->title == "Memory");
    CHECK(used == "en");
}

TEST_CASE("a built package keeps image kinds and captions in order") {
    TempDir tmp;
    const Package pkg = Package::Open(BuildSamplePackage(tmp));
    const auto& ex = pkg.exhibit();
    const auto& night = FindPanel(ex, "the-night")->images;
    REQUIRE(night.size() == 2);
    CHECK(night[0].kind == ImageKind::Photo);
    CHECK(night[1].kind == ImageKind::Map);
    CHECK(night[0].captions ==
          std::map<std::string, std::string>{{"az", "Gecə şəkli"}, {"en", "Night photo"}});
    CHECK(night[1].captions == std::map<std::string, std::string>{{"en", "The map"}});
    CHECK(kiosk::CaptionFor(ex, night[1], "az") == "The map");

    const auto& after = FindPanel(ex, "aftermath")->images;
    REQUIRE(after.size() == 1);
    CHECK(after[0].kind == ImageKind::Illustration);
    CHECK(after[0].captions.empty());
    CHECK(FindPanel(ex, "memory")->images.empty());
    CHECK(pkg.ImageCount() == 3);
}

TEST_CASE("a built package's images are scaled to fit the screen and never scaled up") {
    TempDir tmp;
    const Package pkg = Package::Open(BuildSamplePackage(tmp));
    const auto& ex = pkg.exhibit();
    const auto& night = FindPanel(ex, "the-night")->images;
    const auto& drawing = FindPanel(ex, "aftermath")->images.at(0);

    // 2000x500 photo -> 1920x480, stored as JPEG.
    CHECK((night[0].width == 1920 && night[0].height == 480));
    auto info = ProbeStored(pkg, night[0].image_id, false);
    CHECK(info.format == kiosk::ImageFormat::Jpeg);
    CHECK((info.width == 1920 && info.height == 480));
    // 300x1200 map -> 270x1080, kept as PNG.
    CHECK((night[1].width == 270 && night[1].height == 1080));
    info = ProbeStored(pkg, night[1].image_id, false);
    CHECK(info.format == kiosk::ImageFormat::Png);
    CHECK((info.width == 270 && info.height == 1080));
    // 200x100 drawing stays 200x100.
    CHECK((drawing.width == 200 && drawing.height == 100));
    info = ProbeStored(pkg, drawing.image_id, false);
    CHECK((info.width == 200 && info.height == 100));
}

TEST_CASE("a built package's thumbnails fit inside 640x360") {
    TempDir tmp;
    const Package pkg = Package::Open(BuildSamplePackage(tmp));
    const auto& ex = pkg.exhibit();
    const auto& night = FindPanel(ex, "the-night")->images;
    auto info = ProbeStored(pkg, night[0].image_id, true);
    CHECK(info.format == kiosk::ImageFormat::Jpeg);
    CHECK((info.width == 640 && info.height == 160));
    info = ProbeStored(pkg, night[1].image_id, true);
    CHECK((info.width == 90 && info.height == 360));
    info = ProbeStored(pkg, FindPanel(ex, "aftermath")->images.at(0).image_id, true);
    CHECK((info.width == 200 && info.height == 100));
}

TEST_CASE("asking a package for an image it does not have throws a PackageError") {
    TempDir tmp;
    const Package pkg = Package::Open(BuildSamplePackage(tmp));
    CHECK_THROWS_MATCHES(pkg.ImageData(9999, false), PackageError,
                         Catch::Matchers::Message("image 9999 is not in the package"));
    CHECK_THROWS_AS(pkg.ImageData(-1, true), PackageError);
}

TEST_CASE("a sound package passes the deep check") {
    TempDir tmp;
    const std::string path = BuildSamplePackage(tmp);
    CHECK(kiosk::CheckPackage(path).empty());
}

// [SECTION] Refusals ----------------------------------------------------------------

TEST_CASE("opening a package that does not exist fails naming the file") {
    TempDir tmp;
    const std::string path = tmp / "nowhere.kiosk";
    CHECK(OpenError(path) == "the exhibit file " + path + " does not exist");
}

TEST_CASE("opening a folder as a package fails") {
    TempDir tmp;
    CHECK(OpenError(tmp.path().string()) == tmp.path().string() + " is not a file");
}

TEST_CASE("opening an empty file as a package fails as empty or cut short") {
    TempDir tmp;
    const std::string path = tmp / "empty.kiosk";
    kiosk::test::WriteFile(path, "");
    CHECK(OpenError(path) == path + " is not an exhibit package: the file is empty or cut short");
}

TEST_CASE("opening a file that is not SQLite as a package fails") {
    TempDir tmp;
    const std::string path = tmp / "notes.kiosk";
    kiosk::test::WriteFile(path, std::string(300, 'x'));
    CHECK_THAT(OpenError(path), StartsWith(path + " is not an exhibit package (it is not a "
                                                  "SQLite file)"));
}

TEST_CASE("opening another application's SQLite database as a package fails") {
    TempDir tmp;
    const std::string path = tmp / "other.db";
    SqlExec(path, "PRAGMA application_id=1234; CREATE TABLE exhibit(key, value);");
    CHECK_THAT(OpenError(path), Contains("is a SQLite database but not an exhibit package "
                                         "(wrong application id)"));
    const std::string plain = tmp / "plain.db";
    SqlExec(plain, "CREATE TABLE t(x);");
    CHECK_THAT(OpenError(plain), Contains("wrong application id"));
}

TEST_CASE("opening a package of another format version fails naming the version") {
    TempDir tmp;
    const std::string copy = CopyOf(BuildSamplePackage(tmp), tmp / "v99.kiosk");
    SqlExec(copy, "PRAGMA user_version=99");
    CHECK(OpenError(copy) == copy + " uses package format version 99, but this kiosk reads "
                                    "versions 1 and 2; rebuild it with this kiosk's kiosk-pack or "
                                    "update the kiosk");
}

TEST_CASE("opening a package cut in half fails as incomplete") {
    TempDir tmp;
    const std::string good = BuildSamplePackage(tmp);
    const std::string cut = tmp / "cut.kiosk";
    const auto bytes = kiosk::test::ReadBytes(good);
    kiosk::test::WriteBytes(cut,
                            {bytes.begin(), bytes.begin() + static_cast<long>(bytes.size() / 2)});
    CHECK_THAT(OpenError(cut), StartsWith(cut + " is incomplete: the file is cut short (" +
                                          std::to_string(bytes.size() / 2) + " of " +
                                          std::to_string(bytes.size()) + " bytes)"));
    CHECK_FALSE(kiosk::CheckPackage(cut).empty());
}

TEST_CASE("opening a package with an added view fails naming the view") {
    TempDir tmp;
    const std::string copy = CopyOf(BuildSamplePackage(tmp), tmp / "view.kiosk");
    SqlExec(copy, "CREATE VIEW sneaky AS SELECT slug FROM panel");
    CHECK_THAT(OpenError(copy), Contains("contains a view named 'sneaky' that exhibit packages "
                                         "never have"));
}

TEST_CASE("opening a package with an added trigger fails naming the trigger") {
    TempDir tmp;
    const std::string copy = CopyOf(BuildSamplePackage(tmp), tmp / "trigger.kiosk");
    SqlExec(copy, "CREATE TRIGGER on_read AFTER UPDATE ON panel BEGIN SELECT 1; END;");
    CHECK_THAT(OpenError(copy), Contains("contains a trigger named 'on_read'"));
}

TEST_CASE("opening a package with an added table or index fails naming it") {
    TempDir tmp;
    const std::string good = BuildSamplePackage(tmp);
    const std::string table = CopyOf(good, tmp / "table.kiosk");
    SqlExec(table, "CREATE TABLE extra(x)");
    CHECK_THAT(OpenError(table), Contains("contains a table named 'extra'"));
    const std::string index = CopyOf(good, tmp / "index.kiosk");
    SqlExec(index, "CREATE INDEX by_date ON panel(date)");
    CHECK_THAT(OpenError(index), Contains("contains a index named 'by_date'"));
}

TEST_CASE("opening a package with invalid UTF-8 in a panel text fails naming the panel") {
    TempDir tmp;
    const std::string copy = CopyOf(BuildSamplePackage(tmp), tmp / "utf8.kiosk");
    SqlExec(copy, "UPDATE panel_text SET body = CAST(x'4FC328' AS TEXT) WHERE lang = 'az' AND "
                  "panel_id = (SELECT id FROM panel WHERE slug = 'the-night')");
    CHECK(OpenError(copy) == copy + ": the text of panel 'the-night' (az) is not valid UTF-8 "
                                    "text (byte 2)");
    const auto problems = kiosk::CheckPackage(copy);
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0], Contains("the text of panel 'the-night' (az) is not valid UTF-8"));
}

TEST_CASE("opening a package with an overlong panel title fails") {
    TempDir tmp;
    const std::string copy = CopyOf(BuildSamplePackage(tmp), tmp / "long.kiosk");
    SqlExec(copy, "UPDATE panel_text SET title = printf('%.121c', 'x') WHERE lang = 'en' AND "
                  "panel_id = (SELECT id FROM panel WHERE slug = 'memory')");
    CHECK_THAT(OpenError(copy), Contains("the text of panel 'memory' (en) is longer than 120 "
                                         "characters"));
}

TEST_CASE("opening a package with a language code the kiosk does not know fails") {
    TempDir tmp;
    const std::string copy = CopyOf(BuildSamplePackage(tmp), tmp / "lang.kiosk");
    SqlExec(copy, "UPDATE language SET code = 'xx' WHERE code = 'ru'");
    CHECK_THAT(OpenError(copy), Contains("uses the language code 'xx'"));
}

TEST_CASE("the deep check names an image whose data claims to be 60000x60000 pixels") {
    TempDir tmp;
    const std::string copy = CopyOf(BuildSamplePackage(tmp), tmp / "bomb.kiosk");
    kiosk::test::ReplaceImageBlob(copy, "images/map.png", kiosk::test::PngHeaderOnly(60000, 60000));
    const auto problems = kiosk::CheckPackage(copy);
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0], StartsWith("image 'images/map.png': "));
    // The quick open does not decode images, so the bomb must be caught on probe.
    const Package pkg = Package::Open(copy);
    const auto& map = FindPanel(pkg.exhibit(), "the-night")->images.at(1);
    CHECK_THROWS_AS(kiosk::ProbeImage(pkg.ImageData(map.image_id, false)), kiosk::MediaError);
}

TEST_CASE("the deep check of a file that is not a package reports one problem and never throws") {
    TempDir tmp;
    const std::string missing = tmp / "missing.kiosk";
    const auto problems = kiosk::CheckPackage(missing);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0] == "the exhibit file " + missing + " does not exist");
}

// [SECTION] Optional parts: the content note and a language's own image -------------

TEST_CASE("a package without a content note or per-language images opens with none") {
    TempDir tmp;
    const Package pkg = Package::Open(BuildSamplePackage(tmp));
    CHECK(pkg.exhibit().note.empty());
    for (const auto& p : pkg.exhibit().panels)
        for (const auto& im : p.images)
            CHECK(im.image_by_language.empty());
}

TEST_CASE("a package's language image that names a missing image, panel or language is refused") {
    TempDir tmp;
    const std::string good = BuildSamplePackage(tmp);
    const std::string missing = CopyOf(good, tmp / "missing.kiosk");
    SqlExec(missing, "INSERT INTO exhibit(key, value) VALUES('image.the-night.0.az', '999')");
    CHECK_THAT(OpenError(missing),
               Contains("panel 'the-night' refers to an image for 'az' that is missing"));
    const std::string panel = CopyOf(good, tmp / "panel.kiosk");
    SqlExec(panel, "INSERT INTO exhibit(key, value) VALUES('image.no-such-panel.0.az', '1')");
    CHECK_THAT(OpenError(panel), Contains("for a panel, image or language it does not list"));
    const std::string lang = CopyOf(good, tmp / "lang.kiosk");
    SqlExec(lang, "INSERT INTO exhibit(key, value) VALUES('note.de', 'Hinweis')");
    CHECK_THAT(OpenError(lang), Contains("a content note in 'de', which is not one of its"));
    const std::string shape = CopyOf(good, tmp / "shape.kiosk");
    SqlExec(shape, "INSERT INTO exhibit(key, value) VALUES('image.', '1')");
    CHECK_THAT(OpenError(shape), Contains("unreadable image setting 'image.'"));
}
