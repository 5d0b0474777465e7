// core/text: UTF-8 validation and the exhibit's Markdown-ish panel text format.

#include "core/text.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using kiosk::BlockKind;
using kiosk::FindInvalidUtf8;
using kiosk::ParseBody;
using kiosk::ParsePanelText;
using kiosk::TextBlock;
using kiosk::Utf8Length;

namespace {

std::string Describe(const std::vector<TextBlock>& blocks) {
    std::string s;
    for (const auto& b : blocks) {
        s += b.kind == BlockKind::Heading ? "H:" : b.kind == BlockKind::ListItem ? "L:" : "P:";
        s += b.text + "|";
    }
    return s;
}

} // namespace

// [SECTION] FindInvalidUtf8 --------------------------------------------------

TEST_CASE("empty text and plain ASCII are valid UTF-8") {
    CHECK_FALSE(FindInvalidUtf8("").has_value());
    CHECK_FALSE(FindInvalidUtf8("Khojaly, 26 February 1992.\n").has_value());
}

TEST_CASE("Azerbaijani letters are valid UTF-8") {
    CHECK_FALSE(FindInvalidUtf8("ə ğ ı İ ö ü ç ş Ə Ğ Ö Ü Ç Ş").has_value());
    CHECK_FALSE(FindInvalidUtf8("Xocalı soyqırımı qurbanlarının xatirəsinə").has_value());
}

TEST_CASE("Cyrillic text and four-byte characters are valid UTF-8") {
    CHECK_FALSE(FindInvalidUtf8("Память о погибших в Ходжалы").has_value());
    CHECK_FALSE(FindInvalidUtf8("\xF0\x9F\x95\xAF").has_value()); // U+1F56F candle
    CHECK_FALSE(FindInvalidUtf8("\xF4\x8F\xBF\xBF").has_value()); // U+10FFFF, the last one
    CHECK_FALSE(FindInvalidUtf8("\xED\x9F\xBF").has_value());     // U+D7FF, just below surrogates
    CHECK_FALSE(FindInvalidUtf8("\xEE\x80\x80").has_value());     // U+E000, just above them
}

TEST_CASE("an overlong encoding is invalid at its first byte") {
    CHECK(FindInvalidUtf8("\xC0\xAF") == size_t{0});         // '/' in two bytes
    CHECK(FindInvalidUtf8("ab\xC1\x81") == size_t{2});       // 'A' in two bytes
    CHECK(FindInvalidUtf8("x\xE0\x80\xAF") == size_t{1});    // '/' in three bytes
    CHECK(FindInvalidUtf8("\xF0\x82\x82\xAC") == size_t{0}); // U+20AC in four bytes
    CHECK(FindInvalidUtf8("ə\xE0\x9F\xBF") == size_t{2});    // U+07FF in three bytes
}

TEST_CASE("a UTF-16 surrogate encoded in UTF-8 is invalid") {
    CHECK(FindInvalidUtf8("\xED\xA0\x80") == size_t{0});    // U+D800
    CHECK(FindInvalidUtf8("ok \xED\xBF\xBF") == size_t{3}); // U+DFFF
}

TEST_CASE("a truncated multi-byte sequence is invalid at its lead byte") {
    CHECK(FindInvalidUtf8("x\xC9") == size_t{1});          // first byte of 'ə' at the end
    CHECK(FindInvalidUtf8("\xE2\x82") == size_t{0});       // two of three bytes
    CHECK(FindInvalidUtf8("ab\xF0\x9F\x95") == size_t{2}); // three of four bytes
    CHECK(FindInvalidUtf8("\xC9 x") == size_t{0});         // continuation byte missing
    CHECK(FindInvalidUtf8("Ходж\xD0") == size_t{8});       // cut inside a Cyrillic word
}

TEST_CASE("a code point above U+10FFFF is invalid") {
    CHECK(FindInvalidUtf8("\xF4\x90\x80\x80") == size_t{0});     // U+110000
    CHECK(FindInvalidUtf8("a\xF5\x80\x80\x80") == size_t{1});    // lead byte F5
    CHECK(FindInvalidUtf8("\xF8\x88\x80\x80\x80") == size_t{0}); // old five-byte form
}

TEST_CASE("stray continuation bytes and bytes FE FF are invalid") {
    CHECK(FindInvalidUtf8("\x80") == size_t{0});
    CHECK(FindInvalidUtf8("ə\xBF") == size_t{2});
    CHECK(FindInvalidUtf8("abc\xFF") == size_t{3});
    CHECK(FindInvalidUtf8("\xFE") == size_t{0});
}

TEST_CASE("the first invalid byte is reported, not a later one") {
    CHECK(FindInvalidUtf8("şə\xC3(\xFF") == size_t{4});
}

// [SECTION] Utf8Length and friends -------------------------------------------

TEST_CASE("the length of UTF-8 text counts code points, not bytes") {
    CHECK(Utf8Length("") == 0);
    CHECK(Utf8Length("abc") == 3);
    CHECK(Utf8Length("Azərbaycan") == 10);
    CHECK(Utf8Length("İ") == 1);
    CHECK(Utf8Length("Ходжалы") == 7);
    CHECK(Utf8Length("\xF0\x9F\x95\xAF!") == 2);
    CHECK(Utf8Length("ə ğ ı İ ö ü ç ş") == 15);
}

TEST_CASE("decoding UTF-8 yields code points and replaces invalid bytes with U+FFFD") {
    CHECK(kiosk::DecodeUtf8("aə\xD0\x96\xF0\x9F\x95\xAF") ==
          std::vector<char32_t>{U'a', U'\u0259', U'\u0416', U'\U0001F56F'});
    CHECK(kiosk::DecodeUtf8("a\xFF"
                            "b") == std::vector<char32_t>{U'a', 0xFFFD, U'b'});
    CHECK(kiosk::DecodeUtf8("a\xE2\x82") == std::vector<char32_t>{U'a', 0xFFFD, 0xFFFD});
}

TEST_CASE("encoding code points as UTF-8 gives back what decoding read, 1 to 4 bytes each") {
    const std::string text = "aə\xD0\x96\xE2\x80\x94\xF0\x9F\x95\xAF";
    std::string out;
    for (char32_t c : kiosk::DecodeUtf8(text))
        kiosk::AppendUtf8(out, c);
    CHECK(out == text);
    out.clear();
    kiosk::AppendUtf8(out, U'\u07FF');
    kiosk::AppendUtf8(out, U'\uFFFF');
    kiosk::AppendUtf8(out, U'\U0010FFFF');
    CHECK(out == "\xDF\xBF\xEF\xBF\xBF\xF4\x8F\xBF\xBF");
}

TEST_CASE("trimming removes spaces, tabs and line ends at both ends only") {
    CHECK(kiosk::Trim(" \t a b \r\n") == "a b");
    CHECK(kiosk::Trim("   ") == "");
    CHECK(kiosk::Trim("ş") == "ş");
}

// [SECTION] ParsePanelText ---------------------------------------------------

TEST_CASE("a panel text's first line is its title and lines of a paragraph are joined") {
    const auto p = ParsePanelText("# The night\n"
                                  "\n"
                                  "First line\n"
                                  "second line.\n"
                                  "\n"
                                  "Another paragraph.\n");
    CHECK(p.problems.empty());
    CHECK(p.title == "The night");
    CHECK(Describe(p.blocks) == "P:First line second line.|P:Another paragraph.|");
    CHECK(p.captions.empty());
}

TEST_CASE("a panel text turns ## lines into headings and - or * lines into list items") {
    const auto p = ParsePanelText("# Title\n"
                                  "## Names\n"
                                  "- Ali\n"
                                  "* Aysel\n"
                                  "Text after the list\n"
                                  "### Smaller heading\n");
    CHECK(p.problems.empty());
    CHECK(Describe(p.blocks) == "H:Names|L:Ali|L:Aysel|P:Text after the list|H:Smaller heading|");
}

TEST_CASE("a panel text may start with blank lines, a byte order mark and Windows line ends") {
    const auto p = ParsePanelText("\xEF\xBB\xBF\r\n\r\n# Xatirə\r\n\r\nMətn.\r\n");
    CHECK(p.problems.empty());
    CHECK(p.title == "Xatirə");
    CHECK(Describe(p.blocks) == "P:Mətn.|");
}

TEST_CASE("a caption line gives the caption, its image file and its line number") {
    const auto p = ParsePanelText("# Title\n"
                                  "\n"
                                  "Before.\n"
                                  "![ The map of the town ](images/map.png)\n"
                                  "After.\n"
                                  "![Şəkil](images/photo.jpg)\n");
    REQUIRE(p.problems.empty());
    REQUIRE(p.captions.size() == 2);
    CHECK(p.captions[0].text == "The map of the town");
    CHECK(p.captions[0].file == "images/map.png");
    CHECK(p.captions[0].line == 4);
    CHECK(p.captions[1].text == "Şəkil");
    CHECK(p.captions[1].file == "images/photo.jpg");
    CHECK(p.captions[1].line == 6);
    // Captions are not body text, and they end a paragraph.
    CHECK(Describe(p.blocks) == "P:Before.|P:After.|");
}

TEST_CASE("a panel text whose first line is not a title is rejected with its line number") {
    const auto p = ParsePanelText("\n\nJust a paragraph.\n# Late title\n");
    REQUIRE(p.problems.size() == 1);
    CHECK(p.problems[0] == "line 3: the first line must be the title, written as '# Title'");
    CHECK(p.title.empty());
}

TEST_CASE("a title without a space after # is not a title") {
    const auto p = ParsePanelText("#Title\n");
    REQUIRE(p.problems.size() == 1);
    CHECK(p.problems[0] == "line 1: the first line must be the title, written as '# Title'");
}

TEST_CASE("an empty panel text is rejected because it needs a title") {
    for (const char* source : {"", "\n\n  \n"}) {
        const auto p = ParsePanelText(source);
        REQUIRE(p.problems.size() == 1);
        CHECK(p.problems[0] == "line 1: the file is empty; it needs at least '# Title'");
    }
}

TEST_CASE("an empty title is rejected on its line") {
    const auto p = ParsePanelText("\n#   \nText\n");
    REQUIRE_FALSE(p.problems.empty());
    CHECK(p.problems[0].rfind("line 2: ", 0) == 0);
}

TEST_CASE("a second '# ' title in a panel text is rejected with its line number") {
    const auto p = ParsePanelText("# First\n\nText.\n\n# Second\nMore.\n");
    REQUIRE(p.problems.size() == 1);
    CHECK(p.problems[0] == "line 5: only the first line may be a title ('# ...'); use '## ' for "
                           "a subheading");
    CHECK(p.title == "First");
}

TEST_CASE("a malformed caption is rejected with its line number") {
    const char* expected = ": an image caption must look like ![caption](images/file.jpg)";
    SECTION("missing closing parenthesis") {
        const auto p = ParsePanelText("# T\n![Caption](images/a.jpg\n");
        REQUIRE(p.problems.size() == 1);
        CHECK(p.problems[0] == std::string("line 2") + expected);
    }
    SECTION("no file") {
        const auto p = ParsePanelText("# T\n\n\n![Caption]()\n");
        REQUIRE(p.problems.size() == 1);
        CHECK(p.problems[0] == std::string("line 4") + expected);
    }
    SECTION("no link at all") {
        const auto p = ParsePanelText("# T\ntext\n![Caption]\n");
        REQUIRE(p.problems.size() == 1);
        CHECK(p.problems[0] == std::string("line 3") + expected);
        CHECK(p.captions.empty());
    }
}

TEST_CASE("every problem of a panel text is reported, in line order") {
    const auto p = ParsePanelText("# T\n![x](\n# Again\n");
    REQUIRE(p.problems.size() == 2);
    CHECK(p.problems[0].rfind("line 2: an image caption", 0) == 0);
    CHECK(p.problems[1].rfind("line 3: only the first line may be a title", 0) == 0);
}

TEST_CASE("a panel text with invalid UTF-8 is rejected with the line and byte of the bad byte") {
    // "# T\n" (4) + "\n" (1) + "ok\n" (3) + "bad " (4): the bad byte is the 13th.
    const auto p = ParsePanelText("# T\n\nok\nbad \xC3( here\nmore\n");
    REQUIRE(p.problems.size() == 1);
    CHECK(p.problems[0] == "line 4: the text is not valid UTF-8 (byte 13); save the file as "
                           "UTF-8 in your editor");
    CHECK(p.title.empty());
    CHECK(p.blocks.empty());
}

TEST_CASE("invalid UTF-8 in a panel title is reported on line 1") {
    const auto p = ParsePanelText("# Xocal\xFD\n\nText\n"); // Windows-1254 'ı'
    REQUIRE(p.problems.size() == 1);
    CHECK(p.problems[0].rfind("line 1: the text is not valid UTF-8 (byte 8)", 0) == 0);
}

// [SECTION] ParseBody ---------------------------------------------------------

TEST_CASE("a stored body parses into paragraphs, headings and list items") {
    const auto blocks = ParseBody("First line\n"
                                  "  continues here  \n"
                                  "\n"
                                  "## Heading\n"
                                  "- one\n"
                                  "* two\n"
                                  "\n"
                                  "Last paragraph.");
    CHECK(Describe(blocks) ==
          "P:First line continues here|H:Heading|L:one|L:two|P:Last paragraph.|");
}

TEST_CASE("a list item ends a paragraph and the next line starts a new one") {
    CHECK(Describe(ParseBody("text\n- item\nmore")) == "P:text|L:item|P:more|");
}

TEST_CASE("an empty stored body has no blocks") {
    CHECK(ParseBody("").empty());
    CHECK(ParseBody("\n\n   \n").empty());
}

// [SECTION] ShortenToFit ------------------------------------------------------
// Widths here are 10 per code point, so a width is a number of letters.

namespace {

float TenPerLetter(std::string_view s) {
    return 10.0f * static_cast<float>(Utf8Length(s));
}

std::string Shorten(std::string_view text, float letters) {
    return kiosk::ShortenToFit(text, letters * 10.0f, TenPerLetter);
}

} // namespace

TEST_CASE("text that fits is not shortened") {
    CHECK(Shorten("Xocalı", 6) == "Xocalı");
    CHECK(Shorten("", 0) == "");
}

TEST_CASE("shortened Azerbaijani text with two-byte letters stays valid UTF-8 and ends whole") {
    // ğ, ş, ə, ı, ö are two bytes each; cutting a byte at a time used to keep
    // a lead byte without its continuation ("???" on the screen).
    const std::string text = "Qarabağ şəhərlərinin xatirəsi ölməzdir";
    for (int letters = 1; letters < 38; ++letters) {
        const std::string s = Shorten(text, static_cast<float>(letters));
        INFO(letters << " letters: " << s);
        CHECK_FALSE(FindInvalidUtf8(s).has_value());
        CHECK(TenPerLetter(s) <= static_cast<float>(letters) * 10.0f);
        CHECK(s.size() >= 3);
        CHECK(s.substr(s.size() - 3) == "\u2026");
    }
}

TEST_CASE("shortened Russian text is cut after a whole word where one fits") {
    CHECK(Shorten("Ходжалинская трагедия февраля", 22) == "Ходжалинская трагедия\u2026");
    CHECK(Shorten("Ходжалинская трагедия февраля", 16) == "Ходжалинская\u2026");
}

TEST_CASE("a single long word is cut between letters when no whole word fits well") {
    // Half the width at least is kept: a lone first word is not enough here.
    CHECK(Shorten("Я Достопримечательности", 12) == "Я Достоприм\u2026");
    CHECK(Shorten("Достопримечательности", 6) == "Досто\u2026");
}

TEST_CASE("shortened text with three-byte letters is cut on code points") {
    // Georgian letters are three bytes each.
    const std::string text = "საქართველოს ისტორია";
    const std::string s = Shorten(text, 8);
    CHECK_FALSE(FindInvalidUtf8(s).has_value());
    CHECK(s == "საქართვ\u2026");
}

TEST_CASE("shortened text with four-byte letters is cut on code points") {
    // Old Turkic runes (U+10C00 block) are four bytes each.
    const std::string text = "\U00010C1A\U00010C07\U00010C20\U00010C3C\U00010C06\U00010C23";
    for (int letters = 1; letters <= 5; ++letters) {
        const std::string s = Shorten(text, static_cast<float>(letters));
        INFO(letters);
        CHECK_FALSE(FindInvalidUtf8(s).has_value());
        CHECK(Utf8Length(s) == static_cast<size_t>(letters));
    }
}

TEST_CASE("a trailing comma is dropped before the ellipsis") {
    CHECK(Shorten("Birinci, ikinci, üçüncü", 17) == "Birinci, ikinci\u2026");
}

TEST_CASE("soft hyphens are removed from text to be drawn and other text is kept") {
    CHECK(kiosk::WithoutSoftHyphens("Erinnerungs\u00ADstätte") == "Erinnerungsstätte");
    CHECK(kiosk::WithoutSoftHyphens("xatirə") == "xatirə");
}
