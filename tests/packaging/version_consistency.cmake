# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The tally authors
#
# The version is written once, in include/tally/version.hpp. This check fails
# when anything else that states it disagrees:
#   CMake's project version (PROJECT_VERSION of the enclosing build, and any
#   literal VERSION in project()), the installed tallyConfigVersion.cmake and
#   tally.pc (STAGE_DIR), the ABI namespace in config.hpp, ports/tally/vcpkg.json,
#   README.md and docs/integration.md (find_package(tally X.Y), release tags
#   and archives such as GIT_TAG vX.Y.Z, .../tally/.../vX.Y.Z, tally-X.Y.Z), the newest release in CHANGELOG.md and the banner
#   of single_include/tally.hpp.
#   cmake -DSOURCE_DIR=<tally> [-DSTAGE_DIR=<install>] [-DPROJECT_VERSION=x.y.z] -P version_consistency.cmake
cmake_minimum_required(VERSION 3.21)

get_filename_component(_here "${CMAKE_CURRENT_LIST_FILE}" DIRECTORY)
include("${_here}/common.cmake")

tally_read_version("${SOURCE_DIR}" V)
string(REPLACE "." ";" _parts "${V}")
list(GET _parts 0 V_MAJOR)
list(GET _parts 1 V_MINOR)
list(GET _parts 2 V_PATCH)
set(_errors)
message(STATUS "include/tally/version.hpp: ${V}")

macro(expect what got)
  if(NOT "${got}" STREQUAL "${V}")
    list(APPEND _errors "${what} says '${got}', version.hpp says ${V}")
  else()
    message(STATUS "${what}: ${got}")
  endif()
endmacro()

# CMake.
if(PROJECT_VERSION)
  expect("the build's PROJECT_VERSION" "${PROJECT_VERSION}")
endif()
file(READ "${SOURCE_DIR}/CMakeLists.txt" _cmakelists)
if(_cmakelists MATCHES "project\\([^)]*VERSION[ \t\r\n]+([0-9]+(\\.[0-9]+)*)")
  expect("the VERSION in CMakeLists.txt's project()" "${CMAKE_MATCH_1}")
endif()
if(STAGE_DIR)
  set(_cv "${STAGE_DIR}/share/cmake/tally/tallyConfigVersion.cmake")
  if(NOT EXISTS "${_cv}")
    list(APPEND _errors "${_cv} is missing")
  else()
    file(STRINGS "${_cv}" _line REGEX "^set\\(PACKAGE_VERSION \"")
    string(REGEX REPLACE "^set\\(PACKAGE_VERSION \"([^\"]*)\"\\)$" "\\1" _cv_version "${_line}")
    expect("the installed tallyConfigVersion.cmake" "${_cv_version}")
  endif()
  set(_pc "${STAGE_DIR}/share/pkgconfig/tally.pc")
  if(NOT EXISTS "${_pc}")
    list(APPEND _errors "${_pc} is missing")
  else()
    file(STRINGS "${_pc}" _line REGEX "^Version:")
    string(REGEX REPLACE "^Version: *" "" _pc_version "${_line}")
    expect("the installed tally.pc" "${_pc_version}")
  endif()
endif()

# The versioned inline namespace.
file(READ "${SOURCE_DIR}/include/tally/config.hpp" _config)
if(_config MATCHES "#define TALLY_ABI_NAMESPACE_NAME v([0-9]+)_([0-9]+)_([0-9]+)")
  expect("TALLY_ABI_NAMESPACE_NAME in config.hpp"
         "${CMAKE_MATCH_1}.${CMAKE_MATCH_2}.${CMAKE_MATCH_3}")
endif()

# vcpkg.
file(READ "${SOURCE_DIR}/ports/tally/vcpkg.json" _manifest)
string(JSON _port_version ERROR_VARIABLE _json_error GET "${_manifest}" version)
if(_json_error)
  list(APPEND _errors "ports/tally/vcpkg.json: ${_json_error}")
else()
  expect("ports/tally/vcpkg.json" "${_port_version}")
endif()

# Documents: every version they quote must be this one; they must quote it.
function(check_document file)
  if(NOT EXISTS "${SOURCE_DIR}/${file}")
    set(_errors ${_errors} "${file} does not exist" PARENT_SCOPE)
    return()
  endif()
  file(READ "${SOURCE_DIR}/${file}" _text)
  set(_found 0)
  set(_local_errors)
  # find_package(tally X[.Y[.Z]] ...): must accept this version.
  string(REGEX MATCHALL "find_package\\(tally[ \t]+[0-9][0-9.]*" _requests "${_text}")
  foreach(_request IN LISTS _requests)
    string(REGEX REPLACE "^find_package\\(tally[ \t]+" "" _wanted "${_request}")
    string(REGEX REPLACE "\\.$" "" _wanted "${_wanted}")
    string(REPLACE "." ";" _w "${_wanted}")
    list(GET _w 0 _w_major)
    list(LENGTH _w _w_len)
    set(_ok ON)
    if(NOT _w_major EQUAL V_MAJOR OR _wanted VERSION_GREATER V)
      set(_ok OFF)
    elseif(V_MAJOR EQUAL 0)
      if(_w_len LESS 2)
        set(_ok OFF)
      else()
        list(GET _w 1 _w_minor)
        if(NOT _w_minor EQUAL V_MINOR)
          set(_ok OFF)
        endif()
      endif()
    endif()
    if(_ok)
      math(EXPR _found "${_found} + 1")
    else()
      list(APPEND _local_errors "${file}: '${_request}' does not accept version ${V}")
    endif()
  endforeach()
  # Tags and archives: tally-1.2.3, tally 1.2.3, .../tally/.../v1.2.3,
  # GIT_TAG v1.2.3, "version": "1.2.3".
  string(REGEX MATCHALL
         "(tally[-_ ]v?|tally/[^ \t\r\n\"')]*/v?|GIT_TAG[ \t]+v?|\"version\": *\")[0-9]+\\.[0-9]+\\.[0-9]+"
         _mentions "${_text}")
  foreach(_mention IN LISTS _mentions)
    string(REGEX MATCH "[0-9]+\\.[0-9]+\\.[0-9]+$" _quoted "${_mention}")
    if(_quoted STREQUAL V)
      math(EXPR _found "${_found} + 1")
    else()
      list(APPEND _local_errors "${file}: '${_mention}' is not version ${V}")
    endif()
  endforeach()
  if(_found EQUAL 0)
    list(APPEND _local_errors "${file} never states the version (${V})")
  else()
    message(STATUS "${file}: ${_found} mentions of ${V}")
  endif()
  set(_errors ${_errors} ${_local_errors} PARENT_SCOPE)
endfunction()
check_document(README.md)
check_document(docs/integration.md)

# CHANGELOG.md: the newest release heading ("## [1.2.3] - date", "## 1.2.3").
if(NOT EXISTS "${SOURCE_DIR}/CHANGELOG.md")
  list(APPEND _errors "CHANGELOG.md does not exist")
else()
  file(STRINGS "${SOURCE_DIR}/CHANGELOG.md" _headings REGEX "^## ")
  set(_release "")
  foreach(_h IN LISTS _headings)
    if(_h MATCHES "^## \\[?v?([0-9]+\\.[0-9]+\\.[0-9]+)")
      set(_release "${CMAKE_MATCH_1}")
      break()
    endif()
  endforeach()
  if(_release STREQUAL "")
    list(APPEND _errors "CHANGELOG.md has no release heading such as '## [${V}] - <date>'")
  else()
    expect("the newest release in CHANGELOG.md" "${_release}")
  endif()
endif()

# The generated single header.
if(EXISTS "${SOURCE_DIR}/single_include/tally.hpp")
  file(STRINGS "${SOURCE_DIR}/single_include/tally.hpp" _banner REGEX "^// tally [0-9.]+ " LIMIT_COUNT 1)
  string(REGEX REPLACE "^// tally ([0-9.]+) .*" "\\1" _sh_version "${_banner}")
  expect("single_include/tally.hpp" "${_sh_version}")
else()
  list(APPEND _errors "single_include/tally.hpp does not exist")
endif()

if(_errors)
  list(JOIN _errors "\n  " _text)
  message(FATAL_ERROR "version mismatch:\n  ${_text}")
endif()
message(STATUS "all agree on ${V}")
