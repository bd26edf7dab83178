# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The tally authors
#
# Checks that docs/examples.md shows an example's real output: runs the
# example and looks for its output, verbatim, in the document. Usage:
#
#   cmake -DEXE=<program> -DDOC=<examples.md> -DWORKDIR=<dir> [-DARG=<argument>]
#         [-DUNTIL=<text>] [-DFILE=<written file> -DREFERENCE=<committed copy>]
#         -P check_docs.cmake
#
# UNTIL: compare only the output before the first occurrence of this text.
# FILE / REFERENCE: the file the example writes must equal the committed one.
# SOURCE: the document must also show this source file, without its first
# two lines (the license and copyright comments).

foreach(_var EXE DOC WORKDIR)
  if(NOT DEFINED ${_var})
    message(FATAL_ERROR "check_docs.cmake: ${_var} is not set")
  endif()
endforeach()
file(MAKE_DIRECTORY "${WORKDIR}")
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
if(DEFINED UNTIL)
  string(FIND "${_out}" "${UNTIL}" _at)
  if(_at LESS 0)
    message(FATAL_ERROR "the output has no '${UNTIL}'")
  endif()
  string(SUBSTRING "${_out}" 0 ${_at} _out)
endif()
string(STRIP "${_out}" _out)
file(READ "${DOC}" _doc)
string(FIND "${_doc}" "${_out}" _found)
if(_found LESS 0)
  message(FATAL_ERROR "${DOC} does not show the current output of ${EXE}; paste this:\n${_out}")
endif()
if(DEFINED SOURCE)
  file(READ "${SOURCE}" _src)
  string(REGEX REPLACE "^//[^\n]*\n//[^\n]*\n" "" _src "${_src}")
  string(STRIP "${_src}" _src)
  string(FIND "${_doc}" "${_src}" _found)
  if(_found LESS 0)
    message(FATAL_ERROR "${DOC} does not show the current ${SOURCE}")
  endif()
endif()
if(DEFINED FILE)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files "${WORKDIR}/${FILE}" "${REFERENCE}"
                  RESULT_VARIABLE _same)
  if(NOT _same EQUAL 0)
    message(FATAL_ERROR "${WORKDIR}/${FILE} differs from the committed ${REFERENCE}")
  endif()
endif()
message(STATUS "ok: ${DOC} shows the output of ${EXE}")
