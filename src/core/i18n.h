// Languages the kiosk knows: each one's own name (flags are not languages),
// the kiosk's own words in it, and how it writes a date.
#pragma once

#include <string>
#include <vector>

namespace kiosk {

// Words the kiosk itself puts on screen.
enum class UiText {
    TouchToExplore,
    Home,
    Back,
    Language,
    Timeline,
    Panels,
    LargerText,
    HighContrast,
    StillThere,
    StillThereHint,
    ContinueVisit,
    Illustration,
    Map,
    Photo,
    PanelOf, // "Panel {0} of {1}"
    Close,
    ExhibitUnavailable,
    ExhibitUnavailableHint,
    Undated,
    ImageOf, // "Image {0} of {1}"
    Play,
    Pause,
    Listen,
    SyntheticVoice,
    Enlarge,
    Video,
    Count_
};

// True when the kiosk knows `code` (a lower-case ISO 639-1 code it can show).
bool IsKnownLanguage(const std::string& code);

// The language's name in itself ("Azərbaycanca"); the code itself when unknown.
std::string NativeLanguageName(const std::string& code);

// The codes IsKnownLanguage accepts, for error messages.
std::vector<std::string> KnownLanguages();

// True when the kiosk's buttons are translated into `code` (else English is used).
bool HasUiTranslation(const std::string& code);

// The kiosk's word in `lang`, falling back to English.
std::string Tr(UiText what, const std::string& lang);

// Tr() with {0} and {1} replaced by the numbers.
std::string TrFormat(UiText what, const std::string& lang, int a, int b);

// Checks "YYYY", "YYYY-MM" or "YYYY-MM-DD" (a real calendar date).
bool IsValidPartialDate(const std::string& date);

// "26 February 1992", "26 fevral 1992", "26 февраля 1992"; "" for "".
std::string FormatDate(const std::string& iso, const std::string& lang);

} // namespace kiosk
