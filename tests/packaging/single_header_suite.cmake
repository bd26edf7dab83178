# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The tally authors
#
# Builds tally's unit tests against single_include/tally.hpp alone (see
# single_header_suite/CMakeLists.txt) in a fresh folder and runs them.
#   cmake -DSOURCE_DIR=<tally> -DWORK_DIR=<dir> [-DCXX=...] [-DGENERATOR=...] -P single_header_suite.cmake
cmake_minimum_required(VERSION 3.21)

get_filename_component(_here "${CMAKE_CURRENT_LIST_FILE}" DIRECTORY)
include("${_here}/common.cmake")

set(_std 17)
if(CXX_STANDARD)
  set(_std ${CXX_STANDARD})
endif()
file(REMOVE_RECURSE "${WORK_DIR}")
tally_cmake_configure("${_here}/single_header_suite" "${WORK_DIR}" "-DTALLY_SOURCE_DIR=${SOURCE_DIR}"
                      -DCMAKE_CXX_STANDARD=${_std} -DCMAKE_CXX_EXTENSIONS=OFF
                      # -O1: the kernel tests run millions of checks, far slower unoptimized.
                      -DCMAKE_BUILD_TYPE= -DCMAKE_CXX_FLAGS=-O1)
tally_run(${CMAKE_COMMAND} --build "${WORK_DIR}" --parallel 2)
tally_run(${CMAKE_CTEST_COMMAND} --test-dir "${WORK_DIR}" --output-on-failure --no-tests=error)
