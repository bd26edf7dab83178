# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The tally authors
# Sensitivity 0.9, specificity 0.8: accuracy = 0.8 + 0.1 p, balanced accuracy
# fixed at 0.85, F1 and MCC collapsing at the extremes; and the SVG plot.
set(MUST_MATCH
    [[ 1% 0\.801 0\.083 0\.850 0\.172 ]]
    [[ 50% 0\.850 0\.857 0\.850 0\.704 ]]
    [[ 99% 0\.899 0\.946 0\.850 0\.225 ]]
    [[accuracy 0\.801 \.\. 0\.899]]
    [[balanced accuracy 0\.850 \.\. 0\.850]]
    [[wrote sweep_check\.svg]])
set(MUST_NOT_MATCH [=[[^a-z]nan[^a-z]]=] [=[[^a-z]inf[^a-z]]=])
set(OUTPUT_FILE sweep_check.svg)
set(FILE_MUST_MATCH
    [[^<svg xmlns="http://www\.w3\.org/2000/svg"]]
    [[<polyline .*<polyline .*<polyline .*<polyline ]]
    [[>balanced accuracy</text>]]
    [[</svg> $]])
