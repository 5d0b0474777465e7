// The kiosk's one worker for everything slow: package checks, rollback,
// visit statistics, the import status file, staff panel facts, display
// power. The render thread posts a job and goes on drawing; what the job
// found comes back as a closure that the render thread runs at the start of
// its next Tick. So the render thread never waits on a disk, a child process
// or a check (the watchdog would kill a kiosk that did).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace kiosk {

class Jobs {
  public:
    // What a job hands back to the render thread (may be empty).
    using Done = std::function<void()>;
    using Work = std::function<Done()>;

    // `wake` is called from the worker when a job finished (it interrupts the
    // render loop's wait). An exception escaping a job is logged through
    // `log`; the worker goes on.
    Jobs(std::function<void()> wake, std::function<void(const std::string&)> log);
    ~Jobs(); // finishes the job in progress, drops the queued ones
    Jobs(const Jobs&) = delete;
    Jobs& operator=(const Jobs&) = delete;

    void Post(Work work);

    // Render thread: runs the closures of the jobs that finished. Returns how many.
    int RunFinished();

    // True while a job is queued or running, or its result is not yet run.
    bool Busy() const;

    // Blocks until no job is queued or running. Only for the scripted mode's
    // fake clock, where "waiting" for the worker is what keeps runs
    // deterministic; the interactive loop never calls it.
    void WaitIdle();

  private:
    void Loop();
    std::function<void()> m_wake;
    std::function<void(const std::string&)> m_log;
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<Work> m_queue;
    std::deque<Done> m_done;
    bool m_running = false; // a job is being run by the worker
    bool m_stop = false;
    std::thread m_thread; // last: started after everything it uses
};

} // namespace kiosk
