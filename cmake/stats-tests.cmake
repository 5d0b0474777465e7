# Tests of the visit statistics (issue 7), included from tests/CMakeLists.txt:
#   stats: ...                Catch2: the visit tracker on a fake clock, visits.db
#                             (round trip, atomic visits, retention, summary),
#                             the reports and kiosk-stats' command line
#   stats: power cut ...      a writer killed with SIGKILL at random moments
#   stats: one year ...       the report on a year of a busy kiosk; prints its
#                             time, never asserts one (benchmarks report, tests never time)
set(STATS_TEST_DIR ${CMAKE_SOURCE_DIR}/tests/stats)

file(GLOB STATS_TEST_SOURCES CONFIGURE_DEPENDS ${STATS_TEST_DIR}/*_test.cpp)
add_executable(stats_tests ${STATS_TEST_DIR}/main.cpp ${STATS_TEST_SOURCES})
target_include_directories(stats_tests PRIVATE ${CMAKE_SOURCE_DIR}/tests ${CMAKE_SOURCE_DIR}/tests/unit)
target_link_libraries(stats_tests PRIVATE kiosk_stats_lib Catch2::Catch2)
target_compile_definitions(stats_tests PRIVATE KIOSK_STATS_BIN="$<TARGET_FILE:kiosk-stats>")
add_dependencies(stats_tests kiosk-stats)
catch_discover_tests(stats_tests TEST_PREFIX "stats: " PROPERTIES TIMEOUT 120)

add_executable(stats-power-cut ${STATS_TEST_DIR}/power_cut.cpp)
target_include_directories(stats-power-cut PRIVATE ${CMAKE_SOURCE_DIR}/tests ${CMAKE_SOURCE_DIR}/tests/unit)
target_link_libraries(stats-power-cut PRIVATE kiosk_storage)
add_test(NAME "stats: power cut: a writer killed at 40 random moments leaves visits.db sound, every visit whole, none lost"
  COMMAND stats-power-cut 40)
set_tests_properties("stats: power cut: a writer killed at 40 random moments leaves visits.db sound, every visit whole, none lost"
  PROPERTIES TIMEOUT 60)

add_executable(stats-year-report ${STATS_TEST_DIR}/year_report.cpp)
target_include_directories(stats-year-report PRIVATE ${CMAKE_SOURCE_DIR}/tests ${CMAKE_SOURCE_DIR}/tests/unit)
target_link_libraries(stats-year-report PRIVATE kiosk_stats_lib)
add_test(NAME "stats: one year of a busy kiosk (300 visits a day) is reported as text, CSV, JSON and HTML (benchmark)"
  COMMAND stats-year-report --days 365 --per-day 300)
set_tests_properties("stats: one year of a busy kiosk (300 visits a day) is reported as text, CSV, JSON and HTML (benchmark)"
  PROPERTIES TIMEOUT 300 ENVIRONMENT "TZ=UTC")
