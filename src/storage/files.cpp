#include "storage/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <thread>
#include <vector>

namespace kiosk {

namespace {

// Chunk size for copies and hashing: large enough for USB throughput, small
// enough that progress moves and a Pi's memory does not notice.
constexpr size_t kChunk = 1 << 20;
constexpr size_t kPage = 4096;

[[noreturn]] void ThrowErrno(const std::string& what) {
    const int err = errno;
    throw IoError(what + ": " + ErrnoText(err), err);
}

// One chunk's buffer, aligned for O_DIRECT (OpenFromDisk): to the page, in
// whole pages.
class ChunkBuffer {
  public:
    ChunkBuffer() : m_p(static_cast<uint8_t*>(std::aligned_alloc(kPage, kChunk)), &std::free) {
        if (!m_p) throw std::bad_alloc();
    }
    uint8_t* data() const { return m_p.get(); }

  private:
    std::unique_ptr<uint8_t, decltype(&std::free)> m_p;
};

// Reads up to a chunk into `buf`; 0 at the end. EINTR is retried, and a read
// O_DIRECT refuses (EINVAL: one it cannot align, after a short read before
// the end) is made again through the page cache, emptied of the file's pages
// first. Throws IoError.
size_t ReadChunk(int fd, const ReadFn& read, uint8_t* buf) {
    for (;;) {
        const ssize_t n = read(fd, buf, kChunk);
        if (n >= 0) return static_cast<size_t>(n);
        if (errno == EINTR) continue;
        if (errno == EINVAL) {
            const int flags = ::fcntl(fd, F_GETFL);
            if (flags >= 0 && (flags & O_DIRECT) && ::fcntl(fd, F_SETFL, flags & ~O_DIRECT) == 0) {
                // What is not mapped elsewhere then comes from the disk.
                ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
                continue;
            }
            errno = EINVAL;
        }
        ThrowErrno("reading failed");
    }
}

} // namespace

std::string ErrnoText(int err) {
    return std::strerror(err);
}

uint64_t FreeBytes(const std::string& dir) {
    struct statvfs vfs {};
    if (::statvfs(dir.c_str(), &vfs) != 0) ThrowErrno("cannot measure the free space of " + dir);
    return static_cast<uint64_t>(vfs.f_bavail) * static_cast<uint64_t>(vfs.f_frsize);
}

UniqueFd::~UniqueFd() {
    if (m_fd >= 0) ::close(m_fd);
}

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
        if (m_fd >= 0) ::close(m_fd);
        m_fd = other.m_fd;
        other.m_fd = -1;
    }
    return *this;
}

void UniqueFd::Close(const std::string& what) {
    const int fd = m_fd;
    m_fd = -1;
    // close(2) may report a delayed write error (NFS, some FUSE filesystems);
    // on Linux the fd is gone either way, so it is never retried.
    if (fd >= 0 && ::close(fd) != 0) ThrowErrno("cannot finish writing " + what);
}

UniqueFd OpenRegularForReading(const std::string& path) {
    // O_NONBLOCK keeps a FIFO or device named like a package from hanging the
    // import; it is cleared once fstat has shown a regular file.
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    if (!fd) ThrowErrno("cannot open " + path);
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) ThrowErrno("cannot read " + path);
    if (!S_ISREG(st.st_mode)) throw IoError(path + " is not a regular file", EINVAL);
    const int flags = ::fcntl(fd.get(), F_GETFL);
    if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK) != 0)
        ThrowErrno("cannot prepare " + path + " for reading");
    return fd;
}

bool ReadsPastPageCache(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return false;
    ::close(fd);
    return true;
}

UniqueFd OpenFromDisk(const std::string& path) {
    UniqueFd fd = OpenRegularForReading(path);
    const int flags = ::fcntl(fd.get(), F_GETFL);
    if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags | O_DIRECT) != 0)
        ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_DONTNEED);
    return fd;
}

void ReadToEnd(int fd, const ReadFn& read,
               const std::function<void(const uint8_t*, size_t)>& chunk) {
    const ChunkBuffer buf;
    while (const size_t n = ReadChunk(fd, read, buf.data()))
        chunk(buf.data(), n);
}

namespace {

// The buffers of ReadToEndTwice and the thread that runs `side` over them.
// Buffer k % size() holds chunk k; this thread may fill chunk k once the side
// thread has seen chunk k - size().
class SideReader {
  public:
    SideReader(const std::function<void(const uint8_t*, size_t)>& side, size_t buffers)
        : m_side(side), m_buffers(buffers), m_sizes(buffers), m_thread([this] { Run(); }) {}
    ~SideReader() {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_stop = true;
        }
        m_changed.notify_all();
        m_thread.join();
    }
    SideReader(const SideReader&) = delete;
    SideReader& operator=(const SideReader&) = delete;

    // The buffer for the next chunk, once the side thread is done with it.
    uint8_t* Next() {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_changed.wait(lock, [this] { return m_filled - m_seen < m_buffers.size(); });
        return m_buffers[m_filled % m_buffers.size()].data();
    }
    // Hands the buffer from Next(), `n` bytes of it, to the side thread.
    void Filled(size_t n) {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_sizes[m_filled % m_buffers.size()] = n;
            ++m_filled;
        }
        m_changed.notify_all();
    }
    // Waits until the side thread has seen every chunk handed to it.
    void Drain() {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_changed.wait(lock, [this] { return m_seen == m_filled; });
    }

  private:
    void Run() {
        std::unique_lock<std::mutex> lock(m_mutex);
        for (;;) {
            m_changed.wait(lock, [this] { return m_stop || m_seen < m_filled; });
            if (m_stop) return;
            const size_t k = m_seen % m_buffers.size();
            lock.unlock();
            m_side(m_buffers[k].data(), m_sizes[k]);
            lock.lock();
            ++m_seen;
            m_changed.notify_all();
        }
    }

    const std::function<void(const uint8_t*, size_t)>& m_side;
    std::vector<ChunkBuffer> m_buffers;
    std::vector<size_t> m_sizes;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    uint64_t m_filled = 0, m_seen = 0;
    bool m_stop = false;
    std::thread m_thread; // last: starts once everything above is ready
};

} // namespace

void ReadToEndTwice(int fd, const ReadFn& read,
                    const std::function<void(const uint8_t*, size_t)>& chunk,
                    const std::function<void(const uint8_t*, size_t)>& side) {
    SideReader reader(side, 4);
    for (;;) {
        uint8_t* buf = reader.Next();
        const size_t n = ReadChunk(fd, read, buf);
        if (n == 0) break;
        reader.Filled(n);
        chunk(buf, n);
    }
    reader.Drain();
}

void WriteAll(int fd, const WriteFn& write, const uint8_t* data, size_t size) {
    size_t done = 0;
    int zero_writes = 0;
    while (done < size) {
        const ssize_t n = write(fd, data + done, size - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            ThrowErrno("writing failed");
        }
        // write(2) returning 0 for a non-empty buffer means no progress is
        // possible; treat it as a full disk rather than spinning.
        if (n == 0 && ++zero_writes > 3) throw IoError("writing failed: no progress", ENOSPC);
        done += static_cast<size_t>(n);
    }
}

void SyncFd(int fd, const std::string& what) {
    if (::fsync(fd) != 0) ThrowErrno("cannot save " + what + " to the disk");
}

void SyncDir(const std::string& dir) {
    UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd) ThrowErrno("cannot open the folder " + dir);
    SyncFd(fd.get(), "the folder " + dir);
}

std::string ReadSmallFile(const std::string& path, size_t max_bytes) {
    UniqueFd fd = OpenRegularForReading(path);
    std::string text;
    ReadToEnd(fd.get(), ::read, [&](const uint8_t* p, size_t n) {
        if (text.size() + n > max_bytes)
            throw IoError(path + " is larger than " + std::to_string(max_bytes) + " bytes", EFBIG);
        text.append(reinterpret_cast<const char*>(p), n);
    });
    return text;
}

void ReplaceFile(const std::string& path, const std::string& content, bool durable) {
    const std::string tmp = path + ".tmp";
    if (::unlink(tmp.c_str()) != 0 && errno != ENOENT) ThrowErrno("cannot remove " + tmp);
    UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
    if (!fd) ThrowErrno("cannot create " + tmp);
    WriteAll(fd.get(), ::write, reinterpret_cast<const uint8_t*>(content.data()), content.size());
    if (durable) SyncFd(fd.get(), tmp);
    fd.Close(tmp);
    if (::rename(tmp.c_str(), path.c_str()) != 0) ThrowErrno("cannot replace " + path);
    if (durable) {
        const size_t slash = path.find_last_of('/');
        SyncDir(slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash));
    }
}

void AppendLine(const std::string& path, const std::string& line) {
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0644));
    if (!fd) ThrowErrno("cannot open " + path);
    const std::string text = line + "\n";
    WriteAll(fd.get(), ::write, reinterpret_cast<const uint8_t*>(text.data()), text.size());
    SyncFd(fd.get(), path);
    fd.Close(path);
}

} // namespace kiosk
