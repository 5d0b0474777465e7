#include "media/poster.h"

#include "core/error.h"
#include "media/av_input.h"
#include "media/probe.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/display.h>
#include <libavutil/frame.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <vector>

namespace kiosk {

namespace {

struct CodecFree {
    void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct FrameFree {
    void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct PacketFree {
    void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct SwsFree {
    void operator()(SwsContext* s) const { sws_freeContext(s); }
};
using Frame = std::unique_ptr<AVFrame, FrameFree>;

// The frame's picture as RGBA at its display size (sample aspect applied).
RgbaImage ToRgba(const AVFrame& f, AVRational sar) {
    int out_w = f.width, out_h = f.height;
    if (sar.num > 0 && sar.den > 0 && sar.num != sar.den) {
        // Stretch, never squeeze: a player shows every stored line.
        if (sar.num > sar.den)
            out_w = static_cast<int>(std::lround(double(f.width) * sar.num / sar.den));
        else
            out_h = static_cast<int>(std::lround(double(f.height) * sar.den / sar.num));
        out_w = std::clamp(out_w, 1, 2 * kMaxVideoSide);
        out_h = std::clamp(out_h, 1, 2 * kMaxVideoSide);
    }
    std::unique_ptr<SwsContext, SwsFree> sws(sws_getContext(
        f.width, f.height, static_cast<AVPixelFormat>(f.format), out_w, out_h, AV_PIX_FMT_RGBA,
        SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, nullptr, nullptr, nullptr));
    if (!sws) throw MediaError("its pictures are in a pixel format that cannot be converted");
    // The colour matrix the file states, else the usual one for its size
    // (BT.601 below HD, BT.709 from HD up), and its range (TV or full).
    int space = f.colorspace;
    if (space == AVCOL_SPC_UNSPECIFIED || space == AVCOL_SPC_RESERVED || space == AVCOL_SPC_RGB)
        space = f.height >= 720 ? AVCOL_SPC_BT709 : AVCOL_SPC_SMPTE170M;
    int* inv_table = nullptr;
    int* table = nullptr;
    int src_range = 0, dst_range = 0, brightness = 0, contrast = 0, saturation = 0;
    if (sws_getColorspaceDetails(sws.get(), &inv_table, &src_range, &table, &dst_range, &brightness,
                                 &contrast, &saturation) >= 0) {
        // Formats like yuvj420p are full range by name: keep what swscale chose.
        if (f.color_range == AVCOL_RANGE_JPEG) src_range = 1;
        if (f.color_range == AVCOL_RANGE_MPEG) src_range = 0;
        sws_setColorspaceDetails(sws.get(), sws_getCoefficients(space), src_range, table, 1,
                                 brightness, contrast, saturation);
    }
    RgbaImage img;
    img.width = out_w;
    img.height = out_h;
    img.pixels.resize(static_cast<size_t>(out_w) * out_h * 4);
    uint8_t* dst[4] = {img.pixels.data(), nullptr, nullptr, nullptr};
    const int dst_stride[4] = {out_w * 4, 0, 0, 0};
    if (sws_scale(sws.get(), f.data, f.linesize, 0, f.height, dst, dst_stride) != out_h)
        throw MediaError("its picture cannot be converted for the screen");
    for (size_t i = 3; i < img.pixels.size(); i += 4)
        img.pixels[i] = 255; // video has no transparency
    return img;
}

// Turns `img` by a quarter, half or three quarters clockwise.
RgbaImage Rotated(const RgbaImage& img, int quarters) {
    quarters = ((quarters % 4) + 4) % 4;
    if (quarters == 0) return img;
    RgbaImage out;
    out.width = quarters == 2 ? img.width : img.height;
    out.height = quarters == 2 ? img.height : img.width;
    out.pixels.resize(img.pixels.size());
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x) {
            int nx = x, ny = y;
            if (quarters == 1) {
                nx = img.height - 1 - y;
                ny = x;
            } else if (quarters == 2) {
                nx = img.width - 1 - x;
                ny = img.height - 1 - y;
            } else {
                nx = y;
                ny = img.width - 1 - x;
            }
            std::copy_n(&img.pixels[(static_cast<size_t>(y) * img.width + x) * 4], 4,
                        &out.pixels[(static_cast<size_t>(ny) * out.width + nx) * 4]);
        }
    return out;
}

// Quarter turns clockwise a player applies to the stream (phone footage
// filmed upright is stored sideways with a display matrix).
int QuarterTurns(const AVStream& st) {
    const auto* matrix = reinterpret_cast<const int32_t*>(
        av_stream_get_side_data(&st, AV_PKT_DATA_DISPLAYMATRIX, nullptr));
    if (!matrix) return 0;
    const double degrees = av_display_rotation_get(matrix); // counter-clockwise
    if (std::isnan(degrees)) return 0;
    return static_cast<int>(std::lround(-degrees / 90.0));
}

} // namespace

int64_t PosterTimeMs(int64_t duration_ms) {
    if (duration_ms < 500) return 0;
    return std::min<int64_t>(1000, duration_ms / 10);
}

PosterFrame DecodePosterFrame(ByteSource& source, int64_t duration_ms, int time_limit_ms) {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(time_limit_ms);
    auto too_long = [&] { return std::chrono::steady_clock::now() > deadline; };
    const std::string slow = "decoding its poster frame takes too long; the file is damaged";
    AvInput input(source, time_limit_ms);
    AVFormatContext* const fmt = input.fmt();
    for (unsigned i = 0; i < fmt->nb_streams; ++i) {
        const AVCodecParameters* par = fmt->streams[i]->codecpar;
        if (par->width > kMaxVideoSide || par->height > kMaxVideoSide)
            throw MediaError("its header claims a picture larger than any screen");
    }
    if (const int err = input.FindStreamInfo(); err < 0 || input.TimedOut())
        throw MediaError(input.TimedOut() ? slow
                                          : "its streams cannot be read (" + AvError(err) + ")");
    const AVCodec* codec = nullptr;
    const int v = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
    if (v < 0 || !codec)
        throw MediaError(v == AVERROR_DECODER_NOT_FOUND
                             ? "its pictures are in a format this computer's FFmpeg cannot decode"
                             : "it has no picture to take a poster frame from");
    AVStream* st = fmt->streams[v];
    std::unique_ptr<AVCodecContext, CodecFree> dec(avcodec_alloc_context3(codec));
    if (!dec || avcodec_parameters_to_context(dec.get(), st->codecpar) < 0)
        throw MediaError("there is not enough memory to decode it");
    dec->thread_count = 1; // the same frame on every machine, and no threads to stop
    av_opt_set_int(dec.get(), "max_pixels", int64_t{kMaxVideoSide} * kMaxVideoSide, 0);
    if (avcodec_open2(dec.get(), codec, nullptr) < 0)
        throw MediaError(std::string("its ") + avcodec_get_name(st->codecpar->codec_id) +
                         " pictures cannot be decoded");

    const int64_t target_ms = PosterTimeMs(duration_ms);
    const int64_t start = st->start_time != AV_NOPTS_VALUE ? st->start_time : 0;
    const int64_t target = start + av_rescale_q(target_ms, AVRational{1, 1000}, st->time_base);
    // Seeking lands on the key frame before the target; when a file cannot
    // seek, decoding from its start reaches the target all the same.
    if (target_ms > 0 && av_seek_frame(fmt, v, target, AVSEEK_FLAG_BACKWARD) >= 0)
        avcodec_flush_buffers(dec.get());

    std::unique_ptr<AVPacket, PacketFree> pkt(av_packet_alloc());
    Frame frame(av_frame_alloc());
    Frame best(av_frame_alloc());
    if (!pkt || !frame || !best) throw MediaError("there is not enough memory to decode it");
    bool have = false, done = false, damaged = false;
    int64_t best_pts = 0;
    // Takes every frame the decoder has ready; true once the target is reached.
    auto drain = [&]() {
        for (;;) {
            const int err = avcodec_receive_frame(dec.get(), frame.get());
            if (err == AVERROR(EAGAIN) || err == AVERROR_EOF) return false;
            if (err < 0) {
                damaged = true;
                return false;
            }
            const bool bad =
                frame->decode_error_flags != 0 || (frame->flags & AV_FRAME_FLAG_CORRUPT);
            int64_t pts = frame->best_effort_timestamp;
            if (pts == AV_NOPTS_VALUE) pts = target;
            if (bad) {
                damaged = true;
                av_frame_unref(frame.get());
                continue;
            }
            // The frame on screen at the target: the last one starting at or
            // before it, or the first one at all when none does.
            if (pts <= target || !have) {
                av_frame_unref(best.get());
                av_frame_move_ref(best.get(), frame.get());
                best_pts = pts;
                have = true;
                if (pts >= target) return true;
                continue;
            }
            av_frame_unref(frame.get());
            return true;
        }
    };
    while (!done) {
        if (too_long()) throw MediaError(slow);
        const int err = av_read_frame(fmt, pkt.get());
        if (input.TimedOut()) throw MediaError(slow);
        if (err < 0) break; // the end, or damage: what was decoded so far counts
        if (pkt->stream_index == v) {
            const int sent = avcodec_send_packet(dec.get(), pkt.get());
            if (sent < 0 && sent != AVERROR(EAGAIN)) damaged = true;
            done = drain();
        }
        av_packet_unref(pkt.get());
    }
    if (!done) {
        avcodec_send_packet(dec.get(), nullptr); // the frames the decoder still holds
        drain();
    }
    if (!have)
        throw MediaError(std::string("none of its ") + avcodec_get_name(dec->codec_id) +
                         " pictures can be decoded" +
                         (damaged ? " (the picture data is damaged)" : "") +
                         ", so it has no poster frame; export it again");
    AVRational sar = best->sample_aspect_ratio;
    if (sar.num <= 0) sar = st->sample_aspect_ratio;
    PosterFrame out;
    out.image = Rotated(ToRgba(*best, sar), QuarterTurns(*st));
    out.at_ms = std::max<int64_t>(0, av_rescale_q(best_pts - start, st->time_base, {1, 1000}));
    return out;
}

} // namespace kiosk
