# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The tally authors
# The matrix behind the four reported scores, and the report's key findings.
set(MUST_MATCH
    [[test samples: ceil\(0\.3 \* 6992\) = 2098]]
    [[algebra: TP = .* = 1133\.0000]]
    [[matrices that reproduce all four values: 1 ]]
    [[TP=1133 FP=484 FN=138 TN=343]]
    [[recall 0\.8914240755310779 0\.8914240755310779 exact]]
    [[precision 0\.7006802721088435 0\.7006802721088435 exact]]
    [[f1 0\.7846260387811634 0\.7846260387811634 exact]]
    [[accuracy 0\.7035271816800843 0\.7035271687321258 float32]]
    [[1476/2098 is 0\.7035271687]]
    [[TP 1133 FN 138 1271 positives \(prevalence 60\.6%\)]]
    [[FP 484 TN 343 827 negatives]]
    [[predicted positive: 77\.1%]]
    [[F1 0\.7846 no 2 TP / \(2 TP \+ FP \+ FN\)]]
    [[accuracy 0\.7035 yes]]
    [[specificity 0\.4148 yes]]
    [[MCC 0\.3559 yes]]
    [[Cohen's kappa 0\.3303 yes]]
    [[always positive 100\.0% 0\.6058 0\.7545]]
    [[Accuracy \(0\.704\) is below F1 \(0\.785\) because there are fewer true negatives \(343\) than true positives \(1133\)]]
    [[finds only 41% of negatives \(specificity 0\.415\)]]
    [[F1 never counts true negatives|never counts a true negative]]
    [[Accuracy \(0\.704\) is above balanced accuracy \(0\.653\)]]
    [[F1 \(0\.785\) is only 0\.030 above always predicting positive \(0\.755\)]])
set(MUST_NOT_MATCH [=[[^a-z]nan[^a-z]]=] [[undefined]] [=[[^a-z]inf[^a-z]]=] [[MCC is]])
