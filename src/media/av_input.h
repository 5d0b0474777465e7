// A media file in a ByteSource opened with FFmpeg's libavformat through our
// own I/O (no file names, no other protocols, only the containers the source
// folder accepts), with a time limit on all the work done through it. Shared
// by the probe (probe.h) and the poster frame (poster.h).
#pragma once

#include "media/byte_source.h"

extern "C" {
#include <libavformat/avformat.h>
}

#include <chrono>
#include <memory>
#include <string>

namespace kiosk {

// av_strerror's text for an FFmpeg error code.
std::string AvError(int err);

class AvInput {
  public:
    // Opens the container; throws MediaError in a curator's words when it is
    // empty, not one we accept, damaged, or takes longer than `time_limit_ms`.
    AvInput(ByteSource& source, int time_limit_ms);
    ~AvInput();
    AvInput(const AvInput&) = delete;
    AvInput& operator=(const AvInput&) = delete;

    AVFormatContext* fmt() const { return m_fmt; }
    // avformat_find_stream_info with no decoder allowed a picture beyond the
    // largest screen, whatever the bitstream claims; FFmpeg's result code.
    int FindStreamInfo();
    // Whether libavformat gave up because the time limit passed.
    bool TimedOut() const { return m_reader.timed_out; }

    struct Reader {
        ByteSource* source = nullptr;
        uint64_t pos = 0;
        std::chrono::steady_clock::time_point deadline;
        bool timed_out = false;
    };

  private:
    Reader m_reader;
    AVIOContext* m_avio = nullptr;
    AVFormatContext* m_fmt = nullptr;
};

} // namespace kiosk
