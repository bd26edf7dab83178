# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The tally authors
#
# Helpers shared by the packaging test scripts (run with cmake -P). They read
# CXX, GENERATOR and MAKE_PROGRAM, when defined, to build nested projects with
# the same tools as the enclosing build.

get_filename_component(_tally_packaging_dir "${CMAKE_CURRENT_LIST_FILE}" DIRECTORY)

# Run a command; stop with its output if it fails. Optional trailing
# OUTPUT_VARIABLE <var> / WORKING_DIRECTORY <dir>.
function(tally_run)
  cmake_parse_arguments(PARSE_ARGV 0 _arg "" "OUTPUT_VARIABLE;WORKING_DIRECTORY" "")
  set(_cmd ${_arg_UNPARSED_ARGUMENTS})
  if(NOT _arg_WORKING_DIRECTORY)
    set(_arg_WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
  endif()
  list(JOIN _cmd " " _shown)
  message(STATUS "$ ${_shown}")
  if(_arg_OUTPUT_VARIABLE)
    execute_process(COMMAND ${_cmd} WORKING_DIRECTORY "${_arg_WORKING_DIRECTORY}"
                    RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err
                    OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(NOT _rc EQUAL 0)
      message(FATAL_ERROR "failed (${_rc}): ${_shown}\n${_out}\n${_err}")
    endif()
    set(${_arg_OUTPUT_VARIABLE} "${_out}" PARENT_SCOPE)
  else()
    execute_process(COMMAND ${_cmd} WORKING_DIRECTORY "${_arg_WORKING_DIRECTORY}"
                    RESULT_VARIABLE _rc)
    if(NOT _rc EQUAL 0)
      message(FATAL_ERROR "failed (${_rc}): ${_shown}")
    endif()
  endif()
endfunction()

# Version from include/tally/version.hpp, the one place it is written.
function(tally_read_version source_dir out_var)
  file(STRINGS "${source_dir}/include/tally/version.hpp" _lines
       REGEX "^#define TALLY_VERSION_(MAJOR|MINOR|PATCH) ")
  foreach(_part MAJOR MINOR PATCH)
    set(_v_${_part} "")
    foreach(_line IN LISTS _lines)
      if(_line MATCHES "^#define TALLY_VERSION_${_part} +([0-9]+)$")
        set(_v_${_part} "${CMAKE_MATCH_1}")
      endif()
    endforeach()
    if(_v_${_part} STREQUAL "")
      message(FATAL_ERROR "TALLY_VERSION_${_part} not found in include/tally/version.hpp")
    endif()
  endforeach()
  set(${out_var} "${_v_MAJOR}.${_v_MINOR}.${_v_PATCH}" PARENT_SCOPE)
endfunction()

# Configure a fresh build folder for a nested project.
function(tally_cmake_configure source build)
  set(_args)
  if(GENERATOR)
    list(APPEND _args -G "${GENERATOR}")
  endif()
  if(MAKE_PROGRAM)
    list(APPEND _args "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
  endif()
  if(CXX)
    list(APPEND _args "-DCMAKE_CXX_COMPILER=${CXX}")
  endif()
  file(REMOVE_RECURSE "${build}")
  tally_run(${CMAKE_COMMAND} -S "${source}" -B "${build}" ${_args} ${ARGN})
endfunction()

# Configure tally as a top-level project with its defaults (except tests and
# examples, which an install does not need) and install it to prefix.
function(tally_stage_install source build prefix)
  tally_cmake_configure("${source}" "${build}" -DTALLY_BUILD_TESTS=OFF -DTALLY_BUILD_EXAMPLES=OFF
                        ${ARGN})
  file(REMOVE_RECURSE "${prefix}")
  tally_run(${CMAKE_COMMAND} --install "${build}" --prefix "${prefix}")
endfunction()

# The functions below use WORK_DIR, CXX_STANDARD, PKG_CONFIG and TALLY_TEST_VERSION.

# Configure, build and run the consumer project with extra -D arguments.
function(build_and_run_consumer name)
  set(_build "${WORK_DIR}/${name}")
  # Release: some warnings (-Wmaybe-uninitialized) only appear when optimizing.
  tally_cmake_configure("${_tally_packaging_dir}/consumer" "${_build}" -DCMAKE_BUILD_TYPE=Release
                        -DCMAKE_CXX_STANDARD=${CXX_STANDARD}
                        -DTALLY_CONSUMER_VERSION=${TALLY_TEST_VERSION} ${ARGN})
  tally_run(${CMAKE_COMMAND} --build "${_build}")
  file(GLOB_RECURSE _exe "${_build}/tally_consumer" "${_build}/tally_consumer.exe"
       "${_build}/*/tally_consumer.exe")
  if(NOT _exe)
    message(FATAL_ERROR "tally_consumer was not built in ${_build}")
  endif()
  list(GET _exe 0 _exe)
  tally_run("${_exe}")
endfunction()

# A subproject build must install nothing of tally's.
function(check_installs_nothing name)
  set(_probe "${WORK_DIR}/${name}-install")
  tally_run(${CMAKE_COMMAND} --install "${WORK_DIR}/${name}" --prefix "${_probe}")
  file(GLOB_RECURSE _installed LIST_DIRECTORIES false "${_probe}/*")
  if(_installed)
    message(FATAL_ERROR "installing the consumer also installed: ${_installed}")
  endif()
endfunction()

# pkg-config --cflags must point at an include directory holding tally's headers.
function(check_pkg_config prefix)
  if(NOT PKG_CONFIG)
    message(FATAL_ERROR "pkg-config was not found; it is needed for this test")
  endif()
  set(ENV{PKG_CONFIG_PATH} "${prefix}/share/pkgconfig")
  tally_run(${PKG_CONFIG} --modversion tally OUTPUT_VARIABLE _pc_version)
  if(NOT _pc_version STREQUAL TALLY_TEST_VERSION)
    message(FATAL_ERROR "pkg-config reports version '${_pc_version}', expected ${TALLY_TEST_VERSION}")
  endif()
  tally_run(${PKG_CONFIG} --libs tally OUTPUT_VARIABLE _libs)
  if(NOT _libs STREQUAL "")
    message(FATAL_ERROR "tally.pc must have no libraries, has '${_libs}'")
  endif()
  tally_run(${PKG_CONFIG} --keep-system-cflags --cflags-only-I tally OUTPUT_VARIABLE _cflags)
  string(REGEX MATCH "^-I([^ ]+)$" _ "${_cflags}")
  if(NOT CMAKE_MATCH_1 OR NOT EXISTS "${CMAKE_MATCH_1}/tally.hpp"
     OR NOT EXISTS "${CMAKE_MATCH_1}/tally/version.hpp")
    message(FATAL_ERROR "pkg-config --cflags gave '${_cflags}', which is not tally's include folder")
  endif()
  file(REAL_PATH "${CMAKE_MATCH_1}" _inc)
  file(REAL_PATH "${prefix}/include" _want)
  if(NOT _inc STREQUAL _want)
    message(FATAL_ERROR "pkg-config --cflags points to ${_inc}, expected ${_want}")
  endif()
  message(STATUS "pkg-config: tally ${_pc_version}, ${_cflags}")
endfunction()

