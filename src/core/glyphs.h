// Which letters an exhibit puts on screen: its own texts plus the kiosk's own
// words (buttons, language names, dates). One rule for the font atlas the
// kiosk builds and for the checks that a package's fonts can draw them and
// that there are not too many of them.
#pragma once

#include "core/model.h"

#include <set>
#include <string>

namespace kiosk {

// The kiosk's own words in every language it knows, plus the punctuation and
// digits it sets itself, as one UTF-8 string.
std::string KioskOwnWords();

// Every text of the exhibit (titles, bodies, captions) as one UTF-8 string.
std::string ExhibitText(const Exhibit& exhibit);

// The distinct code points the screen may show for `exhibit`: printable
// ASCII and Latin-1 (the atlas's default range), the exhibit's texts and the
// kiosk's own words. Control characters are left out.
std::set<char32_t> GlyphsOnScreen(const Exhibit& exhibit);

// GlyphsOnScreen as one UTF-8 string, each letter once: what the font atlas
// needs, a few kilobytes however large the exhibit's texts are.
std::string GlyphsText(const Exhibit& exhibit);

} // namespace kiosk
