#include "app/staff_commands.h"

#include "app/pin.h"
#include "core/error.h"
#include "storage/package.h"
#include "storage/state_folder.h"

#include <filesystem>

namespace kiosk {

StaffCommands::StaffCommands(Jobs& jobs, Options options, LogFn log)
    : m_jobs(jobs), m_opt(std::move(options)), m_log(std::move(log)) {}

void StaffCommands::Run(AdminCommand command, int index, const std::string& pin, int64_t now_ms,
                        DoneFn done) {
    switch (command) {
    case AdminCommand::None:
        return;
    case AdminCommand::CheckPin:
        CheckPin(pin, now_ms, std::move(done));
        return;
    case AdminCommand::Rollback:
        RollBack(index, std::move(done));
        return;
    case AdminCommand::Restart: {
        m_log("restart asked from the staff panel");
        StaffOutcome out;
        out.restart = true;
        done(out);
        return;
    }
    case AdminCommand::ScreenOff: {
        StaffOutcome out;
        out.screen_off = true;
        done(out);
        return;
    }
    }
}

void StaffCommands::CheckPin(const std::string& pin, int64_t now_ms, DoneFn done) {
    StaffOutcome out;
    auto wait_text = [this, now_ms] {
        return std::to_string((m_pin_guard.WaitMs(now_ms) + 999) / 1000) + " s.";
    };
    if (m_opt.pin_hash.empty()) {
        out.message = "No staff PIN is set. Set one with: sudo kiosk --set-pin";
        done(out);
        return;
    }
    if (m_pin_pending) return; // the check under way answers
    if (!m_pin_guard.CanTry(now_ms)) {
        out.message = "Too many wrong attempts. Try again in " + wait_text();
        done(out);
        return;
    }
    m_pin_pending = true;
    const std::string hash = m_opt.pin_hash;
    m_jobs.Post([this, pin, hash, now_ms, done, wait_text]() -> Jobs::Done {
        const bool right = VerifyPin(pin, hash);
        return [this, right, now_ms, done, wait_text] {
            m_pin_pending = false;
            StaffOutcome out;
            if (right) {
                m_pin_guard.Succeeded();
                out.open_panel = true;
                m_log("staff panel opened");
            } else {
                m_pin_guard.Failed(now_ms);
                out.message = "Wrong PIN. The next attempt is possible in " + wait_text();
                m_log("wrong staff PIN entered");
            }
            done(out);
        };
    });
}

void StaffCommands::RollBack(int index, DoneFn done) {
    const Options opt = m_opt;
    const LogFn log = m_log;
    m_jobs.Post([opt, log, index, done]() -> Jobs::Done {
        StaffOutcome out;
        const StateFolder folder = StateFolder::Existing(opt.state_dir);
        const auto previous = folder.PreviousPackages();
        std::error_code ec;
        if (index < 0 || index >= static_cast<int>(previous.size())) {
            out.message = "Cannot roll back: that package is no longer installed.";
        } else if (std::filesystem::absolute(opt.exhibit_path, ec).lexically_normal() !=
                   std::filesystem::absolute(folder.CurrentPath(), ec).lexically_normal()) {
            out.message = "Cannot roll back: this kiosk shows " + opt.exhibit_path +
                          ", not the state folder's current exhibit.";
        } else {
            const std::string& name = previous[static_cast<size_t>(index)];
            if (!CheckPackage(folder.ExhibitsDir() + "/" + name).empty()) {
                out.message = "Cannot roll back: " + name + " is damaged.";
            } else {
                try {
                    folder.RollBack(name);
                    log("rolled back to " + name + " from the staff panel");
                    out.message = "Rolled back to " + name + ".";
                    out.reload = true;
                } catch (const IoError& e) {
                    out.message = std::string("Cannot roll back: ") + e.what();
                }
            }
        }
        return [done, out] { done(out); };
    });
}

} // namespace kiosk
