// core/model: which language's text, caption and title a visitor sees.

#include "core/model.h"

#include <catch2/catch.hpp>

#include <string>

using kiosk::Exhibit;
using kiosk::Panel;
using kiosk::PanelImage;

namespace {

// Languages az, en, ru; the visitor meets az first; missing texts show in en.
Exhibit MakeExhibit() {
    Exhibit ex;
    ex.id = "khojaly-1992";
    ex.version = 1;
    ex.languages = {"az", "en", "ru"};
    ex.default_language = "az";
    ex.fallback_language = "en";
    ex.title = {{"az", "Xocalı"}, {"en", "Khojaly"}};
    return ex;
}

Panel MakePanel() {
    Panel p;
    p.id = "the-night";
    p.texts["az"] = {"Gecə", "Mətn"};
    p.texts["en"] = {"The night", "Text"};
    return p;
}

} // namespace

// [SECTION] TextFor -----------------------------------------------------------

TEST_CASE("a panel's text is given in the requested language when it has one") {
    const Exhibit ex = MakeExhibit();
    const Panel p = MakePanel();
    std::string used;
    const auto* text = kiosk::TextFor(ex, p, "az", &used);
    REQUIRE(text != nullptr);
    CHECK(text->title == "Gecə");
    CHECK(used == "az");
}

TEST_CASE("a panel's missing text is given in the fallback language") {
    const Exhibit ex = MakeExhibit();
    const Panel p = MakePanel();
    std::string used;
    const auto* text = kiosk::TextFor(ex, p, "ru", &used);
    REQUIRE(text != nullptr);
    CHECK(text->title == "The night");
    CHECK(text->body == "Text");
    CHECK(used == "en");
}

TEST_CASE("a panel's text can be asked for without wanting the language used") {
    const Exhibit ex = MakeExhibit();
    const Panel p = MakePanel();
    const auto* text = kiosk::TextFor(ex, p, "ru");
    REQUIRE(text != nullptr);
    CHECK(text->title == "The night");
}

TEST_CASE("a panel without a text in the language or any fallback has no text") {
    Exhibit ex = MakeExhibit();
    ex.fallback_language = "";
    ex.default_language = "en";
    Panel p;
    p.id = "only-az";
    p.texts["az"] = {"Yalnız", "Azərbaycanca"};
    std::string used = "unchanged";
    CHECK(kiosk::TextFor(ex, p, "ru", &used) == nullptr);
    CHECK(used == "unchanged");
}

TEST_CASE("the fallback language is preferred over the default language for a missing text") {
    Exhibit ex = MakeExhibit(); // default az, fallback en
    const Panel p = MakePanel();
    std::string used;
    REQUIRE(kiosk::TextFor(ex, p, "ru", &used) != nullptr);
    CHECK(used == "en");
}

// [SECTION] CaptionFor --------------------------------------------------------

TEST_CASE("an image's caption is given in the requested language") {
    const Exhibit ex = MakeExhibit();
    PanelImage img;
    img.captions = {{"az", "Xəritə"}, {"en", "Map"}, {"ru", "Карта"}};
    CHECK(kiosk::CaptionFor(ex, img, "ru") == "Карта");
    CHECK(kiosk::CaptionFor(ex, img, "az") == "Xəritə");
}

TEST_CASE("an image's missing caption is given in the fallback language") {
    const Exhibit ex = MakeExhibit();
    PanelImage img;
    img.captions = {{"az", "Xəritə"}, {"en", "Map"}};
    CHECK(kiosk::CaptionFor(ex, img, "ru") == "Map");
}

TEST_CASE("an image without a caption in the language or any fallback has an empty caption") {
    Exhibit ex = MakeExhibit();
    ex.fallback_language = "";
    ex.default_language = "en";
    PanelImage img;
    img.captions = {{"az", "Xəritə"}};
    CHECK(kiosk::CaptionFor(ex, img, "ru") == "");
    PanelImage bare;
    CHECK(kiosk::CaptionFor(MakeExhibit(), bare, "az") == "");
}

// [SECTION] TitleFor ------------------------------------------------------------

TEST_CASE("the exhibit's title is given in the requested language") {
    CHECK(kiosk::TitleFor(MakeExhibit(), "az") == "Xocalı");
    CHECK(kiosk::TitleFor(MakeExhibit(), "en") == "Khojaly");
}

TEST_CASE("the exhibit's missing title is given in the fallback language") {
    CHECK(kiosk::TitleFor(MakeExhibit(), "ru") == "Khojaly");
}

TEST_CASE("without a fallback the exhibit's missing title is given in the default language") {
    Exhibit ex = MakeExhibit();
    ex.fallback_language = "";
    CHECK(kiosk::TitleFor(ex, "ru") == "Xocalı");
}

TEST_CASE("an exhibit without any usable title is named by its id") {
    Exhibit ex = MakeExhibit();
    ex.title = {{"tr", "Hocalı"}};
    CHECK(kiosk::TitleFor(ex, "ru") == "khojaly-1992");
}

// [SECTION] Image kinds ---------------------------------------------------------

TEST_CASE("image kinds are named photo, illustration and map and parse back") {
    using kiosk::ImageKind;
    for (auto kind : {ImageKind::Photo, ImageKind::Illustration, ImageKind::Map}) {
        const auto parsed = kiosk::ParseImageKind(kiosk::ImageKindName(kind));
        REQUIRE(parsed.has_value());
        CHECK(*parsed == kind);
    }
    CHECK(std::string(kiosk::ImageKindName(ImageKind::Illustration)) == "illustration");
    CHECK_FALSE(kiosk::ParseImageKind("Photo").has_value());
    CHECK_FALSE(kiosk::ParseImageKind("poster").has_value());
    CHECK_FALSE(kiosk::ParseImageKind("").has_value());
}

// [SECTION] ImageIdFor and NoteFor ----------------------------------------------

TEST_CASE("an image drawn for a language is shown in that language, the shared one elsewhere") {
    PanelImage im;
    im.image_id = 7;
    im.image_by_language = {{"az", 8}, {"ru", 9}};
    CHECK(kiosk::ImageIdFor(im, "az") == 8);
    CHECK(kiosk::ImageIdFor(im, "ru") == 9);
    CHECK(kiosk::ImageIdFor(im, "en") == 7);
}

TEST_CASE("the content note is given in the requested language, else the fallback, else none") {
    Exhibit ex = MakeExhibit();
    CHECK(kiosk::NoteFor(ex, "az").empty());
    ex.note = {{"az", "Qeyd"}, {"en", "A note"}};
    CHECK(kiosk::NoteFor(ex, "az") == "Qeyd");
    CHECK(kiosk::NoteFor(ex, "ru") == "A note");
}
