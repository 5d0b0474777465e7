#include "media/av_input.h"

#include "core/error.h"
#include "media/probe.h"

#include <vector>

extern "C" {
#include <libavutil/mem.h>
}

namespace kiosk {

namespace {

// Only the containers the source folder accepts: libavformat would otherwise
// also open playlists and concat lists, which name other files to read.
constexpr const char* kContainers = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,ogg,mp3";

int ReadPacket(void* opaque, uint8_t* buf, int size) {
    auto* r = static_cast<AvInput::Reader*>(opaque);
    const int64_t n = r->source->ReadAt(r->pos, {buf, static_cast<size_t>(size)});
    if (n < 0) return AVERROR(EIO);
    if (n == 0) return AVERROR_EOF;
    r->pos += static_cast<uint64_t>(n);
    return static_cast<int>(n);
}

int64_t Seek(void* opaque, int64_t offset, int whence) {
    auto* r = static_cast<AvInput::Reader*>(opaque);
    const auto size = static_cast<int64_t>(r->source->Size());
    if (whence & AVSEEK_SIZE) return size;
    int64_t to = offset;
    switch (whence & ~AVSEEK_FORCE) {
    case SEEK_SET:
        break;
    case SEEK_CUR:
        to = static_cast<int64_t>(r->pos) + offset;
        break;
    case SEEK_END:
        to = size + offset;
        break;
    default:
        return AVERROR(EINVAL);
    }
    if (to < 0) return AVERROR(EINVAL);
    r->pos = static_cast<uint64_t>(to);
    return to;
}

// libavformat polls this during long work; past the deadline it gives up.
int Interrupt(void* opaque) {
    auto* r = static_cast<AvInput::Reader*>(opaque);
    if (std::chrono::steady_clock::now() > r->deadline) r->timed_out = true;
    return r->timed_out ? 1 : 0;
}

} // namespace

std::string AvError(int err) {
    char buf[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(err, buf, sizeof buf);
    return buf;
}

AvInput::AvInput(ByteSource& source, int time_limit_ms) {
    // FFmpeg's own log would print raw file details to the curator's terminal;
    // everything that matters comes back as a MediaError.
    av_log_set_level(AV_LOG_QUIET);
    if (source.Size() == 0) throw MediaError("the file is empty");
    m_reader.source = &source;
    m_reader.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(time_limit_ms);

    constexpr int kBuffer = 64 * 1024;
    auto* buffer = static_cast<uint8_t*>(av_malloc(kBuffer));
    if (!buffer) throw MediaError("there is not enough memory to read it");
    m_avio = avio_alloc_context(buffer, kBuffer, 0, &m_reader, ReadPacket, nullptr, Seek);
    if (!m_avio) {
        av_free(buffer);
        throw MediaError("there is not enough memory to read it");
    }
    AVFormatContext* raw = avformat_alloc_context();
    if (!raw) {
        av_freep(&m_avio->buffer);
        avio_context_free(&m_avio);
        throw MediaError("there is not enough memory to read it");
    }
    raw->pb = m_avio;
    raw->flags |= AVFMT_FLAG_CUSTOM_IO;
    raw->interrupt_callback = {Interrupt, &m_reader};
    raw->format_whitelist = av_strdup(kContainers);
    raw->protocol_whitelist = av_strdup("none");
    // avformat_open_input frees the context itself when it fails.
    if (const int err = avformat_open_input(&raw, nullptr, nullptr, nullptr); err < 0) {
        av_freep(&m_avio->buffer);
        avio_context_free(&m_avio);
        if (m_reader.timed_out) throw MediaError("reading it takes too long; the file is damaged");
        throw MediaError("it cannot be read as video or audio (" + AvError(err) +
                         "): it is cut short, damaged, or not an MP4, MKV, WebM, Ogg, "
                         "Opus, M4A or MP3 file");
    }
    m_fmt = raw;
}

int AvInput::FindStreamInfo() {
    std::vector<AVDictionary*> options(m_fmt->nb_streams, nullptr);
    for (auto*& d : options)
        av_dict_set_int(&d, "max_pixels", int64_t{kMaxVideoSide} * kMaxVideoSide, 0);
    const int err = avformat_find_stream_info(m_fmt, options.data());
    for (auto*& d : options)
        av_dict_free(&d);
    return err;
}

AvInput::~AvInput() {
    avformat_close_input(&m_fmt);
    if (m_avio) {
        av_freep(&m_avio->buffer);
        avio_context_free(&m_avio);
    }
}

} // namespace kiosk
