// The screen's power: on during opening hours, off outside them, never blanked
// by X on its own. DPMS through X (`xset`), and HDMI-CEC standby / wake for a
// TV where `cec-ctl` and a CEC device are present. External commands run with
// fork/exec (no shell), with a time limit; a failing command is logged once,
// not every time it is retried.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace kiosk {

struct CommandResult {
    bool started = false;   // false: not found or could not be run
    bool timed_out = false; // killed after the time limit
    int exit_code = -1;     // valid when started and not timed out
    std::string output;     // stdout and stderr, at most a few KB
    bool ok() const { return started && !timed_out && exit_code == 0; }
};

// Runs argv[0] (searched in PATH) with its arguments, no shell. Its stdin is
// /dev/null; its output is captured. Killed (SIGKILL) after `timeout_ms`. The
// child gets the kiosk's environment without NOTIFY_SOCKET and WATCHDOG_*,
// so nothing it runs can speak to systemd for the kiosk. Never throws for the
// command's failure: the result says what happened.
CommandResult RunCommand(const std::vector<std::string>& argv, int timeout_ms = 5000);

// True when `name` is an executable file in PATH (or a path to one).
bool FindInPath(const std::string& name);

using CommandRunner = std::function<CommandResult(const std::vector<std::string>& argv)>;

struct DisplayPowerOptions {
    // HDMI-CEC: used when `cec_ctl` is found and `cec_device` exists.
    std::string cec_ctl = "cec-ctl";
    std::string cec_device = "/dev/cec0";
    std::string xset = "xset";
    CommandRunner run;                              // empty: RunCommand
    std::function<bool(const std::string&)> exists; // empty: the real file system / PATH
};

class DisplayPower {
  public:
    using LogFn = std::function<void(const std::string&)>;

    explicit DisplayPower(LogFn log, DisplayPowerOptions options = {});

    bool cec() const { return m_cec; }
    bool on() const { return m_on; }

    // At start: no screen saver, no blanking, no DPMS timeouts.
    void DisableBlanking();

    // Turns the screen on or off. Runs its commands every time, on purpose: a
    // touch on a screen that X turned off wakes it, and the caller asks for
    // "off" again (say once a minute while closed) to put it back to sleep.
    void SetOn(bool on);

  private:
    // Runs one command; logs its first failure, and that it works again.
    bool Run(const std::vector<std::string>& argv);

    LogFn m_log;
    DisplayPowerOptions m_opt;
    bool m_cec = false;
    bool m_on = true;
    std::map<std::string, bool> m_failing; // by command line
};

} // namespace kiosk
