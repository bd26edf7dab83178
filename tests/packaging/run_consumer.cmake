# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The tally authors
#
# Packaging test driver: cmake -DMODE=<mode> -DSOURCE_DIR=<tally> -DWORK_DIR=<dir>
#   [-DCXX=<compiler>] [-DGENERATOR=<gen>] [-DMAKE_PROGRAM=<prog>] [-DCXX_STANDARD=17]
#   [-DSTAGE_DIR=<prefix>] [-DPKG_CONFIG=<pkg-config>] -P run_consumer.cmake
#
# Modes:
#   stage_install            configure tally alone (defaults) and install it to STAGE_DIR
#   find_package             consumer uses find_package(tally) from STAGE_DIR; then which
#                            version requests the package accepts and refuses
#   find_package_relocated   install, move the prefix, then find_package and pkg-config from
#                            the new place (the old one no longer exists)
#   pkg_config               consumer uses pkg_check_modules(tally) from STAGE_DIR
#   fetchcontent_source_dir  consumer uses FetchContent_Declare(tally SOURCE_DIR ...)
#   fetchcontent_url         consumer uses FetchContent_Declare(tally URL file://...tar.gz
#                            URL_HASH ...) on an archive of CMakeLists.txt, LICENSE, cmake/, include/
#   add_subdirectory         consumer uses add_subdirectory(<tally>)
#   single_header            main.cpp compiled with nothing but -I single_include
# Every mode starts from an empty WORK_DIR.
cmake_minimum_required(VERSION 3.21)

get_filename_component(_here "${CMAKE_CURRENT_LIST_FILE}" DIRECTORY)
include("${_here}/common.cmake")

foreach(_var MODE SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${_var})
    message(FATAL_ERROR "run_consumer.cmake: -D${_var}=... is required")
  endif()
endforeach()
if(NOT CXX_STANDARD)
  set(CXX_STANDARD 17)
endif()

tally_read_version("${SOURCE_DIR}" _version)
set(TALLY_TEST_VERSION "${_version}")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

if(MODE STREQUAL "stage_install")
  tally_stage_install("${SOURCE_DIR}" "${WORK_DIR}/build" "${STAGE_DIR}")
  foreach(_f include/tally.hpp include/tally/version.hpp share/cmake/tally/tallyConfig.cmake
             share/cmake/tally/tallyConfigVersion.cmake share/cmake/tally/tallyTargets.cmake
             share/pkgconfig/tally.pc share/doc/tally/LICENSE)
    if(NOT EXISTS "${STAGE_DIR}/${_f}")
      message(FATAL_ERROR "the install lacks ${_f}")
    endif()
  endforeach()

elseif(MODE STREQUAL "find_package")
  build_and_run_consumer(find_package -DTALLY_CONSUMER_MODE=find_package
                         "-DCMAKE_PREFIX_PATH=${STAGE_DIR}" "-DTALLY_CONSUMER_PREFIX=${STAGE_DIR}")
  # The version file's compatibility rule: SemVer, with 0.x minors incompatible.
  string(REPLACE "." ";" _v "${TALLY_TEST_VERSION}")
  list(GET _v 0 _major)
  list(GET _v 1 _minor)
  math(EXPR _next_major "${_major} + 1")
  math(EXPR _next_minor "${_minor} + 1")
  set(_accept "${_major}.${_minor}" "${TALLY_TEST_VERSION}")
  set(_reject "${_next_major}.0" "${_major}.${_next_minor}")
  if(_major EQUAL 0)
    if(_minor GREATER 0)
      math(EXPR _prev_minor "${_minor} - 1")
      list(APPEND _reject "0.${_prev_minor}")
    endif()
  else()
    list(APPEND _accept "${_major}.0")
  endif()
  # Lists go as comma-separated strings: a ';' would split the argument.
  string(REPLACE ";" "," _accept "${_accept}")
  string(REPLACE ";" "," _reject "${_reject}")
  tally_cmake_configure("${_here}/version_probe" "${WORK_DIR}/version_probe"
                        "-DCMAKE_PREFIX_PATH=${STAGE_DIR}" "-DPROBE_VERSION=${TALLY_TEST_VERSION}"
                        "-DPROBE_ACCEPT=${_accept}" "-DPROBE_REJECT=${_reject}")

elseif(MODE STREQUAL "find_package_relocated")
  tally_stage_install("${SOURCE_DIR}" "${WORK_DIR}/build" "${WORK_DIR}/original-prefix")
  file(RENAME "${WORK_DIR}/original-prefix" "${WORK_DIR}/moved-prefix")
  build_and_run_consumer(find_package -DTALLY_CONSUMER_MODE=find_package
                         "-DCMAKE_PREFIX_PATH=${WORK_DIR}/moved-prefix"
                         "-DTALLY_CONSUMER_PREFIX=${WORK_DIR}/moved-prefix")
  check_pkg_config("${WORK_DIR}/moved-prefix")

elseif(MODE STREQUAL "pkg_config")
  check_pkg_config("${STAGE_DIR}")
  # Only pkg-config may find tally here: no CMAKE_PREFIX_PATH.
  build_and_run_consumer(pkg_config -DTALLY_CONSUMER_MODE=pkg_config
                         "-DPKG_CONFIG_EXECUTABLE=${PKG_CONFIG}")

elseif(MODE STREQUAL "fetchcontent_source_dir")
  build_and_run_consumer(fetchcontent -DTALLY_CONSUMER_MODE=fetchcontent
                         "-DTALLY_CONSUMER_SOURCE_DIR=${SOURCE_DIR}")
  check_installs_nothing(fetchcontent)

elseif(MODE STREQUAL "fetchcontent_url")
  # The archive a release would attach: the files a consumer build needs.
  set(_top "tally-${_version}")
  file(MAKE_DIRECTORY "${WORK_DIR}/archive/${_top}")
  file(COPY "${SOURCE_DIR}/CMakeLists.txt" "${SOURCE_DIR}/LICENSE" "${SOURCE_DIR}/cmake"
            "${SOURCE_DIR}/include" DESTINATION "${WORK_DIR}/archive/${_top}")
  tally_run(${CMAKE_COMMAND} -E tar czf "${WORK_DIR}/${_top}.tar.gz" "${_top}"
            WORKING_DIRECTORY "${WORK_DIR}/archive")
  file(SHA256 "${WORK_DIR}/${_top}.tar.gz" _sha256)
  build_and_run_consumer(fetchcontent -DTALLY_CONSUMER_MODE=fetchcontent
                         "-DTALLY_CONSUMER_URL=file://${WORK_DIR}/${_top}.tar.gz"
                         "-DTALLY_CONSUMER_URL_SHA256=${_sha256}"
                         -DFETCHCONTENT_QUIET=OFF)
  check_installs_nothing(fetchcontent)

elseif(MODE STREQUAL "add_subdirectory")
  build_and_run_consumer(add_subdirectory -DTALLY_CONSUMER_MODE=add_subdirectory
                         "-DTALLY_CONSUMER_SOURCE_DIR=${SOURCE_DIR}")
  check_installs_nothing(add_subdirectory)

elseif(MODE STREQUAL "single_header")
  if(NOT CXX)
    message(FATAL_ERROR "-DCXX=<compiler> is required for single_header")
  endif()
  set(_exe "${WORK_DIR}/tally_consumer")
  tally_run("${CXX}" -std=c++${CXX_STANDARD} -O2 -Wall -Wextra -Wpedantic -Wconversion
            -Wsign-conversion -Wshadow -Werror "-DTALLY_CONSUMER_EXPECTED_VERSION=\"${_version}\""
            -I "${SOURCE_DIR}/single_include" "${_here}/consumer/main.cpp" -o "${_exe}")
  tally_run("${_exe}")

else()
  message(FATAL_ERROR "run_consumer.cmake: unknown MODE '${MODE}'")
endif()
