// Probing a media file with libavformat: inside the media module (media_module.h).
#include "media/probe.h"

#include "core/error.h"
#include "media/av_input.h"
#include "media/media_module.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
}

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

namespace kiosk {

namespace {

struct PacketFree {
    void operator()(AVPacket* p) const { av_packet_free(&p); }
};

void RequireSaneSize(const AVCodecParameters* par) {
    if (par->width > kMaxVideoSide || par->height > kMaxVideoSide || par->width < 0 ||
        par->height < 0)
        throw MediaError("its header claims a picture of " + PixelSize(par->width, par->height) +
                         " pixels, larger than any screen; the file is damaged or was not made "
                         "for a screen. Export it again at the screen's size");
}

int64_t ToMs(int64_t t, AVRational base) {
    return av_rescale_q(t, base, AVRational{1, 1000});
}

} // namespace

MediaInfo media_module::Probe(ByteSource& source, int time_limit_ms) {
    AvInput input(source, time_limit_ms);
    AVFormatContext* const fmt = input.fmt();

    // The sizes the header claims, before any decoder is asked to look.
    for (unsigned i = 0; i < fmt->nb_streams; ++i)
        RequireSaneSize(fmt->streams[i]->codecpar);
    const int info_err = input.FindStreamInfo();
    if (input.TimedOut()) throw MediaError("reading it takes too long; the file is damaged");
    if (info_err < 0)
        throw MediaError("its streams cannot be read (" + AvError(info_err) +
                         "); the file is damaged or cut short");

    MediaInfo info;
    info.container = fmt->iformat->name;
    if (info.container.rfind("mov,", 0) == 0) info.container = "mp4";
    if (info.container == "matroska,webm") info.container = "matroska"; // WebM is Matroska
    const int v = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    const int a = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
    // Cover art in a music file is one still picture, not video.
    if (v >= 0 && !(fmt->streams[v]->disposition & AV_DISPOSITION_ATTACHED_PIC)) {
        const AVCodecParameters* par = fmt->streams[v]->codecpar;
        RequireSaneSize(par);
        info.video_codec = avcodec_get_name(par->codec_id);
        info.width = par->width;
        info.height = par->height;
        if (info.width <= 0 || info.height <= 0)
            throw MediaError("its picture has no size; the file is damaged");
    }
    if (a >= 0) info.audio_codec = avcodec_get_name(fmt->streams[a]->codecpar->codec_id);
    if (!info.HasVideo() && !info.HasAudio())
        throw MediaError("it holds neither picture nor sound");

    if (fmt->duration > 0 && fmt->duration != AV_NOPTS_VALUE)
        info.duration_ms = fmt->duration / (AV_TIME_BASE / 1000);
    if (info.duration_ms > kMaxMediaDurationMs)
        throw MediaError("its header says it runs for " +
                         std::to_string(info.duration_ms / 3600000) +
                         " hours; the file is damaged or endless");

    // Every packet of the streams we play, to its end: a copy cut short still
    // opens (its index is at the front) but stops early or reads garbage.
    std::unique_ptr<AVPacket, PacketFree> pkt(av_packet_alloc());
    if (!pkt) throw MediaError("there is not enough memory to read it");
    int64_t reached_ms = 0;
    int64_t packets = 0;
    for (;;) {
        const int err = av_read_frame(fmt, pkt.get());
        if (err == AVERROR_EOF) break;
        if (input.TimedOut()) throw MediaError("reading it takes too long; the file is damaged");
        if (err < 0)
            throw MediaError("it is damaged or cut short after " +
                             std::to_string(reached_ms / 1000) + " seconds (" + AvError(err) +
                             "); copy or export it again");
        const AVStream* st = fmt->streams[pkt->stream_index];
        if ((pkt->stream_index == v || pkt->stream_index == a)) {
            if (pkt->flags & AV_PKT_FLAG_CORRUPT)
                throw MediaError("it is damaged or cut short after " +
                                 std::to_string(reached_ms / 1000) +
                                 " seconds; copy or export it again");
            const int64_t t = pkt->pts != AV_NOPTS_VALUE ? pkt->pts : pkt->dts;
            if (t != AV_NOPTS_VALUE) {
                const int64_t start = st->start_time != AV_NOPTS_VALUE ? st->start_time : 0;
                reached_ms =
                    std::max(reached_ms,
                             ToMs(t - start + std::max<int64_t>(pkt->duration, 0), st->time_base));
            }
            ++packets;
        }
        av_packet_unref(pkt.get());
    }
    if (packets == 0) throw MediaError("it holds no pictures or sound at all (it is empty)");
    if (info.duration_ms <= 0) info.duration_ms = reached_ms;
    if (info.duration_ms <= 0) throw MediaError("it has no length (zero seconds); export it again");
    // Frame rounding and audio priming leave small gaps; a missing tail is
    // longer than a second or a tenth of the whole.
    if (reached_ms + std::max<int64_t>(1000, info.duration_ms / 10) < info.duration_ms)
        throw MediaError("it is cut short: it should run " +
                         std::to_string(info.duration_ms / 1000) +
                         " seconds but its pictures and sound stop after " +
                         std::to_string(reached_ms / 1000) + "; copy or export it again");
    return info;
}

} // namespace kiosk
