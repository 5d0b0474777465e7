# Board tests (issue 5), included from tests/CMakeLists.txt:
#   board: ...           opening hours, watchdog timing, display power, the
#                        board's settings (Catch2, fake clocks, real zone rules)
#   board: watchdog ...  the watchdog path through a notify socket (python3)
#   board: units/...     systemd-analyze verify, shellcheck, the X session
#                        script with stand-in X tools, install.sh into a
#                        throwaway root (twice: nothing changes), the .deb
set(BOARD ${CMAKE_CURRENT_SOURCE_DIR}/board)

file(GLOB BOARD_TEST_SOURCES CONFIGURE_DEPENDS ${BOARD}/*_test.cpp)
add_executable(board_tests ${BOARD}/main.cpp ${BOARD_TEST_SOURCES})
target_include_directories(board_tests PRIVATE ${BOARD})
target_link_libraries(board_tests PRIVATE kiosk_board Catch2::Catch2)
target_compile_definitions(board_tests PRIVATE KIOSK_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
catch_discover_tests(board_tests TEST_PREFIX "board: ")

# A stand-in for the kiosk's render loop that links the real watchdog module.
add_executable(watchdog-probe ${BOARD}/watchdog_probe.cpp)
target_link_libraries(watchdog-probe PRIVATE kiosk_board)

find_program(PYTHON3 python3 REQUIRED)
set(PROBE_TEST ${BOARD}/watchdog_probe_test.py)
add_test(NAME "board: watchdog: READY=1 then a ping every half period"
  COMMAND ${PYTHON3} ${PROBE_TEST} alive $<TARGET_FILE:watchdog-probe>)
add_test(NAME "board: watchdog: a hung loop stops pinging while the process lives"
  COMMAND ${PYTHON3} ${PROBE_TEST} hang $<TARGET_FILE:watchdog-probe>)
add_test(NAME "board: watchdog: without WATCHDOG_USEC only READY=1 is sent"
  COMMAND ${PYTHON3} ${PROBE_TEST} no-watchdog $<TARGET_FILE:watchdog-probe> 3000)
add_test(NAME "board: watchdog: without a notify socket nothing is sent and nothing fails"
  COMMAND ${PYTHON3} ${PROBE_TEST} no-socket $<TARGET_FILE:watchdog-probe> 300)
set_tests_properties(
  "board: watchdog: READY=1 then a ping every half period"
  "board: watchdog: a hung loop stops pinging while the process lives"
  "board: watchdog: without WATCHDOG_USEC only READY=1 is sent"
  "board: watchdog: without a notify socket nothing is sent and nothing fails"
  PROPERTIES TIMEOUT 120)

# An X server sends its own READY=1 as soon as it accepts clients (this is
# why kiosk-session hides the socket from Xorg): only the program's counts.
add_test(NAME "board: watchdog: under an X server only the program's own READY=1 counts"
  COMMAND ${PYTHON3} ${PROBE_TEST} alive --sender watchdog-probe
          ${CMAKE_SOURCE_DIR}/tests/tools/xvfb_run.sh "-screen 0 640x480x24"
          $<TARGET_FILE:watchdog-probe>)
set_tests_properties("board: watchdog: under an X server only the program's own READY=1 counts"
  PROPERTIES TIMEOUT 120 RESOURCE_LOCK xvfb_cpu)

# The real kiosk told to hang (KIOSK_TEST_HANG_AFTER_MS: ms after READY=1,
# the loop stops but the process lives on).
if(TARGET kiosk)
  add_test(NAME "board: watchdog: the kiosk told to hang stops pinging"
    COMMAND ${PYTHON3} ${PROBE_TEST} hang --sender kiosk ${CMAKE_SOURCE_DIR}/tests/tools/xvfb_run.sh "-screen 0 1280x720x24"
            $<TARGET_FILE:kiosk> --exhibit ${CMAKE_BINARY_DIR}/default.kiosk)
  set_tests_properties("board: watchdog: the kiosk told to hang stops pinging" PROPERTIES
    ENVIRONMENT "KIOSK_TEST_HANG_AFTER_MS=4000")
  add_test(NAME "board: watchdog: the kiosk pings while it shows the exhibit"
    COMMAND ${PYTHON3} ${PROBE_TEST} alive --sender kiosk ${CMAKE_SOURCE_DIR}/tests/tools/xvfb_run.sh "-screen 0 1280x720x24"
            $<TARGET_FILE:kiosk> --exhibit ${CMAKE_BINARY_DIR}/default.kiosk)
  set_tests_properties("board: watchdog: the kiosk told to hang stops pinging"
    "board: watchdog: the kiosk pings while it shows the exhibit"
    PROPERTIES TIMEOUT 120 RESOURCE_LOCK xvfb_cpu)
endif()

add_test(NAME "board: units: systemd-analyze verify passes on every unit"
  COMMAND ${BOARD}/verify_units.sh ${CMAKE_SOURCE_DIR}/systemd)
add_test(NAME "board: scripts: shellcheck passes on every shell script"
  COMMAND ${BOARD}/shellcheck_all.sh ${CMAKE_SOURCE_DIR})
add_test(NAME "board: session: X starts with the rotation and the kiosk gets the notify socket"
  COMMAND ${BOARD}/session_test.sh ${CMAKE_SOURCE_DIR}/deploy/kiosk-session.sh)
add_test(NAME "board: install: into a throwaway root, and a second run changes nothing"
  COMMAND ${BOARD}/install_test.sh ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR})
add_test(NAME "board: package: the .deb holds the board's files, scripts and dependencies"
  COMMAND ${BOARD}/deb_test.sh ${CMAKE_BINARY_DIR})
set_tests_properties(
  "board: install: into a throwaway root, and a second run changes nothing"
  "board: package: the .deb holds the board's files, scripts and dependencies"
  PROPERTIES TIMEOUT 300 RESOURCE_LOCK board_install)

# The arm64 build: cross-compiled against Debian's arm64 libraries, its unit,
# board and watchdog tests run under qemu-aarch64 (about 8 minutes from a
# fresh clone on a busy 2-core machine, 75 MB downloaded; later runs reuse
# the sysroot). Niced, so the tests running beside it keep their pace.
#   ctest -L arm64      only this;   ctest -LE arm64   everything else
if(NOT CMAKE_CROSSCOMPILING)
  add_test(NAME "board: arm64: the cross-built unit and board tests pass under qemu"
    COMMAND nice -n 10 ${CMAKE_SOURCE_DIR}/deploy/cross-build-arm64.sh --no-deb)
  set_tests_properties("board: arm64: the cross-built unit and board tests pass under qemu"
    PROPERTIES TIMEOUT 1800 LABELS arm64 RESOURCE_LOCK arm64_build
    ENVIRONMENT "KIOSK_ARM64_BUILD=${CMAKE_BINARY_DIR}/arm64;KIOSK_WERROR=${KIOSK_WERROR}")
endif()
