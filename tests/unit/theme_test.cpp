// core/theme: the WCAG contrast ratio and the two themes it must approve.

#include "core/theme.h"

#include <catch2/catch.hpp>

using kiosk::Colour;
using kiosk::ContrastRatio;
using kiosk::HighContrastTheme;
using kiosk::NormalTheme;
using kiosk::Theme;

namespace {

constexpr Colour kBlack{0, 0, 0, 255};
constexpr Colour kWhite{255, 255, 255, 255};

} // namespace

TEST_CASE("black on white has the largest contrast ratio, 21 to 1", "[core][theme]") {
    CHECK(ContrastRatio(kBlack, kWhite) == Approx(21.0));
    CHECK(ContrastRatio(kWhite, kBlack) == Approx(21.0));
}

TEST_CASE("a colour against itself has no contrast, 1 to 1", "[core][theme]") {
    CHECK(ContrastRatio(kBlack, kBlack) == Approx(1.0));
    CHECK(ContrastRatio(kWhite, kWhite) == Approx(1.0));
    const Colour ochre{0xb3, 0x9a, 0x6b, 255};
    CHECK(ContrastRatio(ochre, ochre) == Approx(1.0));
}

TEST_CASE("the contrast ratio follows the WCAG relative luminance", "[core][theme]") {
    // Mid grey #777777 on white is the well-known 4.48:1.
    CHECK(ContrastRatio({0x77, 0x77, 0x77, 255}, kWhite) == Approx(4.48).margin(0.01));
    // Pure green is far brighter than pure blue.
    CHECK(ContrastRatio({0, 255, 0, 255}, kBlack) == Approx(15.3).margin(0.01));
    CHECK(ContrastRatio({0, 0, 255, 255}, kBlack) == Approx(2.44).margin(0.01));
    // Symmetric, and never below 1.
    const Colour a{0x12, 0x80, 0xc0, 255}, b{0xf0, 0x40, 0x10, 255};
    CHECK(ContrastRatio(a, b) == Approx(ContrastRatio(b, a)));
    CHECK(ContrastRatio(a, b) >= 1.0);
}

TEST_CASE("normal text and muted text are at least 7:1 on the background and on surfaces",
          "[core][theme]") {
    const Theme& t = NormalTheme();
    CHECK(ContrastRatio(t.text, t.background) >= 7.0);
    CHECK(ContrastRatio(t.text, t.surface) >= 7.0);
    CHECK(ContrastRatio(t.muted_text, t.background) >= 7.0);
    CHECK(ContrastRatio(t.muted_text, t.surface) >= 7.0);
}

TEST_CASE("the normal theme is light text on a dark ground", "[core][theme]") {
    const Theme& t = NormalTheme();
    CHECK(ContrastRatio(t.background, kBlack) < 2.0);
    CHECK(ContrastRatio(t.text, kWhite) < 1.5);
    // Muted text is quieter than text, yet still text.
    CHECK(ContrastRatio(t.muted_text, t.background) < ContrastRatio(t.text, t.background));
}

TEST_CASE("high-contrast text is at least 15:1 on its background", "[core][theme]") {
    const Theme& t = HighContrastTheme();
    CHECK(ContrastRatio(t.text, t.background) >= 15.0);
    CHECK(ContrastRatio(t.text, t.surface) >= 15.0);
    CHECK(ContrastRatio(t.muted_text, t.background) >= 15.0);
    CHECK(ContrastRatio(t.text, t.background) >
          ContrastRatio(NormalTheme().text, NormalTheme().background));
}

TEST_CASE("text on a selected button is at least 7:1 in the high-contrast theme", "[core][theme]") {
    const Theme& t = HighContrastTheme();
    CHECK(ContrastRatio(t.on_accent, t.accent) >= 7.0);
}

// Known problem (see the report): NormalTheme's on_accent #141414 on accent
// #b39a6b is 6.80:1, under the 7:1 the themes promise for text.
TEST_CASE("text on a selected button is at least 7:1 in the normal theme", "[core][theme]") {
    const Theme& t = NormalTheme();
    INFO("on_accent on accent: " << ContrastRatio(t.on_accent, t.accent) << ":1");
    CHECK(ContrastRatio(t.on_accent, t.accent) >= 7.0);
}

TEST_CASE("every theme colour is opaque", "[core][theme]") {
    for (const Theme* t : {&NormalTheme(), &HighContrastTheme()}) {
        for (const Colour& c : {t->background, t->surface, t->text, t->muted_text, t->accent,
                                t->on_accent, t->outline, t->placeholder})
            CHECK(c.a == 255);
    }
}
