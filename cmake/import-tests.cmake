# Tests of kiosk-import: Catch2 unit tests of the library, the power-loss
# test, the end-to-end test on loop-mounted FAT/exFAT/ext4 images, and checks
# of the board integration files. Included from tests/CMakeLists.txt.
set(IMPORT_TEST_DIR ${CMAKE_SOURCE_DIR}/tests/import)

file(GLOB IMPORT_TEST_SOURCES CONFIGURE_DEPENDS ${IMPORT_TEST_DIR}/*_test.cpp)
add_executable(import_tests ${IMPORT_TEST_DIR}/main.cpp ${IMPORT_TEST_SOURCES})
target_include_directories(import_tests PRIVATE ${CMAKE_SOURCE_DIR}/tests ${CMAKE_SOURCE_DIR}/tests/unit)
target_link_libraries(import_tests PRIVATE kiosk_import Catch2::Catch2)
target_compile_definitions(import_tests PRIVATE KIOSK_IMPORT_BIN="$<TARGET_FILE:kiosk-import>"
  KIOSK_PACK_BIN="$<TARGET_FILE:kiosk-pack>")
add_dependencies(import_tests kiosk-import kiosk-pack)
catch_discover_tests(import_tests TEST_PREFIX "import: " PROPERTIES TIMEOUT 120)

# `current` must open as a complete package after kiosk-import is killed anywhere.
add_executable(import-check-current ${IMPORT_TEST_DIR}/check_current.cpp)
target_link_libraries(import-check-current PRIVATE kiosk_storage)
add_executable(import-power-loss ${IMPORT_TEST_DIR}/power_loss.cpp)
target_include_directories(import-power-loss PRIVATE ${CMAKE_SOURCE_DIR}/tests ${CMAKE_SOURCE_DIR}/tests/unit)
target_link_libraries(import-power-loss PRIVATE kiosk_import)
add_test(NAME "import: kiosk-import killed at 200 random moments always leaves a complete current package"
  COMMAND import-power-loss $<TARGET_FILE:kiosk-import> 200)
set_tests_properties("import: kiosk-import killed at 200 random moments always leaves a complete current package"
  PROPERTIES TIMEOUT 90 RUN_SERIAL TRUE)

# The curator's story on real filesystems (needs root and loop devices; 77 = skipped).
add_test(NAME "import: a curator's signed package is installed from FAT, exFAT and ext4 sticks"
  COMMAND ${IMPORT_TEST_DIR}/usb_e2e.sh $<TARGET_FILE:kiosk-import> $<TARGET_FILE:kiosk-pack>
          $<TARGET_FILE:import-check-current> ${CMAKE_SOURCE_DIR})
set_tests_properties("import: a curator's signed package is installed from FAT, exFAT and ext4 sticks"
  PROPERTIES TIMEOUT 120 SKIP_RETURN_CODE 77 RUN_SERIAL TRUE)

# The udev rule, the service unit and the helper script.
add_test(NAME "import: the udev rule, service unit and helper script pass their checkers"
  COMMAND ${IMPORT_TEST_DIR}/board_files.sh ${CMAKE_SOURCE_DIR})
set_tests_properties("import: the udev rule, service unit and helper script pass their checkers"
  PROPERTIES TIMEOUT 60 SKIP_RETURN_CODE 77)

# The running kiosk's side of an import (needs the kiosk, so only with the GUI).
if(TARGET kiosk)
  add_test(NAME "e2e: the running kiosk shows an import's outcome, then the new exhibit"
    COMMAND ${CMAKE_SOURCE_DIR}/tests/e2e/usb_update_kiosk.sh $<TARGET_FILE:kiosk> $<TARGET_FILE:kiosk-pack>
            $<TARGET_FILE:kiosk-import> ${CMAKE_SOURCE_DIR}/kiosk-content ${CMAKE_CURRENT_BINARY_DIR}/e2e-output/usb-update)
  set_tests_properties("e2e: the running kiosk shows an import's outcome, then the new exhibit" PROPERTIES
    TIMEOUT 120 RESOURCE_LOCK xvfb_cpu)
endif()
