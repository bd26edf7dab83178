# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The tally authors
#
# Runs one example and checks what it prints (and optionally a file it
# writes). Usage:
#
#   cmake -DEXE=<program> -DEXPECT=<expectations.cmake> -DWORKDIR=<dir>
#         [-DARG=<argument>] -P check_example.cmake
#
# The expectations file sets
#   MUST_MATCH       regular expressions the output must match
#   MUST_NOT_MATCH   regular expressions it must not match
#   OUTPUT_FILE      a file (relative to WORKDIR) the program must write
#   FILE_MUST_MATCH  regular expressions that file must match
#   FILE_MIN_LINES   the fewest lines that file may have
# Runs of white space (line breaks included) are squeezed to one space in
# both the output and the file before matching, so wrapped text matches a
# pattern written on one line.

foreach(_var EXE EXPECT WORKDIR)
  if(NOT DEFINED ${_var})
    message(FATAL_ERROR "check_example.cmake: ${_var} is not set")
  endif()
endforeach()
include("${EXPECT}")
file(MAKE_DIRECTORY "${WORKDIR}")
if(DEFINED OUTPUT_FILE)
  file(REMOVE "${WORKDIR}/${OUTPUT_FILE}")
endif()

set(_args)
if(DEFINED ARG)
  set(_args "${ARG}")
endif()
execute_process(
  COMMAND "${EXE}" ${_args}
  WORKING_DIRECTORY "${WORKDIR}"
  RESULT_VARIABLE _rc
  OUTPUT_VARIABLE _out
  ERROR_VARIABLE _err
  TIMEOUT 30)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "${EXE} exited with ${_rc}\n${_out}\n${_err}")
endif()
string(REGEX REPLACE "[ \t\r\n]+" " " _flat "${_out}")

set(_failed 0)
foreach(_re IN LISTS MUST_MATCH)
  if(NOT _flat MATCHES "${_re}")
    message(SEND_ERROR "output does not match: ${_re}")
    set(_failed 1)
  endif()
endforeach()
foreach(_re IN LISTS MUST_NOT_MATCH)
  if(_flat MATCHES "${_re}")
    message(SEND_ERROR "output matches what it must not: ${_re}")
    set(_failed 1)
  endif()
endforeach()

if(DEFINED OUTPUT_FILE)
  set(_file "${WORKDIR}/${OUTPUT_FILE}")
  if(NOT EXISTS "${_file}")
    message(FATAL_ERROR "${EXE} did not write ${_file}")
  endif()
  file(STRINGS "${_file}" _lines)
  list(LENGTH _lines _n)
  if(DEFINED FILE_MIN_LINES AND _n LESS FILE_MIN_LINES)
    message(SEND_ERROR "${_file} has ${_n} lines, expected at least ${FILE_MIN_LINES}")
    set(_failed 1)
  endif()
  file(READ "${_file}" _content)
  string(REGEX REPLACE "[ \t\r\n]+" " " _content "${_content}")
  foreach(_re IN LISTS FILE_MUST_MATCH)
    if(NOT _content MATCHES "${_re}")
      message(SEND_ERROR "${_file} does not match: ${_re}")
      set(_failed 1)
    endif()
  endforeach()
endif()

if(_failed)
  message(FATAL_ERROR "output of ${EXE}:\n${_out}")
endif()
message(STATUS "ok: ${EXE}")
