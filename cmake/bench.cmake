# [bench] Convenience targets on this build's binaries (never part of ALL):
#   cmake --build build --target bench         the full benchmarks (bench/run.sh)
#   cmake --build build --target bench-quick   the smoke run (one run, no Chromium)
if(KIOSK_BUILD_GUI)
  foreach(_bench bench bench-quick)
    set(_bench_args --no-build --build-dir ${CMAKE_BINARY_DIR})
    if(_bench STREQUAL "bench-quick")
      list(APPEND _bench_args --quick)
    endif()
    add_custom_target(${_bench}
      COMMAND ${CMAKE_SOURCE_DIR}/bench/run.sh ${_bench_args}
      WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
      USES_TERMINAL)
    add_dependencies(${_bench} kiosk kiosk-pack)
    if(TARGET kiosk-import)
      add_dependencies(${_bench} kiosk-import)
    endif()
  endforeach()
endif()
