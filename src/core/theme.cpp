#include "core/theme.h"

#include <algorithm>
#include <cmath>

namespace kiosk {

const Theme& NormalTheme() {
    static const Theme t{
        {0x1b, 0x1c, 0x1e, 255}, // background
        {0x26, 0x28, 0x2b, 255}, // surface
        {0xec, 0xe8, 0xe1, 255}, // text
        {0xbd, 0xb7, 0xac, 255}, // muted text
        {0xb3, 0x9a, 0x6b, 255}, // accent: muted ochre
        {0x00, 0x00, 0x00, 255}, // on accent: black keeps 7:1 on the muted ochre
        {0x6e, 0x6a, 0x63, 255}, // outline
        {0x33, 0x35, 0x38, 255}, // placeholder
    };
    return t;
}

const Theme& HighContrastTheme() {
    static const Theme t{
        {0x00, 0x00, 0x00, 255}, {0x00, 0x00, 0x00, 255}, {0xff, 0xff, 0xff, 255},
        {0xff, 0xff, 0xff, 255}, {0xff, 0xd8, 0x4a, 255}, {0x00, 0x00, 0x00, 255},
        {0xff, 0xff, 0xff, 255}, {0x22, 0x22, 0x22, 255},
    };
    return t;
}

namespace {
double Channel(uint8_t c) {
    const double s = c / 255.0;
    return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
}
double Luminance(Colour c) {
    return 0.2126 * Channel(c.r) + 0.7152 * Channel(c.g) + 0.0722 * Channel(c.b);
}
} // namespace

double ContrastRatio(Colour a, Colour b) {
    const double la = Luminance(a), lb = Luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace kiosk
