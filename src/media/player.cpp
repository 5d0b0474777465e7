#include "media/player.h"

#include "core/error.h"
#include "media/media_module.h"

#include <mpv/client.h>
#include <mpv/stream_cb.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace kiosk {

namespace {

// mpv's URIs for media inside the package: kiosk://MEDIA-ID.
constexpr const char* kProtocol = "kiosk";

struct Stream {
    std::unique_ptr<ByteSource> source;
    uint64_t pos = 0;
};

int64_t StreamRead(void* cookie, char* buf, uint64_t n) {
    auto* s = static_cast<Stream*>(cookie);
    const int64_t got =
        s->source->ReadAt(s->pos, {reinterpret_cast<uint8_t*>(buf),
                                   static_cast<size_t>(std::min<uint64_t>(n, 1 << 20))});
    if (got > 0) s->pos += static_cast<uint64_t>(got);
    return got;
}

int64_t StreamSeek(void* cookie, int64_t offset) {
    auto* s = static_cast<Stream*>(cookie);
    if (offset < 0 || static_cast<uint64_t>(offset) > s->source->Size()) return MPV_ERROR_GENERIC;
    s->pos = static_cast<uint64_t>(offset);
    return offset;
}

int64_t StreamSize(void* cookie) {
    return static_cast<int64_t>(static_cast<Stream*>(cookie)->source->Size());
}

void StreamClose(void* cookie) {
    delete static_cast<Stream*>(cookie);
}

// Runs on mpv's demuxer thread when it opens kiosk://ID.
int StreamOpen(void* user_data, char* uri, mpv_stream_cb_info* info) {
    const auto& open = *static_cast<Player::OpenMedia*>(user_data);
    const char* id_text = uri + std::strlen(kProtocol) + 3; // after "kiosk://"
    char* end = nullptr;
    const long long id = std::strtoll(id_text, &end, 10);
    if (end == id_text || *end != '\0' || id <= 0) return MPV_ERROR_LOADING_FAILED;
    std::unique_ptr<ByteSource> source;
    try {
        source = open(id);
    } catch (const std::exception&) {
        return MPV_ERROR_LOADING_FAILED;
    }
    if (!source) return MPV_ERROR_LOADING_FAILED;
    auto* stream = new Stream{std::move(source), 0}; // owned by mpv until StreamClose
    info->cookie = stream;
    info->read_fn = StreamRead;
    info->seek_fn = StreamSeek;
    info->size_fn = StreamSize;
    info->close_fn = StreamClose;
    return 0;
}

enum : uint64_t {
    kTimePos = 1,
    kDuration,
    kPause,
    kHwdec,
    kOutputDrops,
    kDecoderDrops,
    kLoadReply
};

std::string Ms(int64_t ms) {
    return std::to_string(ms / 1000) + "." + std::to_string(1000 + ms % 1000).substr(1);
}

class MpvPlayer final : public Player {
  public:
    // Throws MediaError when libmpv cannot be started.
    MpvPlayer(OpenMedia open, Options options, LogLine log);
    ~MpvPlayer() override;
    MpvPlayer(const MpvPlayer&) = delete;
    MpvPlayer& operator=(const MpvPlayer&) = delete;

    void Play(int64_t media_id, int64_t start_ms, bool paused) override;
    void SetPaused(bool paused) override;
    void Seek(int64_t ms) override;
    void Stop() override;
    void SetVolume(int volume) override;
    const PlaybackStatus& Poll() override;
    const PlaybackStatus& status() const override { return m_status; }
    const PlaybackStatus& WaitForChange(int timeout_ms) override;
    bool Settled() const override {
        return m_loads_pending == 0 && m_seeks_pending == 0 &&
               m_status.state != PlaybackState::Loading;
    }
    std::string PendingText() const override {
        return "loads " + std::to_string(m_loads_pending) + ", seeks " +
               std::to_string(m_seeks_pending);
    }
    std::string HardwareDecoder() const override { return m_hwdec_current; }
    mpv_handle* handle() const override { return m_mpv; }

  private:
    void HandleEvents(double timeout_s);
    // The media cannot be played: Failed, said once in the log.
    void Fail(const char* error);
    mpv_handle* m_mpv = nullptr;
    std::unique_ptr<OpenMedia> m_open; // a stable address for mpv's stream callbacks
    LogLine m_log;
    PlaybackStatus m_status;
    bool m_paused_wanted = false;
    int m_loads_pending = 0; // Play() calls whose file mpv has not started yet
    int m_seeks_pending = 0; // Seek() calls mpv has not finished yet
    bool m_hwdec_logged = false;
    std::string m_hwdec_current;
};

} // namespace

MpvPlayer::MpvPlayer(OpenMedia open, Options options, LogLine log)
    : m_open(std::make_unique<OpenMedia>(std::move(open))), m_log(std::move(log)) {
    m_mpv = mpv_create();
    if (!m_mpv) throw MediaError("the video player (libmpv) cannot be started");
    // A kiosk player: no config files, scripts, on-screen controls, keys or
    // terminal; files come only from the package (kiosk://), never the network.
    const std::pair<const char*, std::string> settings[] = {
        {"config", "no"},
        {"terminal", "no"},
        {"osc", "no"},
        {"load-scripts", "no"},
        {"ytdl", "no"},
        {"input-default-bindings", "no"},
        {"input-vo-keyboard", "no"},
        {"sub-auto", "no"}, // the kiosk draws subtitles itself, in its own fonts
        {"audio-display", "no"},
        {"idle", "yes"},
        {"keep-open", "no"},
        {"hwdec", options.hwdec},
        {"vo", options.output == Output::None ? "null" : "libmpv"},
        {"ao", options.output == Output::None || !options.sound ? "null" : "pulse,alsa"},
        {"volume", std::to_string(std::clamp(options.volume, 0, 100))},
        {"demuxer-max-bytes", "16MiB"}, // memory stays flat on a 1 GB board
        {"demuxer-max-back-bytes", "4MiB"},
        {"hr-seek", "yes"}, // exact seeks: scripted shots show the frame at that time
        // The picture is drawn small inside a panel and redrawn by the kiosk:
        // mpv's cheapest scalers and no dithering or debanding passes, which
        // cost a board's GPU (and a software renderer) most of their time.
        {"scale", "bilinear"},
        {"dscale", "bilinear"},
        {"cscale", "bilinear"},
        {"dither-depth", "no"},
        {"correct-downscaling", "no"},
        {"linear-downscaling", "no"},
        {"sigmoid-upscaling", "no"},
        {"deband", "no"},
        {"protocol-whitelist", kProtocol},
    };
    for (const auto& [name, value] : settings)
        mpv_set_option_string(m_mpv, name, value.c_str());
    if (mpv_initialize(m_mpv) < 0) {
        mpv_terminate_destroy(m_mpv);
        throw MediaError("the video player (libmpv) cannot be started");
    }
    if (mpv_stream_cb_add_ro(m_mpv, kProtocol, m_open.get(), StreamOpen) < 0) {
        mpv_terminate_destroy(m_mpv);
        throw MediaError("the video player cannot read from the exhibit package");
    }
    mpv_observe_property(m_mpv, kTimePos, "time-pos", MPV_FORMAT_DOUBLE);
    mpv_observe_property(m_mpv, kDuration, "duration", MPV_FORMAT_DOUBLE);
    mpv_observe_property(m_mpv, kPause, "pause", MPV_FORMAT_FLAG);
    mpv_observe_property(m_mpv, kHwdec, "hwdec-current", MPV_FORMAT_STRING);
    mpv_observe_property(m_mpv, kOutputDrops, "frame-drop-count", MPV_FORMAT_INT64);
    mpv_observe_property(m_mpv, kDecoderDrops, "decoder-frame-drop-count", MPV_FORMAT_INT64);
    if (m_log) m_log("player: libmpv, hwdec=" + options.hwdec);
}

MpvPlayer::~MpvPlayer() {
    // Closes every stream of ours before the OpenMedia they call goes away.
    if (m_mpv) mpv_terminate_destroy(m_mpv);
}

void MpvPlayer::Play(int64_t media_id, int64_t start_ms, bool paused) {
    m_status = {};
    m_status.state = PlaybackState::Loading;
    m_status.media_id = media_id;
    m_status.position_ms = std::max<int64_t>(0, start_ms);
    m_paused_wanted = paused;
    ++m_loads_pending;
    m_seeks_pending = 1; // the load's own first frame (mpv: playback restart)
    const std::string url = std::string(kProtocol) + "://" + std::to_string(media_id);
    const std::string opts =
        "start=" + Ms(m_status.position_ms) + ",pause=" + (paused ? "yes" : "no");
    const char* cmd[] = {"loadfile", url.c_str(), "replace", opts.c_str(), nullptr};
    // A refused command (mpv's arguments changed, say) is a failure, not a
    // load that never comes: its reply says so.
    if (mpv_command_async(m_mpv, kLoadReply, cmd) < 0) {
        --m_loads_pending;
        m_seeks_pending = 0;
        m_status.state = PlaybackState::Failed;
        m_status.error = "the player refused to load it";
    }
}

void MpvPlayer::SetPaused(bool paused) {
    m_paused_wanted = paused;
    int flag = paused ? 1 : 0;
    mpv_set_property_async(m_mpv, 0, "pause", MPV_FORMAT_FLAG, &flag);
    if (m_status.state == PlaybackState::Playing && paused) m_status.state = PlaybackState::Paused;
    if (m_status.state == PlaybackState::Paused && !paused) m_status.state = PlaybackState::Playing;
}

void MpvPlayer::Seek(int64_t ms) {
    const std::string to = Ms(std::max<int64_t>(0, ms));
    const char* cmd[] = {"seek", to.c_str(), "absolute+exact", nullptr};
    if (m_status.state == PlaybackState::Playing || m_status.state == PlaybackState::Paused)
        ++m_seeks_pending; // else the seek waits inside the load, which Settled() counts
    mpv_command_async(m_mpv, 0, cmd);
    m_status.position_ms = std::max<int64_t>(0, ms);
}

void MpvPlayer::Stop() {
    const char* cmd[] = {"stop", nullptr};
    mpv_command_async(m_mpv, 0, cmd);
    m_status = {};
    m_seeks_pending = 0;
}

void MpvPlayer::SetVolume(int volume) {
    int64_t v = std::clamp(volume, 0, 100);
    mpv_set_property_async(m_mpv, 0, "volume", MPV_FORMAT_INT64, &v);
}

const PlaybackStatus& MpvPlayer::Poll() {
    HandleEvents(0);
    return m_status;
}

const PlaybackStatus& MpvPlayer::WaitForChange(int timeout_ms) {
    HandleEvents(timeout_ms / 1000.0);
    return m_status;
}

void MpvPlayer::Fail(const char* error) {
    m_status.state = PlaybackState::Failed;
    m_status.error = error;
    if (m_log)
        m_log("player: media " + std::to_string(m_status.media_id) + " cannot be played (" +
              m_status.error + "); its poster stays");
}

void MpvPlayer::HandleEvents(double timeout_s) {
    for (mpv_event* ev = mpv_wait_event(m_mpv, timeout_s); ev->event_id != MPV_EVENT_NONE;
         ev = mpv_wait_event(m_mpv, 0)) {
        switch (ev->event_id) {
        case MPV_EVENT_START_FILE:
            if (m_loads_pending > 0) --m_loads_pending;
            break;
        case MPV_EVENT_COMMAND_REPLY:
            if (ev->reply_userdata == kLoadReply && ev->error < 0 && m_loads_pending > 0 &&
                --m_loads_pending == 0) {
                m_seeks_pending = 0;
                Fail(mpv_error_string(ev->error));
            }
            break;
        case MPV_EVENT_PLAYBACK_RESTART: // a load's first frame, or a seek's, is ready
            if (m_loads_pending == 0 && m_seeks_pending > 0) --m_seeks_pending;
            break;
        case MPV_EVENT_FILE_LOADED:
            if (m_loads_pending == 0 && m_status.state == PlaybackState::Loading)
                m_status.state = m_paused_wanted ? PlaybackState::Paused : PlaybackState::Playing;
            break;
        case MPV_EVENT_END_FILE: {
            // The end of a file replaced by a newer Play() says nothing about it.
            if (m_loads_pending > 0) break;
            m_seeks_pending = 0;
            const auto* end = static_cast<mpv_event_end_file*>(ev->data);
            if (end->reason == MPV_END_FILE_REASON_EOF && m_status.state != PlaybackState::Idle) {
                m_status.state = PlaybackState::Ended;
                m_status.position_ms = 0;
            } else if (end->reason == MPV_END_FILE_REASON_ERROR) {
                Fail(mpv_error_string(end->error));
            }
            break;
        }
        case MPV_EVENT_PROPERTY_CHANGE: {
            const auto* p = static_cast<mpv_event_property*>(ev->data);
            if (!p->data) break;
            if (ev->reply_userdata == kTimePos && p->format == MPV_FORMAT_DOUBLE &&
                m_loads_pending == 0 &&
                (m_status.state == PlaybackState::Playing ||
                 m_status.state == PlaybackState::Paused))
                m_status.position_ms = static_cast<int64_t>(*static_cast<double*>(p->data) * 1000);
            else if (ev->reply_userdata == kDuration && p->format == MPV_FORMAT_DOUBLE &&
                     m_loads_pending == 0)
                m_status.duration_ms = static_cast<int64_t>(*static_cast<double*>(p->data) * 1000);
            else if (ev->reply_userdata == kOutputDrops && p->format == MPV_FORMAT_INT64 &&
                     m_loads_pending == 0)
                m_status.dropped_by_output = *static_cast<int64_t*>(p->data);
            else if (ev->reply_userdata == kDecoderDrops && p->format == MPV_FORMAT_INT64 &&
                     m_loads_pending == 0)
                m_status.dropped_by_decoder = *static_cast<int64_t*>(p->data);
            else if (ev->reply_userdata == kPause && p->format == MPV_FORMAT_FLAG) {
                const bool paused = *static_cast<int*>(p->data) != 0;
                if (m_status.state == PlaybackState::Playing && paused)
                    m_status.state = PlaybackState::Paused;
                else if (m_status.state == PlaybackState::Paused && !paused)
                    m_status.state = PlaybackState::Playing;
            } else if (ev->reply_userdata == kHwdec && p->format == MPV_FORMAT_STRING) {
                m_hwdec_current = *static_cast<char**>(p->data);
                if (!m_hwdec_logged && m_log) {
                    m_log("player: video decoding " +
                          (m_hwdec_current == "no" ? std::string("in software")
                                                   : "in hardware (" + m_hwdec_current + ")"));
                    m_hwdec_logged = true;
                }
            }
            break;
        }
        default:
            break;
        }
    }
}

std::unique_ptr<Player> media_module::NewPlayer(Player::OpenMedia open, Player::Options options,
                                                Player::LogLine log) {
    return std::make_unique<MpvPlayer>(std::move(open), std::move(options), std::move(log));
}

} // namespace kiosk
