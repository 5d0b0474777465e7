// The letters the package rules count and the font atlas draws: every text a
// visitor can see on screen, the home screen's content note included.
#include "core/glyphs.h"

#include <catch2/catch.hpp>

namespace {

kiosk::Exhibit ExhibitWithNote() {
    kiosk::Exhibit ex;
    ex.title = {{"en", "Title"}};
    kiosk::Panel panel;
    panel.id = "one";
    panel.texts["en"] = {"Panel title", "Body"};
    ex.panels.push_back(panel);
    ex.note = {{"ru", "Ж"}, {"az", "ə"}};
    return ex;
}

} // namespace

TEST_CASE("the exhibit's text includes the content note in every language") {
    const std::string text = kiosk::ExhibitText(ExhibitWithNote());
    CHECK(text.find("Ж") != std::string::npos);
    CHECK(text.find("ə") != std::string::npos);
    CHECK(text.find("Panel title") != std::string::npos);
}

TEST_CASE("the glyphs on screen include the letters of the content note") {
    const auto glyphs = kiosk::GlyphsOnScreen(ExhibitWithNote());
    CHECK(glyphs.count(U'Ж') == 1);
    CHECK(glyphs.count(U'ə') == 1);
}
