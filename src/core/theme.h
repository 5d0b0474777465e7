// Colours of the two themes, and the WCAG contrast ratio that proves them:
// text at least 7:1 (AAA) in the normal theme, more in high contrast.
#pragma once

#include <cstdint>

namespace kiosk {

struct Colour {
    uint8_t r = 0, g = 0, b = 0, a = 255;
};

struct Theme {
    Colour background;  // dark neutral ground
    Colour surface;     // tiles, bars
    Colour text;        // off-white
    Colour muted_text;  // secondary text, still >= 7:1 on background and surface
    Colour accent;      // one muted accent: selection outlines, progress
    Colour on_accent;   // text on an accent-filled control
    Colour outline;     // button borders
    Colour placeholder; // missing image
};

const Theme& NormalTheme();
const Theme& HighContrastTheme();

// WCAG 2.x contrast ratio between two opaque colours (1..21).
double ContrastRatio(Colour a, Colour b);

} // namespace kiosk
