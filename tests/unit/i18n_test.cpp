// core/i18n: languages the kiosk knows, its own words, and dates.

#include "core/i18n.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

using kiosk::FormatDate;
using kiosk::IsValidPartialDate;
using kiosk::Tr;
using kiosk::TrFormat;
using kiosk::UiText;

// [SECTION] Languages ---------------------------------------------------------

TEST_CASE("English, Azerbaijani and Russian are known languages") {
    CHECK(kiosk::IsKnownLanguage("en"));
    CHECK(kiosk::IsKnownLanguage("az"));
    CHECK(kiosk::IsKnownLanguage("ru"));
    CHECK(kiosk::IsKnownLanguage("tr"));
}

TEST_CASE("unknown, upper-case, three-letter and empty language codes are not known") {
    CHECK_FALSE(kiosk::IsKnownLanguage("xx"));
    CHECK_FALSE(kiosk::IsKnownLanguage("EN"));
    CHECK_FALSE(kiosk::IsKnownLanguage("eng"));
    CHECK_FALSE(kiosk::IsKnownLanguage(""));
    CHECK_FALSE(kiosk::IsKnownLanguage("en-GB"));
}

TEST_CASE("the list of known languages holds exactly the codes IsKnownLanguage accepts") {
    const auto codes = kiosk::KnownLanguages();
    CHECK(codes.size() == 18);
    for (const char* code : {"en", "az", "ru"})
        CHECK(std::find(codes.begin(), codes.end(), code) != codes.end());
    for (const auto& code : codes) {
        INFO(code);
        CHECK(kiosk::IsKnownLanguage(code));
        CHECK(kiosk::NativeLanguageName(code) != code);
    }
}

TEST_CASE("a language is named in itself, not in English") {
    CHECK(kiosk::NativeLanguageName("az") == "Azərbaycanca");
    CHECK(kiosk::NativeLanguageName("ru") == "Русский");
    CHECK(kiosk::NativeLanguageName("en") == "English");
    CHECK(kiosk::NativeLanguageName("tr") == "Türkçe");
    CHECK(kiosk::NativeLanguageName("uk") == "Українська");
}

TEST_CASE("an unknown language is named by its code") {
    CHECK(kiosk::NativeLanguageName("xx") == "xx");
}

TEST_CASE("the kiosk's buttons are translated into English, Azerbaijani and Russian only") {
    CHECK(kiosk::HasUiTranslation("en"));
    CHECK(kiosk::HasUiTranslation("az"));
    CHECK(kiosk::HasUiTranslation("ru"));
    CHECK_FALSE(kiosk::HasUiTranslation("tr"));
    CHECK_FALSE(kiosk::HasUiTranslation("xx"));
}

// [SECTION] The kiosk's words ----------------------------------------------------

TEST_CASE("the kiosk's words are given in the visitor's language") {
    CHECK(Tr(UiText::Home, "en") == "Home");
    CHECK(Tr(UiText::Home, "az") == "Əsas səhifə");
    CHECK(Tr(UiText::Home, "ru") == "Главная");
    CHECK(Tr(UiText::Map, "az") == "Xəritə");
    CHECK(Tr(UiText::Photo, "ru") == "Фотография");
    CHECK(Tr(UiText::Undated, "az") == "Tarixsiz");
}

TEST_CASE("a word in a language without a translation falls back to English") {
    CHECK(Tr(UiText::Back, "tr") == "Back");
    CHECK(Tr(UiText::TouchToExplore, "de") == "Touch the screen to explore");
    CHECK(Tr(UiText::Close, "xx") == "Close");
    CHECK(Tr(UiText::Close, "") == "Close");
}

TEST_CASE("every word of the kiosk is translated and none is left empty") {
    for (int i = 0; i < static_cast<int>(UiText::Count_); ++i) {
        const auto what = static_cast<UiText>(i);
        INFO("UiText #" << i);
        CHECK_FALSE(Tr(what, "en").empty());
        CHECK_FALSE(Tr(what, "az").empty());
        CHECK_FALSE(Tr(what, "ru").empty());
        CHECK(Tr(what, "ru") != Tr(what, "en"));
    }
}

TEST_CASE("formatted words have their numbers filled in") {
    CHECK(TrFormat(UiText::PanelOf, "en", 3, 12) == "Panel 3 of 12");
    CHECK(TrFormat(UiText::PanelOf, "az", 3, 12) == "Bölmə 3 / 12");
    CHECK(TrFormat(UiText::PanelOf, "ru", 3, 12) == "Раздел 3 из 12");
    CHECK(TrFormat(UiText::ImageOf, "ru", 1, 2) == "Изображение 1 из 2");
    CHECK(TrFormat(UiText::ImageOf, "de", 1, 2) == "Image 1 of 2");
}

TEST_CASE("a formatted word with only {0} ignores the second number") {
    CHECK(TrFormat(UiText::StillThereHint, "en", 30, 99) ==
          "Touch anywhere to continue. The exhibit will start again in 30 seconds.");
    CHECK(TrFormat(UiText::StillThereHint, "az", 15, 0) ==
          "Davam etmək üçün ekrana toxunun. Sərgi 15 saniyədən sonra yenidən başlayacaq.");
}

TEST_CASE("a word without placeholders is unchanged by formatting") {
    CHECK(TrFormat(UiText::Home, "en", 1, 2) == "Home");
}

// [SECTION] Dates -----------------------------------------------------------------

TEST_CASE("a year, a year and month, or a full date are valid partial dates") {
    CHECK(IsValidPartialDate("1992"));
    CHECK(IsValidPartialDate("1992-02"));
    CHECK(IsValidPartialDate("1992-02-26"));
    CHECK(IsValidPartialDate("1992-12-31"));
    CHECK(IsValidPartialDate("0001-01-01"));
}

TEST_CASE("the 29th of February is valid only in leap years") {
    CHECK(IsValidPartialDate("1992-02-29"));
    CHECK_FALSE(IsValidPartialDate("1993-02-29"));
    CHECK(IsValidPartialDate("2000-02-29"));       // divisible by 400
    CHECK_FALSE(IsValidPartialDate("1900-02-29")); // divisible by 100 only
    CHECK(IsValidPartialDate("2024-02-29"));
}

TEST_CASE("days that do not exist in their month are invalid dates") {
    CHECK_FALSE(IsValidPartialDate("1992-02-30"));
    CHECK_FALSE(IsValidPartialDate("1992-04-31"));
    CHECK_FALSE(IsValidPartialDate("1992-01-32"));
    CHECK_FALSE(IsValidPartialDate("1992-01-00"));
    CHECK(IsValidPartialDate("1992-01-31"));
    CHECK(IsValidPartialDate("1992-04-30"));
}

TEST_CASE("months outside 1 to 12 are invalid dates") {
    CHECK_FALSE(IsValidPartialDate("1992-00"));
    CHECK_FALSE(IsValidPartialDate("1992-13"));
    CHECK_FALSE(IsValidPartialDate("1992-13-01"));
}

TEST_CASE("dates in other shapes are invalid") {
    for (const char* d :
         {"", "92", "199", "19920", "1992-", "1992-2", "1992-2-26", "1992-02-", "1992-02-2",
          "1992/02/26", "1992-02-26T00:00", "abcd", "1992-0a", "1992-02-2x", " 1992", "1992 "}) {
        INFO("'" << d << "'");
        CHECK_FALSE(IsValidPartialDate(d));
    }
}

TEST_CASE("a full date is written with the month's name in English, Azerbaijani and Russian") {
    CHECK(FormatDate("1992-02-26", "en") == "26 February 1992");
    CHECK(FormatDate("1992-02-26", "az") == "26 fevral 1992");
    CHECK(FormatDate("1992-02-26", "ru") == "26 февраля 1992"); // genitive after a day
    CHECK(FormatDate("1994-12-09", "ru") == "9 декабря 1994");
}

TEST_CASE("a full date has no leading zero on its day") {
    CHECK(FormatDate("1992-03-05", "en") == "5 March 1992");
    CHECK(FormatDate("1992-08-01", "az") == "1 avqust 1992");
}

TEST_CASE("a year and month is written with the month's name") {
    CHECK(FormatDate("1992-02", "en") == "February 1992");
    CHECK(FormatDate("1992-02", "az") == "fevral 1992");
    CHECK(FormatDate("1992-02", "ru") == "февраль 1992"); // nominative without a day
    CHECK(FormatDate("1992-05", "ru") == "май 1992");
}

TEST_CASE("a year alone and an empty date are written as they are") {
    CHECK(FormatDate("1992", "en") == "1992");
    CHECK(FormatDate("1992", "ru") == "1992");
    CHECK(FormatDate("", "az") == "");
}

TEST_CASE("an invalid date is shown unchanged rather than guessed") {
    CHECK(FormatDate("1992-02-30", "en") == "1992-02-30");
    CHECK(FormatDate("someday", "az") == "someday");
}

TEST_CASE("a full date in a language without month names stays in ISO form") {
    CHECK(FormatDate("1992-02-26", "de") == "1992-02-26");
}
