# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The tally authors
# The seeded simulation, each metric's best threshold and the comparison.
set(MUST_MATCH
    [[2000 samples, 190 positive \(9\.5%\); 2000 distinct thresholds evaluated]]
    [[F1 0\.457 0\.687 8\.7% 0\.658 0\.718 0\.973]]
    [[MCC 0\.457 0\.656 8\.7%]]
    [[balanced accuracy 0\.283 0\.863 20\.6% 0\.863 0\.397 0\.862]]
    [[outweighs 9\.5 false alarms\. Its best threshold, 0\.283, is lower than F1's]]
    [[its best threshold \(0\.457\) is F1's]]
    [[TN changes by 11% \(1761 to 1561\) while FP changes 5\.1-fold]]
    [[TP 125 FN 65 190 positives]]
    [[Accuracy \(0\.943\) is above F1 \(0\.687\) because true negatives \(1761\) outnumber true positives \(125\)]]
    [[wrote thresholds\.csv]])
set(MUST_NOT_MATCH [=[[^a-z]nan[^a-z]]=] [=[[^a-z]inf[^a-z]]=])
set(OUTPUT_FILE thresholds.csv)
set(FILE_MIN_LINES 2001)
set(FILE_MUST_MATCH [[^threshold,tp,fp,fn,tn,f1,mcc,balanced_accuracy ]])
