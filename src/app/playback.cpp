#include "app/playback.h"

#include "core/error.h"
#include "media/media_module.h"
#include "storage/media_blob.h"

#include <algorithm>
#include <limits>

namespace kiosk {

namespace {
// A playing video's picture comes with mpv's own wake-ups; this redraws the
// time and the progress bar in between (and narration's, which has no picture).
constexpr int64_t kProgressFrameMs = 250;
// What the player may take to start, and how long playing may stand still.
constexpr int64_t kLoadLimitMs = 20'000;
constexpr int64_t kStallLimitMs = 30'000;
} // namespace

Playback::Playback(Options options)
    : m_opt(std::move(options)), m_path(std::make_shared<std::string>()),
      m_path_mutex(std::make_shared<std::mutex>()) {}

Playback::~Playback() = default;

void Playback::SetPackage(const std::string& path) {
    if (m_player && m_following.kind != MediaKind::None) m_player->Stop();
    m_following = {};
    m_failed.clear();
    std::lock_guard lock(*m_path_mutex);
    *m_path = path;
}

void Playback::Preload() {
    if (m_preload.valid() || m_player || m_player_broken) return;
    m_preload = std::async(std::launch::async, [] {
        try {
            LoadMediaModule();
        } catch (const MediaError&) {
            // Said by EnsurePlayer when a visitor plays something.
        }
    });
}

void Playback::EnsurePlayer() {
    if (m_player || m_player_broken) return;
    Player::Options po;
    po.output = m_opt.output;
    po.sound = m_opt.sound && !m_opt.fake_clock; // scripted runs never make a sound
    po.volume = 0;                               // Follow sets it before anything plays
    // mpv's demuxer thread opens the package itself, on a connection of its own.
    auto path = m_path;
    auto mutex = m_path_mutex;
    Player::OpenMedia open = [path, mutex](int64_t id) -> std::unique_ptr<ByteSource> {
        std::string p;
        {
            std::lock_guard lock(*mutex);
            p = *path;
        }
        if (p.empty()) return nullptr;
        return std::make_unique<MediaBlob>(p, id);
    };
    try {
        m_player = MakePlayer(std::move(open), po, m_opt.log);
    } catch (const MediaError& e) {
        m_player_broken = true;
        if (m_opt.log) m_opt.log(std::string(e.what()) + "; videos show their posters only");
    }
}

void Playback::SayDrops(const char* how) {
    if (!m_player || m_following.kind != MediaKind::Video || !m_opt.log || m_opt.fake_clock) return;
    m_opt.log("player: video " + std::to_string(m_following.media_id) + " " + how +
              "; frames dropped: " + std::to_string(m_player->status().dropped_by_output) +
              " by the output, " + std::to_string(m_player->status().dropped_by_decoder) +
              " by the decoder");
}

void Playback::GiveUp(State& state, int64_t now_ms, const std::string& why) {
    m_failed.insert(m_following.media_id);
    if (m_opt.log)
        m_opt.log("player: media " + std::to_string(m_following.media_id) + " " + why +
                  "; its poster stays");
    m_player->Stop();
    m_following = {};
    MediaFinished(state, now_ms);
}

void Playback::ReleasePlayer() {
    m_player.reset();
    m_following = {};
    m_volume = -1;
}

int64_t Playback::LogicalPosition(int64_t now_ms) const {
    int64_t pos = m_anchor_pos;
    if (!m_following.paused) pos += std::max<int64_t>(0, now_ms - m_anchor_ms);
    if (m_following.duration_ms > 0) pos = std::min(pos, m_following.duration_ms);
    return pos;
}

void Playback::Poll(State& state, int64_t now_ms) {
    if (!m_player || m_following.kind == MediaKind::None) return;
    const PlaybackStatus& st = m_player->Poll();
    if (st.media_id == m_following.media_id && st.state == PlaybackState::Failed) {
        m_failed.insert(m_following.media_id); // the player logged it, once
        m_following = {};
        MediaFinished(state, now_ms);
        return;
    }
    if (m_opt.fake_clock) {
        // Ends at the script's time: the moment its duration ran out.
        if (!m_following.paused && m_following.duration_ms > 0 &&
            LogicalPosition(now_ms) >= m_following.duration_ms) {
            const int64_t ended = m_anchor_ms + (m_following.duration_ms - m_anchor_pos);
            m_player->Stop();
            m_following = {};
            MediaFinished(state, ended);
        }
        return;
    }
    if (st.media_id == m_following.media_id && st.state == PlaybackState::Ended) {
        SayDrops("played to its end");
        m_following = {};
        MediaFinished(state, now_ms);
        return;
    }
    if (st.state == PlaybackState::Loading && now_ms - m_play_started_ms > kLoadLimitMs) {
        GiveUp(state, now_ms, "did not start within " + std::to_string(kLoadLimitMs / 1000) + " s");
        return;
    }
    // Paused by the visitor: no stall. Wanted playing but not moving (a stream
    // that hangs, mpv waiting for data that never comes): a stall.
    if (m_following.paused ||
        (st.state != PlaybackState::Playing && st.state != PlaybackState::Paused)) {
        m_progress_ms = now_ms;
        return;
    }
    if (st.position_ms != m_progress_pos) {
        m_progress_pos = st.position_ms;
        m_progress_ms = now_ms;
    } else if (now_ms - m_progress_ms > kStallLimitMs) {
        GiveUp(state, now_ms,
               "stood still for " + std::to_string(kStallLimitMs / 1000) + " s while playing");
    }
}

void Playback::Follow(State& state, int64_t now_ms, int volume) {
    MediaPlay& want = state.media;
    if (want.kind == MediaKind::None) {
        if (m_following.kind != MediaKind::None && m_player) {
            SayDrops("stopped");
            m_player->Stop();
        }
        m_following = {};
        return;
    }
    EnsurePlayer();
    if (!m_player || m_failed.count(want.media_id)) {
        MediaFinished(state, now_ms); // its poster stays; said once already
        return;
    }
    if (volume != m_volume) {
        m_player->SetVolume(volume);
        m_volume = volume;
    }
    const bool same = want.kind == m_following.kind && want.media_id == m_following.media_id &&
                      want.picture == m_following.picture;
    if (!same) {
        // The scripted mode keeps mpv paused and moves it to the script's time.
        m_player->Play(want.media_id, 0, m_opt.fake_clock || want.paused);
        m_following = want;
        m_following.seek_ms = -1;
        m_anchor_ms = now_ms;
        m_anchor_pos = 0;
        m_play_started_ms = m_progress_ms = now_ms;
        m_progress_pos = -1;
    }
    if (want.seek_ms >= 0) {
        const int64_t to =
            std::clamp<int64_t>(want.seek_ms, 0, std::max<int64_t>(0, want.duration_ms));
        if (m_opt.fake_clock) {
            m_anchor_pos = to;
            m_anchor_ms = now_ms;
        } else {
            m_player->Seek(to);
        }
        want.seek_ms = -1;
    }
    if (want.paused != m_following.paused) {
        if (m_opt.fake_clock) {
            m_anchor_pos = LogicalPosition(now_ms);
            m_anchor_ms = now_ms;
        } else {
            m_player->SetPaused(want.paused);
        }
        m_following.paused = want.paused;
    }
}

PlaybackView Playback::View(const State& state, int64_t now_ms) const {
    PlaybackView v;
    if (state.media.kind == MediaKind::None || m_following.kind == MediaKind::None) return v;
    v.kind = state.media.kind;
    v.media_id = state.media.media_id;
    v.duration_ms = state.media.duration_ms;
    if (m_opt.fake_clock) {
        v.position_ms = LogicalPosition(now_ms);
        v.showing_picture = true;
    } else if (m_player) {
        const PlaybackStatus& st = m_player->status();
        if (st.media_id == v.media_id) {
            v.position_ms = st.position_ms;
            if (st.duration_ms > 0) v.duration_ms = st.duration_ms;
            v.showing_picture =
                st.state == PlaybackState::Playing || st.state == PlaybackState::Paused;
        }
    }
    v.position_ms = std::clamp<int64_t>(v.position_ms, 0, std::max<int64_t>(0, v.duration_ms));
    return v;
}

int64_t Playback::NextFrameMs(const State& state, int64_t now_ms) const {
    if (state.media.kind == MediaKind::None || state.media.paused)
        return std::numeric_limits<int64_t>::max();
    return now_ms + kProgressFrameMs;
}

int64_t Playback::SeekForShot(const State& state, int64_t now_ms) {
    if (!m_opt.fake_clock || !m_player || m_following.kind != MediaKind::Video ||
        state.media.kind != MediaKind::Video)
        return -1;
    // The last frame, not the end: a shot at the very end shows the poster anyway.
    const int64_t target =
        std::min(LogicalPosition(now_ms), std::max<int64_t>(0, m_following.duration_ms - 40));
    m_player->Seek(target);
    return target;
}

} // namespace kiosk
