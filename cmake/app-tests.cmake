# Unit tests of the kiosk's rooms (src/app/ without the window): one file per
# room, fake clocks, real files in temporary folders, no GPU.
set(APP_TEST_DIR ${CMAKE_SOURCE_DIR}/tests/app)
file(GLOB APP_TEST_SOURCES CONFIGURE_DEPENDS ${APP_TEST_DIR}/*_test.cpp)
add_executable(app_tests ${APP_TEST_DIR}/main.cpp ${APP_TEST_SOURCES})
target_include_directories(app_tests PRIVATE ${CMAKE_SOURCE_DIR}/tests ${CMAKE_SOURCE_DIR}/tests/unit)
target_link_libraries(app_tests PRIVATE kiosk_app kiosk_pack Catch2::Catch2)
target_compile_definitions(app_tests PRIVATE
  KIOSK_SOURCE_DIR="${CMAKE_SOURCE_DIR}" KIOSK_PACK_BIN="$<TARGET_FILE:kiosk-pack>")
add_dependencies(app_tests kiosk-pack)
catch_discover_tests(app_tests TEST_PREFIX "app: " PROPERTIES TIMEOUT 120)

# Rollback under power cuts: the kiosk's switch of `current` killed at random
# moments (seeded, the seed printed) always leaves a complete package.
add_executable(app-rollback-power-loss ${APP_TEST_DIR}/rollback_power_loss.cpp)
target_include_directories(app-rollback-power-loss PRIVATE ${CMAKE_SOURCE_DIR}/tests ${CMAKE_SOURCE_DIR}/tests/unit)
target_link_libraries(app-rollback-power-loss PRIVATE kiosk_app)
add_test(NAME "app: the staff rollback killed at 300 random moments always leaves a complete current package"
  COMMAND app-rollback-power-loss 300)
set_tests_properties("app: the staff rollback killed at 300 random moments always leaves a complete current package"
  PROPERTIES TIMEOUT 90)
