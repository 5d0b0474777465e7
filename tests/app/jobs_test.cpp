// app/jobs: slow work on the worker, its result on the caller's thread.

#include "app/jobs.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

using kiosk::Jobs;

TEST_CASE("a job runs on the worker and its result runs on the thread that asks for it") {
    std::atomic<int> wakes{0};
    Jobs jobs([&] { ++wakes; }, [](const std::string&) {});
    const auto caller = std::this_thread::get_id();
    std::thread::id worker, done_on;
    jobs.Post([&]() -> Jobs::Done {
        worker = std::this_thread::get_id();
        return [&] { done_on = std::this_thread::get_id(); };
    });
    jobs.WaitIdle();
    CHECK(worker != caller);
    CHECK(done_on == std::thread::id{}); // not run until asked
    CHECK(jobs.Busy());                  // a result is waiting
    CHECK(jobs.RunFinished() == 1);
    CHECK(done_on == caller);
    CHECK(wakes == 1);
    CHECK_FALSE(jobs.Busy());
}

TEST_CASE("jobs run one after the other in the order they were posted") {
    Jobs jobs([] {}, [](const std::string&) {});
    std::vector<int> order;
    for (int i = 0; i < 5; ++i)
        jobs.Post([&order, i]() -> Jobs::Done {
            order.push_back(i);
            return {};
        });
    jobs.WaitIdle();
    CHECK(order == std::vector<int>{0, 1, 2, 3, 4});
}

TEST_CASE("a job that throws is logged and the worker goes on") {
    std::vector<std::string> log;
    Jobs jobs([] {}, [&](const std::string& l) { log.push_back(l); });
    jobs.Post([]() -> Jobs::Done { throw std::runtime_error("disk on fire"); });
    bool second = false;
    jobs.Post([&]() -> Jobs::Done { return [&] { second = true; }; });
    jobs.WaitIdle();
    jobs.RunFinished();
    CHECK(second);
    REQUIRE(log.size() == 1);
    CHECK(log[0] == "a background job failed: disk on fire");
}
