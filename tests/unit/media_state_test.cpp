// core/state and core/sound for video and narration (issue 15): what a tap
// on a video or on Listen does, when playback stops (leaving the panel,
// changing language, walking away), the idle timer while something plays,
// and the sound etiquette. Pure: a fake clock, no player.

#include "core/sound.h"
#include "core/state.h"
#include "core/visit_tracker.h"
#include "support/core_exhibit.h"

#include <catch2/catch.hpp>

using namespace kiosk;
using kiosk::test::CoreExhibit;
using kiosk::test::CorePress;
using kiosk::test::CoreRelease;

namespace {

const FrameLayout kNothingDrawn{};

// CoreExhibit with a 60 s video after panel 0's two images (picture 2),
// narration in en and az on panel 0, and English narration on panel 1.
Exhibit MediaExhibit() {
    Exhibit ex = CoreExhibit();
    PanelVideo v;
    v.media_id = 100;
    v.width = 1280;
    v.height = 720;
    v.duration_ms = 60'000;
    ex.panels[0].videos.push_back(v);
    ex.panels[0].narration["en"] = {200, 30'000};
    ex.panels[0].narration["az"] = {201, 32'000};
    ex.panels[1].narration["en"] = {202, 20'000};
    return ex;
}

State OnPanel0(const Exhibit& ex, const Settings& settings) {
    State s = InitialState(ex, settings, 0);
    Step(s, ex, settings, {CorePress(5, 5), CoreRelease(5, 5)}, kNothingDrawn, 1000);
    ApplyAction(s, ex, settings, {ActionType::OpenPanel, 0});
    return s;
}

} // namespace

TEST_CASE("a panel's pictures are its images, then its videos") {
    const Exhibit ex = MediaExhibit();
    CHECK(PictureCount(ex.panels[0]) == 3);
    CHECK(VideoAt(ex.panels[0], 1) == nullptr);
    REQUIRE(VideoAt(ex.panels[0], 2) != nullptr);
    CHECK(VideoAt(ex.panels[0], 2)->media_id == 100);
    CHECK(VideoAt(ex.panels[0], 3) == nullptr);
    CHECK(NarrationFor(ex.panels[0], "ru") == nullptr); // never another language's voice
    CHECK(NarrationFor(ex.panels[0], "az")->media_id == 201);
    const Settings settings;
    State s = OnPanel0(ex, settings);
    ApplyAction(s, ex, settings, {ActionType::NextImage});
    ApplyAction(s, ex, settings, {ActionType::NextImage});
    CHECK(s.image == 2); // swiping reaches the video
    ApplyAction(s, ex, settings, {ActionType::NextImage});
    CHECK(s.panel == 1); // and then the next panel
}

TEST_CASE("a tap on a video plays it, the next pauses it, the next plays on") {
    const Exhibit ex = MediaExhibit();
    const Settings settings;
    State s = OnPanel0(ex, settings);
    CHECK(std::string(MediaStateName(s)) == "stopped");
    ApplyAction(s, ex, settings, {ActionType::ToggleVideo, 2});
    CHECK(s.media.kind == MediaKind::Video);
    CHECK(s.media.media_id == 100);
    CHECK(s.media.duration_ms == 60'000);
    CHECK(s.image == 2); // the picture shown is the video played
    CHECK(std::string(MediaStateName(s)) == "playing");
    ApplyAction(s, ex, settings, {ActionType::ToggleVideo, 2});
    CHECK(std::string(MediaStateName(s)) == "paused");
    ApplyAction(s, ex, settings, {ActionType::ToggleVideo, 2});
    CHECK(std::string(MediaStateName(s)) == "playing");
    // A tap on the bar: the place asked for, in thousandths.
    ApplyAction(s, ex, settings, {ActionType::SeekMedia, 250});
    CHECK(s.media.seek_ms == 15'000);
    // An image is not a video.
    State t = OnPanel0(ex, settings);
    ApplyAction(t, ex, settings, {ActionType::ToggleVideo, 1});
    CHECK(t.media.kind == MediaKind::None);
}

TEST_CASE("playback stops when the visitor moves on, and narration when the language changes") {
    const Exhibit ex = MediaExhibit();
    const Settings settings;
    SECTION("another picture") {
        State s = OnPanel0(ex, settings);
        ApplyAction(s, ex, settings, {ActionType::ToggleVideo, 2});
        ApplyAction(s, ex, settings, {ActionType::PrevImage});
        CHECK(s.media.kind == MediaKind::None);
    }
    SECTION("another panel, back, home") {
        for (ActionType leave : {ActionType::NextPanel, ActionType::Back, ActionType::Home}) {
            State s = OnPanel0(ex, settings);
            ApplyAction(s, ex, settings, {ActionType::ToggleNarration});
            REQUIRE(s.media.kind == MediaKind::Narration);
            ApplyAction(s, ex, settings, {leave});
            CHECK(s.media.kind == MediaKind::None);
        }
    }
    SECTION("enlarging keeps the video playing") {
        State s = OnPanel0(ex, settings);
        ApplyAction(s, ex, settings, {ActionType::ToggleVideo, 2});
        ApplyAction(s, ex, settings, {ActionType::EnlargeImage});
        CHECK(s.image_enlarged);
        CHECK(s.media.kind == MediaKind::Video);
        ApplyAction(s, ex, settings, {ActionType::CloseImage});
        CHECK(s.media.kind == MediaKind::Video);
    }
    SECTION("a language change stops the narration, not a video") {
        State s = OnPanel0(ex, settings);
        ApplyAction(s, ex, settings, {ActionType::ToggleNarration});
        CHECK(s.media.media_id == 200);
        ApplyAction(s, ex, settings, {ActionType::SetLanguage, 1});
        CHECK(s.media.kind == MediaKind::None);
        ApplyAction(s, ex, settings, {ActionType::ToggleNarration});
        CHECK(s.media.media_id == 201); // Azerbaijani now
        ApplyAction(s, ex, settings, {ActionType::ToggleVideo, 2});
        CHECK(s.media.kind == MediaKind::Video); // one player: the video replaced it
        ApplyAction(s, ex, settings, {ActionType::SetLanguage, 2});
        CHECK(s.media.kind == MediaKind::Video);
    }
    SECTION("no narration in a language the panel lacks") {
        State s = OnPanel0(ex, settings);
        ApplyAction(s, ex, settings, {ActionType::SetLanguage, 2});
        ApplyAction(s, ex, settings, {ActionType::ToggleNarration});
        CHECK(s.media.kind == MediaKind::None);
    }
}

TEST_CASE("the idle timer waits while a visitor listens or watches, and starts when it ends") {
    const Exhibit ex = MediaExhibit();
    Settings settings;
    settings.idle_timeout_ms = 90'000;
    State s = OnPanel0(ex, settings);
    ApplyAction(s, ex, settings, {ActionType::ToggleVideo, 2});
    // Five minutes of a long video without a touch: still the panel.
    for (int64_t t = 2000; t <= 300'000; t += 1000)
        Step(s, ex, settings, {}, kNothingDrawn, t);
    CHECK(s.screen == Screen::Panel);
    // It ended at 300 s: the idle timer runs from then.
    MediaFinished(s, 300'000);
    CHECK(s.media.kind == MediaKind::None);
    Step(s, ex, settings, {}, kNothingDrawn, 300'000 + 89'999);
    CHECK(s.screen == Screen::Panel);
    Step(s, ex, settings, {}, kNothingDrawn, 300'000 + 90'000);
    CHECK(s.screen == Screen::StillThere);
    // Walking away from a paused video ends the visit, and nothing plays in attract mode.
    State p = OnPanel0(ex, settings);
    ApplyAction(p, ex, settings, {ActionType::ToggleNarration});
    Step(p, ex, settings, {}, kNothingDrawn, 5000);
    ApplyAction(p, ex, settings, {ActionType::ToggleNarration}); // paused at 5 s
    Step(p, ex, settings, {}, kNothingDrawn, 5000 + 90'000);
    CHECK(p.screen == Screen::StillThere);
    Step(p, ex, settings, {}, kNothingDrawn, 5000 + 90'000 + settings.still_there_ms);
    CHECK(p.screen == Screen::Attract);
    CHECK(p.media.kind == MediaKind::None);
}

TEST_CASE(
    "sound: one volume, a quieter one in quiet hours, silence without a visitor or when closed") {
    SoundSettings sound;
    sound.volume = 80;
    sound.quiet_volume = 25;
    sound.quiet_hours = ParseDayHours("12:00-13:00, 22:00-06:00");
    CHECK(VolumeAt(sound, true, false, 10 * 60) == 80);
    CHECK(VolumeAt(sound, true, false, 12 * 60) == 25);
    CHECK(VolumeAt(sound, true, false, 13 * 60) == 80); // the end is not included
    CHECK(VolumeAt(sound, true, false, 23 * 60) == 25); // past midnight
    CHECK(VolumeAt(sound, true, false, 5 * 60 + 59) == 25);
    CHECK(VolumeAt(sound, false, false, 10 * 60) == 0); // attract mode
    CHECK(VolumeAt(sound, true, true, 10 * 60) == 0);   // outside opening hours
    sound.volume = 150;
    CHECK(VolumeAt(sound, true, false, 10 * 60) == 100);
}

TEST_CASE("a video seen counts among the panel's pictures viewed in the visit statistics") {
    const Exhibit ex = MediaExhibit();
    const Settings settings;
    VisitTracker tracker;
    State s = InitialState(ex, settings, 0);
    auto step = [&](auto change) {
        const State before = s;
        change();
        return tracker.Observe(before, s, ex);
    };
    step([&] { Step(s, ex, settings, {CorePress(5, 5), CoreRelease(5, 5)}, kNothingDrawn, 1000); });
    step([&] { ApplyAction(s, ex, settings, {ActionType::OpenPanel, 0}); });
    step([&] { ApplyAction(s, ex, settings, {ActionType::NextImage}); });
    step([&] { ApplyAction(s, ex, settings, {ActionType::ToggleVideo, 2}); }); // the video
    const auto visit = tracker.Flush();
    REQUIRE(visit);
    REQUIRE(visit->panels.size() == 1);
    CHECK(visit->panels[0].images_viewed == 3); // both images, then the video
}
