// core/subtitles: WebVTT and SRT read into cues the kiosk draws itself, with
// every problem on its line; the cue at a time; the clock text of the controls.

#include "core/subtitles.h"

#include <catch2/catch.hpp>

using kiosk::CueAt;
using kiosk::FormatMediaTime;
using kiosk::ParseSubtitles;

TEST_CASE("WebVTT cues are read with their times, lines and plain text") {
    const auto s = ParseSubtitles("WEBVTT\nKind: captions\n\nNOTE a remark\nspanning lines\n\n"
                                  "intro\n00:01.500 --> 00:00:04.250 align:start\n"
                                  "<v Ayla>I was <i>seven</i></v>\n&amp; afraid\n\n"
                                  "01:00:00.000 --> 01:00:02.000\nLate\n");
    REQUIRE(s.problems.empty());
    REQUIRE(s.cues.size() == 2);
    CHECK(s.cues[0].start_ms == 1500);
    CHECK(s.cues[0].end_ms == 4250);
    CHECK(s.cues[0].text == "I was seven\n& afraid");
    CHECK(s.cues[0].line == 8);
    CHECK(s.cues[1].start_ms == 3600000);
}

TEST_CASE("SRT cues are read, with Windows line ends and a byte order mark") {
    const auto s = ParseSubtitles("\xEF\xBB\xBF"
                                  "1\r\n00:00:01,000 --> 00:00:02,500\r\nFirst\r\n\r\n"
                                  "2\r\n00:00:03,000 --> 00:00:04,000\r\nSecond\r\nline\r\n");
    REQUIRE(s.problems.empty());
    REQUIRE(s.cues.size() == 2);
    CHECK(s.cues[0].end_ms == 2500);
    CHECK(s.cues[1].text == "Second\nline");
    CHECK(s.cues[1].line == 6);
}

TEST_CASE("a wrong time line, a cue ending before it starts, and no cues are named") {
    const auto bad = ParseSubtitles("WEBVTT\n\n00:00:01 --> 00:00:02.000\nNo millis\n\n"
                                    "00:00:05.000 --> 00:00:04.000\nBackwards\n");
    REQUIRE(bad.problems.size() == 2);
    CHECK(bad.problems[0].line == 3);
    CHECK(bad.problems[0].what.find("00:01:02.500") != std::string::npos);
    CHECK(bad.problems[1].line == 6);
    CHECK(bad.problems[1].what == "the cue ends before it starts");
    CHECK(ParseSubtitles("WEBVTT\n\n").problems.at(0).what == "the file holds no subtitles");
}

TEST_CASE("text that is not UTF-8 is one problem on its line") {
    const auto s = ParseSubtitles("1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n"
                                  "00:00:03,000 --> 00:00:04,000\nna\xEFve\n");
    REQUIRE(s.problems.size() == 1);
    CHECK(s.problems[0].line == 7);
    CHECK(s.cues.empty());
}

TEST_CASE("reading stops after the cue limit") {
    std::string vtt = "WEBVTT\n\n";
    for (size_t i = 0; i <= kiosk::kMaxSubtitleCues; ++i)
        vtt += "00:00:00.000 --> 00:00:00.010\nx\n\n";
    const auto s = ParseSubtitles(vtt);
    CHECK(s.cues.size() == kiosk::kMaxSubtitleCues);
    REQUIRE(s.problems.size() == 1);
    CHECK(s.problems[0].what.find("more than 10000 cues") != std::string::npos);
}

TEST_CASE("the cue at a time is the one showing then, the later one when they overlap") {
    const auto s = ParseSubtitles("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nA\n\n"
                                  "00:00:02.000 --> 00:00:04.000\nB\n");
    CHECK(CueAt(s.cues, 500) == nullptr);
    CHECK(CueAt(s.cues, 1000)->text == "A");
    CHECK(CueAt(s.cues, 2500)->text == "B");
    CHECK(CueAt(s.cues, 3999)->text == "B");
    CHECK(CueAt(s.cues, 4000) == nullptr);
}

TEST_CASE("media times read as minutes:seconds, with hours when long") {
    CHECK(FormatMediaTime(0) == "0:00");
    CHECK(FormatMediaTime(65999) == "1:05");
    CHECK(FormatMediaTime(3725000) == "1:02:05");
    CHECK(FormatMediaTime(-5) == "0:00");
}
