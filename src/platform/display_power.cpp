#include "platform/display_power.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <thread>

extern char** environ;

namespace kiosk {

namespace {

constexpr size_t kMaxOutput = 4096;

// Owns one file descriptor.
class UniqueFd {
  public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : m_fd(fd) {}
    ~UniqueFd() { Reset(); }
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    int get() const { return m_fd; }
    void Reset() {
        if (m_fd >= 0) close(m_fd);
        m_fd = -1;
    }

  private:
    int m_fd = -1;
};

// The variables through which systemd listens to the kiosk alone.
bool IsNotifyVariable(std::string_view entry) {
    return entry.starts_with("NOTIFY_SOCKET=") || entry.starts_with("WATCHDOG_USEC=") ||
           entry.starts_with("WATCHDOG_PID=");
}

int64_t NowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

std::string Join(const std::vector<std::string>& argv) {
    std::string s;
    for (const std::string& a : argv)
        s += (s.empty() ? "" : " ") + a;
    return s;
}

bool IsExecutableFile(const std::string& path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(path.c_str(), X_OK) == 0;
}

} // namespace

CommandResult RunCommand(const std::vector<std::string>& argv, int timeout_ms) {
    CommandResult r;
    if (argv.empty()) return r;
    // Everything the child needs is made before fork: after it, only
    // async-signal-safe calls (the kiosk has other threads).
    std::vector<char*> args;
    for (const std::string& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::vector<char*> env;
    for (char** e = environ; e && *e; ++e)
        if (!IsNotifyVariable(*e)) env.push_back(*e);
    env.push_back(nullptr);

    int out[2], status_pipe[2];
    if (pipe2(out, O_CLOEXEC) != 0) {
        r.output = std::string("cannot make a pipe: ") + std::strerror(errno);
        return r;
    }
    UniqueFd out_read(out[0]), out_write(out[1]);
    // Tells the parent why exec failed; closed by exec when it works.
    if (pipe2(status_pipe, O_CLOEXEC) != 0) {
        r.output = std::string("cannot make a pipe: ") + std::strerror(errno);
        return r;
    }
    UniqueFd status_read(status_pipe[0]), status_write(status_pipe[1]);
    const int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    UniqueFd null_fd(devnull);

    const pid_t pid = fork();
    if (pid < 0) {
        r.output = std::string("cannot start a process: ") + std::strerror(errno);
        return r;
    }
    if (pid == 0) {
        if (devnull >= 0) dup2(devnull, STDIN_FILENO);
        dup2(out[1], STDOUT_FILENO);
        dup2(out[1], STDERR_FILENO);
        execvpe(args[0], args.data(), env.data());
        const int err = errno;
        [[maybe_unused]] const ssize_t n = write(status_pipe[1], &err, sizeof err);
        _exit(127);
    }
    out_write.Reset();
    status_write.Reset();

    int exec_errno = 0;
    ssize_t n;
    do {
        n = read(status_read.get(), &exec_errno, sizeof exec_errno);
    } while (n < 0 && errno == EINTR);
    int status = 0;
    if (n == static_cast<ssize_t>(sizeof exec_errno)) {
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        r.output = "cannot run " + argv[0] + ": " + std::strerror(exec_errno);
        return r;
    }
    r.started = true;

    // Read its output until it closes it or the time is up.
    const int64_t deadline = NowMs() + timeout_ms;
    bool eof = false;
    while (!eof) {
        const int64_t left = deadline - NowMs();
        if (left <= 0) break;
        pollfd p{out_read.get(), POLLIN, 0};
        const int ready = poll(&p, 1, static_cast<int>(left));
        if (ready < 0 && errno != EINTR) break;
        if (ready <= 0) continue;
        char buf[1024];
        const ssize_t got = read(out_read.get(), buf, sizeof buf);
        if (got > 0) {
            // Keeps reading past the limit (the child must not block on a full pipe).
            if (r.output.size() < kMaxOutput)
                r.output.append(buf,
                                std::min(static_cast<size_t>(got), kMaxOutput - r.output.size()));
        } else if (got == 0 || errno != EINTR) {
            eof = true;
        }
    }
    // Then for it to exit, within the same limit.
    pid_t done = 0;
    while (true) {
        done = waitpid(pid, &status, WNOHANG);
        if (done == pid || (done < 0 && errno != EINTR)) break;
        if (NowMs() >= deadline) {
            kill(pid, SIGKILL);
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
            r.timed_out = true;
            return r;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (done == pid) r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    while (!r.output.empty() && (r.output.back() == '\n' || r.output.back() == ' '))
        r.output.pop_back();
    return r;
}

bool FindInPath(const std::string& name) {
    if (name.empty()) return false;
    if (name.find('/') != std::string::npos) return IsExecutableFile(name);
    const char* path = std::getenv("PATH");
    const std::string dirs = path && *path ? path : "/usr/local/bin:/usr/bin:/bin";
    size_t start = 0;
    while (start <= dirs.size()) {
        size_t colon = dirs.find(':', start);
        if (colon == std::string::npos) colon = dirs.size();
        const std::string dir = dirs.substr(start, colon - start);
        if (IsExecutableFile((dir.empty() ? "." : dir) + "/" + name)) return true;
        start = colon + 1;
    }
    return false;
}

DisplayPower::DisplayPower(LogFn log, DisplayPowerOptions options)
    : m_log(std::move(log)), m_opt(std::move(options)) {
    if (!m_opt.run)
        m_opt.run = [](const std::vector<std::string>& argv) { return RunCommand(argv); };
    if (!m_opt.exists)
        m_opt.exists = [](const std::string& name) {
            // A device node is not executable: check that it is there.
            if (name.rfind("/dev/", 0) == 0) return access(name.c_str(), F_OK) == 0;
            return FindInPath(name);
        };
    m_cec = m_opt.exists(m_opt.cec_ctl) && m_opt.exists(m_opt.cec_device);
    if (m_log)
        m_log(m_cec ? "display: HDMI-CEC through " + m_opt.cec_device
                    : "display: no HDMI-CEC (" + m_opt.cec_ctl + " or " + m_opt.cec_device +
                          " missing); the screen is switched through X only");
}

bool DisplayPower::Run(const std::vector<std::string>& argv) {
    const CommandResult r = m_opt.run(argv);
    const std::string line = Join(argv);
    bool& failing = m_failing[line];
    if (r.ok()) {
        if (failing && m_log) m_log("display: '" + line + "' works again");
        failing = false;
        return true;
    }
    if (!failing && m_log) {
        std::string why = !r.started    ? "could not be run"
                          : r.timed_out ? "did not finish in time and was stopped"
                                        : "failed with exit code " + std::to_string(r.exit_code);
        if (!r.output.empty()) why += ": " + r.output.substr(0, r.output.find('\n'));
        m_log("display: '" + line + "' " + why + " (reported once)");
    }
    failing = true;
    return false;
}

void DisplayPower::DisableBlanking() {
    // Two commands: a server without DPMS (Xvfb) still gets the screen saver off.
    Run({m_opt.xset, "s", "off", "s", "noblank"});
    Run({m_opt.xset, "-dpms"});
}

void DisplayPower::SetOn(bool on) {
    m_on = on;
    if (on) {
        // The TV first: it takes seconds to wake up.
        if (m_cec)
            Run({m_opt.cec_ctl, "-d", m_opt.cec_device, "--playback", "--to", "0",
                 "--image-view-on"});
        Run({m_opt.xset, "dpms", "force", "on"});
        // Forcing a DPMS level switched DPMS on; switch it off again so X
        // never blanks by itself during opening hours.
        Run({m_opt.xset, "-dpms"});
    } else {
        Run({m_opt.xset, "dpms", "force", "off"});
        if (m_cec)
            Run({m_opt.cec_ctl, "-d", m_opt.cec_device, "--playback", "--to", "0", "--standby"});
    }
}

} // namespace kiosk
