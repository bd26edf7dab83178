# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The tally authors
# The README's first example; the numbers are scikit-learn's for the same data.
set(MUST_MATCH
    [[accuracy 0\.600 f1 0\.714 mcc 0\.102]]
    [[ 0 0\.50 0\.25 0\.33 4 1 0\.62 0\.83 0\.71 6 accuracy 0\.60 10 ]]
    [[macro avg 0\.56 0\.54 0\.52 10 weighted avg 0\.57 0\.60 0\.56 10]]
    [[tp=5 fp=3 fn=1 tn=1]]
    [[finding: accuracy_below_f1]]
    [[finding: f1_not_above_baseline]])
set(MUST_NOT_MATCH [=[[^a-z]nan[^a-z]]=] [[finding: accuracy_above_f1]])
