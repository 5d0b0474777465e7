// What a staff action asks for, run outside the pure core: the PIN (an
// Argon2id hash, slow on purpose), rollback to a previous package (a
// whole-file check, then the state folder's switch), restart, screen off.
// The slow ones run on the jobs worker; the outcome comes back to the render
// thread, which applies it to the state.
#pragma once

#include "app/jobs.h"
#include "core/pin_guard.h"
#include "core/state.h"

#include <functional>
#include <string>

namespace kiosk {

struct StaffOutcome {
    std::string message;     // shown on the panel, in plain words
    bool open_panel = false; // the right PIN
    bool reload = false;     // `current` moved: show it as soon as the panel closes
    bool restart = false;    // leave; the service manager starts the kiosk again
    bool screen_off = false; // off until the exhibit next opens
};

class StaffCommands {
  public:
    using LogFn = std::function<void(const std::string&)>;
    using DoneFn = std::function<void(const StaffOutcome&)>;
    struct Options {
        std::string pin_hash;     // "" : no PIN set, the panel cannot be opened
        std::string exhibit_path; // rollback only when this is <state_dir>/current
        std::string state_dir;
    };
    StaffCommands(Jobs& jobs, Options options, LogFn log);

    // Runs `command`; `done` is called on the render thread with the outcome
    // (at once, or from the jobs worker's result).
    void Run(AdminCommand command, int index, const std::string& pin, int64_t now_ms, DoneFn done);

  private:
    void CheckPin(const std::string& pin, int64_t now_ms, DoneFn done);
    void RollBack(int index, DoneFn done);
    Jobs& m_jobs;
    Options m_opt;
    LogFn m_log;
    PinGuard m_pin_guard;
    bool m_pin_pending = false; // one PIN check at a time
};

} // namespace kiosk
