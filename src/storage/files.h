// File handling for the importer: an owned fd, read/write loops that check
// every return code, fsync of files and folders, small files replaced
// atomically. Reading the stick, writing the kiosk's disk and asking for free
// space go through FileOps, so tests can pull the stick or fill the disk.
#pragma once

#include "core/error.h"

#include <sys/types.h>
#include <unistd.h>

#include <cstdint>
#include <functional>
#include <string>

namespace kiosk {

using ReadFn = std::function<ssize_t(int fd, void* buf, size_t count)>;
using WriteFn = std::function<ssize_t(int fd, const void* buf, size_t count)>;
// Bytes an unprivileged writer may still use in the filesystem of `dir`.
using FreeSpaceFn = std::function<uint64_t(const std::string& dir)>;

// Bytes available to unprivileged writers in `dir`'s filesystem (statvfs).
// Throws IoError when statvfs fails.
uint64_t FreeBytes(const std::string& dir);

struct FileOps {
    ReadFn read_source = ::read;    // reads of the stick's package files
    WriteFn write_target = ::write; // writes of the copy on the kiosk's disk
    FreeSpaceFn free_space = FreeBytes;
};

// An owned file descriptor; closed (errors ignored) when it goes out of scope.
// Call Close() where a failing close must be noticed (after writing).
class UniqueFd {
  public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : m_fd(fd) {}
    ~UniqueFd();
    UniqueFd(UniqueFd&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
    UniqueFd& operator=(UniqueFd&& other) noexcept;
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;

    int get() const { return m_fd; }
    explicit operator bool() const { return m_fd >= 0; }
    // Closes now; throws IoError naming `what` when close(2) reports an error.
    void Close(const std::string& what);

  private:
    int m_fd = -1;
};

// Opens a regular file for reading without following a symlink and without
// blocking on a FIFO or device. Throws IoError (ELOOP for a symlink, EINVAL
// for anything that is not a regular file).
UniqueFd OpenRegularForReading(const std::string& path);

// Opens a file this process wrote and synced, to read what its disk stored:
// with O_DIRECT, past the page cache, whose copy of the file others may be
// reading or mapping meanwhile. Where the filesystem has no O_DIRECT, the
// file's pages are dropped from the cache instead (POSIX_FADV_DONTNEED),
// which spares those in use. Throws IoError as OpenRegularForReading.
UniqueFd OpenFromDisk(const std::string& path);

// Whether OpenFromDisk gives `path` past the page cache (O_DIRECT). When it
// does not, a caller must not map or read the file between its fsync and
// OpenFromDisk: pages in use are not dropped.
bool ReadsPastPageCache(const std::string& path);

// Reads `fd` from its current offset to the end in chunks, passing each to
// `chunk`. Throws IoError on a read error (EINTR is retried). Its buffers, as
// ReadToEndTwice's, suit O_DIRECT; a read O_DIRECT refuses (EINVAL) is made
// again through the page cache.
void ReadToEnd(int fd, const ReadFn& read,
               const std::function<void(const uint8_t*, size_t)>& chunk);

// ReadToEnd with a second pass over the same bytes on a thread of its own:
// `side` gets every chunk too, in order, while `chunk` runs on this thread
// (for two costly passes over a file read once: an import hashes it for its
// signature there while it copies it here). The bytes are read into a few
// buffers, each reused once both have seen it. Returns when `side` has seen
// the last byte. What `read` or `chunk` throws stops the thread and is thrown
// on; `side` must not throw.
void ReadToEndTwice(int fd, const ReadFn& read,
                    const std::function<void(const uint8_t*, size_t)>& chunk,
                    const std::function<void(const uint8_t*, size_t)>& side);

// Writes all of `data`; a short or zero write is retried, an error throws
// IoError (ENOSPC when the disk is full).
void WriteAll(int fd, const WriteFn& write, const uint8_t* data, size_t size);

// fsync(2) of an open file / of the folder at `dir`. Throw IoError on failure.
void SyncFd(int fd, const std::string& what);
void SyncDir(const std::string& dir);

// Reads a small regular file (no symlink) of at most `max_bytes`. Throws IoError.
std::string ReadSmallFile(const std::string& path, size_t max_bytes);

// Replaces `path` with `content` through `path + ".tmp"` and rename(2), so a
// reader sees the old or the new content, never a mix. With `durable`, the
// file and its folder are fsynced too. Throws IoError.
void ReplaceFile(const std::string& path, const std::string& content, bool durable);

// Appends one line (and fsyncs) with O_APPEND. Throws IoError.
void AppendLine(const std::string& path, const std::string& line);

// A sentence for an errno, for messages ("No space left on device").
std::string ErrnoText(int err);

} // namespace kiosk
