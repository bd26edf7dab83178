#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The tally authors
"""Writes tests/conformance/cases/<fn>.jsonl: reference cases for tally.

Run with the system interpreter that sees Debian's scikit-learn 1.2.1:

    /usr/bin/python3 tests/conformance/generate.py [--out DIR] [--seed N]

The output is deterministic for a given seed. The case format is described in
docs/conformance.md.

tally follows scikit-learn 1.9. Debian ships 1.2.1, so every expected value
is produced by a reference function below that reproduces the 1.9 behaviour:
either 1.2.1's own function where the 1.9 code path is unchanged, or a
re-implementation of the 1.9 code path (cross-checked against 1.2.1 on the
inputs where both versions agree; a disagreement stops the generator).

Corrections applied to scikit-learn 1.2.1 (each one is the 1.9 behaviour):

 C1  Empty input (no samples) raises ValueError in every function (1.8). In
     1.2.1 several functions returned 0, NaN or an all-zero matrix (e.g.
     confusion_matrix with labels).
 C2  precision_recall_fscore_support / f1_score / fbeta_score: F-beta is
     computed from counts, (1+b^2) tp / (b^2 (tp+fn) + (tp+fp)), with the
     zero_division value applied only when that denominator is 0 (1.4).
     1.2.1 combined P and R, so F became the zero_division value (or a value
     computed from a substituted P) when only P or R was undefined.
     beta = 0 gives precision, beta = inf gives recall.
 C3  zero_division="nan" (np.nan) is accepted by the P/R/F family and
     classification_report (1.3); NaN entries are left out of averages
     (_nanaverage; all-NaN gives NaN). 1.2.1 rejected np.nan.
 C4  average="weighted" when every selected label has zero support: 1.9
     drops the weights (unweighted mean of the per-label values, NaN ones
     left out); 1.2.1 returned the zero_division value.
 C5  jaccard_score rejects zero_division="nan" (InvalidParameterError, a
     ValueError) in 1.9 as well; written as `raises`.
 C6  cohen_kappa_score: replace_undefined_by (1.9, default NaN) is returned
     when the confusion matrix is empty after applying `labels` or when the
     expected disagreement is 0. 1.2.1 produced NaN from 0/0 and had no
     parameter.
 C7  class_likelihood_ratios: replace_undefined_by (1.9; NaN, 1.0 or a
     dict {"LR+": v, "LR-": v}) replaces LR+ when fp == 0 and LR- when
     tn == 0; without positives both are NaN unless replaced through the
     same two rules. 1.2.1 had raise_warning and returned NaN.
 C8  classification_report(output_dict=True): the micro row is reported as
     "accuracy" when the target is binary/multiclass and `labels` covers
     every present label (superset, 1.5); 1.2.1 required equality. All
     numbers (including support) are floats; zero_division as in C2-C4.
 C9  roc_curve: the first threshold is +inf (1.3); 1.2.1 wrote max+1.
 C10 roc_auc_score: one class in y_true (binary, or a column/row of
     multilabel/ovr input) gives NaN (1.6); 1.2.1 raised ValueError. For
     average="weighted"/"samples" the scores of zero-weight columns/rows are
     set to 0 before averaging (so a NaN there does not propagate).
 C11 precision_recall_curve: drop_intermediate (1.3) is supported; 1.2.1
     had no such argument.
 C12 average_precision_score: max(0, ...) (no -0.0); multiclass y_true is
     binarized against the present labels (1.3); 1.2.1 raised for
     multiclass.
 C13 det_curve: counts start with a (0, 0) point at threshold +inf (1.7)
     and drop_intermediate (1.7) is supported.
 C14 confusion_matrix_at_thresholds (1.8, not in 1.2.1): computed from the
     1.9 code path: [tns, fps, fns, tps, thresholds] at the distinct scores
     in decreasing order, zero-weight samples dropped.
 C15 log_loss: probabilities are clipped to [eps, 1-eps] with
     eps = finfo(float64).eps and are NOT renormalized (1.3; 1.2.1 divided
     each row by its sum); values outside [0, 1] raise (1.9); `labels` must
     contain every y_true value (1.7) and at least two labels.
 C16 brier_score_loss: multiclass probabilities, `labels` and scale_by_half
     (1.7, 'auto' halves when there are fewer than 3 columns); binary input
     goes through the two-column path. pos_label=None with numeric labels
     other than {0,1}/{-1,1} falls back to the greatest label (1.7);
     string labels without pos_label raise. 1.2.1 had only the binary form.
 C17 Sample weights that are all zero raise ValueError (1.9's
     _check_sample_weight) in every function that validates them: all label
     metrics, the curves and average_precision_score, log_loss,
     brier_score_loss, and roc_auc_score whenever it reaches roc_curve (a
     one-class y_true gives NaN first). 1.2.1 returned 0 or NaN, or raised
     IndexError / ZeroDivisionError. top_k_accuracy_score and hinge_loss
     raise ZeroDivisionError from np.average (normalize=True), as in 1.2.1.
 C18 top_k_accuracy_score, hinge_loss, calibration_curve, matthews_corrcoef,
     balanced_accuracy_score, hamming_loss, zero_one_loss, accuracy_score,
     confusion_matrix, multilabel_confusion_matrix: only C1 and C17 apply (the
     1.9 code paths are otherwise equivalent on these inputs);
     calibration_curve has no sample_weight and no `normalize` in 1.9.

Not generated: inputs mixing string and numeric labels (1.9 raises; tally's
typed API cannot express them), sparse inputs, float32 inputs, warn_for.
"""

import argparse
import json
import math
import os
import sys
import warnings
from collections import OrderedDict

import numpy as np
import sklearn
import sklearn.metrics as M
from scipy.integrate import trapezoid
from sklearn.calibration import calibration_curve as sk_calibration_curve
from sklearn.metrics._classification import multilabel_confusion_matrix as mcm121
from sklearn.metrics._classification import _check_set_wise_labels
from sklearn.metrics._base import _check_pos_label_consistency
from sklearn.preprocessing import LabelBinarizer, label_binarize
from sklearn.utils.multiclass import type_of_target, unique_labels

warnings.simplefilter("ignore")


class InvalidParameterError(ValueError):
    """Stands for sklearn.utils._param_validation.InvalidParameterError."""


# ---------------------------------------------------------------------------
# helpers

def arr(y):
    return np.asarray(y)


def n_samples(y):
    return len(y)


def check_nonempty(*ys):
    for y in ys:
        if y is not None and n_samples(y) < 1:
            raise ValueError("Found empty input array")


def check_weights(sw):
    """1.9's _check_sample_weight: weights that are all zero are an error."""
    if sw is not None and len(sw) > 0 and np.all(np.asarray(sw) == 0):
        raise ValueError("Sample weights must contain at least one non-zero number.")


def check_len(*ys):
    ls = {len(y) for y in ys if y is not None}
    if len(ls) > 1:
        raise ValueError("inconsistent numbers of samples")


def zd_value(zd):
    if isinstance(zd, str) and zd == "warn":
        return 0.0
    if isinstance(zd, float) and math.isnan(zd):
        return float("nan")
    if zd in (0, 1) and not isinstance(zd, bool):
        return float(zd)
    raise InvalidParameterError("zero_division")


def divide(num, den, zd):
    num = np.asarray(num, dtype=np.float64)
    den = np.asarray(den, dtype=np.float64)
    mask = den == 0
    d = den.copy()
    d[mask] = 1
    res = num / d
    if mask.any():
        res[mask] = zd_value(zd)
    return res


def nanaverage(a, weights=None):
    a = np.asarray(a, dtype=np.float64)
    if len(a) == 0:
        return float("nan")
    mask = np.isnan(a)
    if mask.all():
        return float("nan")
    if weights is None:
        return float(np.nanmean(a))
    w = np.asarray(weights, dtype=np.float64)[~mask]
    a = a[~mask]
    try:
        return float(np.average(a, weights=w))
    except ZeroDivisionError:
        return float(np.average(a))


def close(a, b):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        return False
    both_nan = np.isnan(a) & np.isnan(b)
    ok = np.isclose(a, b, rtol=1e-9, atol=1e-9) | both_nan
    return bool(ok.all())


CROSS_CHECKS = {"done": 0}


def cross(fn, mine, theirs_thunk):
    """Compares a 1.9 re-implementation with 1.2.1 where both must agree."""
    try:
        theirs = theirs_thunk()
    except Exception as e:  # 1.2.1 raised: then ours must raise too
        raise AssertionError(f"{fn}: 1.2.1 raised {e!r} but the 1.9 reference returned {mine!r}")
    if isinstance(mine, (tuple, list)):
        ok = len(mine) == len(theirs) and all(close(x, y) for x, y in zip(mine, theirs))
    else:
        ok = close(mine, theirs)
    if not ok:
        raise AssertionError(f"{fn}: 1.9 reference {mine!r} != 1.2.1 {theirs!r}")
    CROSS_CHECKS["done"] += 1


# ---------------------------------------------------------------------------
# count-based references

def ref_accuracy_score(yt, yp, sw, kw):
    check_nonempty(yt, yp)
    check_weights(sw)
    return float(M.accuracy_score(yt, yp, sample_weight=sw, **kw))


def ref_zero_one_loss(yt, yp, sw, kw):
    check_nonempty(yt, yp)
    check_weights(sw)
    return float(M.zero_one_loss(yt, yp, sample_weight=sw, **kw))


def ref_hamming_loss(yt, yp, sw, kw):
    check_nonempty(yt, yp)
    check_weights(sw)
    return float(M.hamming_loss(yt, yp, sample_weight=sw, **kw))


def ref_balanced_accuracy_score(yt, yp, sw, kw):
    check_nonempty(yt, yp)
    check_weights(sw)
    return float(M.balanced_accuracy_score(yt, yp, sample_weight=sw, **kw))


def ref_matthews_corrcoef(yt, yp, sw, kw):
    check_nonempty(yt, yp)
    check_weights(sw)
    return float(M.matthews_corrcoef(yt, yp, sample_weight=sw, **kw))


def ref_confusion_matrix(yt, yp, sw, kw):
    check_nonempty(yt, yp)
    check_weights(sw)
    return M.confusion_matrix(yt, yp, sample_weight=sw, **kw)


def ref_multilabel_confusion_matrix(yt, yp, sw, kw):
    check_nonempty(yt, yp)
    check_weights(sw)
    return mcm121(yt, yp, sample_weight=sw, **kw)


def prfs19(yt, yp, sw, beta=1.0, labels=None, pos_label=1, average=None,
           zero_division="warn"):
    zd_value(zero_division)
    check_nonempty(yt, yp)
    labels = _check_set_wise_labels(yt, yp, average, labels, pos_label)
    check_weights(sw)
    samplewise = average == "samples"
    mcm = mcm121(yt, yp, sample_weight=sw, labels=labels, samplewise=samplewise)
    tp = mcm[:, 1, 1]
    pred = tp + mcm[:, 0, 1]
    true = tp + mcm[:, 1, 0]
    if average == "micro":
        tp, pred, true = (np.array([np.sum(x)]) for x in (tp, pred, true))
    b2 = beta ** 2
    precision = divide(tp, pred, zero_division)
    recall = divide(tp, true, zero_division)
    if np.isposinf(beta):
        f = recall
    elif beta == 0:
        f = precision
    else:
        f = divide((1 + b2) * np.asarray(tp, np.float64),
                   b2 * np.asarray(true, np.float64) + np.asarray(pred, np.float64),
                   zero_division)
    if average == "weighted":
        weights = true
    elif average == "samples":
        weights = sw
    else:
        weights = None
    if average is not None:
        return (nanaverage(precision, weights), nanaverage(recall, weights),
                nanaverage(f, weights), None)
    return precision, recall, f, true


def prfs_kw(kw, default_average):
    k = dict(kw)
    k.setdefault("average", default_average)
    return k


def ref_precision_recall_fscore_support(yt, yp, sw, kw):
    res = prfs19(yt, yp, sw, **prfs_kw(kw, None))
    maybe_cross_prfs("precision_recall_fscore_support", yt, yp, sw, kw, res, None)
    return list(res)


def maybe_cross_prfs(fn, yt, yp, sw, kw, res, default_average):
    """1.2.1 agrees with 1.9 when no ratio has a zero denominator."""
    k = prfs_kw(kw, default_average)
    if k.get("zero_division") not in (None, "warn", 0, 1):
        return
    vals = [np.atleast_1d(np.asarray(r if r is not None else 0.0, dtype=float)) for r in res[:3]]
    if any(np.isnan(v).any() for v in vals):
        return
    # recompute the raw counts to know whether anything was undefined
    labels = _check_set_wise_labels(yt, yp, k["average"], k.get("labels"), k.get("pos_label", 1))
    mcm = mcm121(yt, yp, sample_weight=sw, labels=labels, samplewise=k["average"] == "samples")
    tp = mcm[:, 1, 1]
    if ((tp + mcm[:, 0, 1]) == 0).any() or ((tp + mcm[:, 1, 0]) == 0).any():
        return
    theirs = lambda: M.precision_recall_fscore_support(yt, yp, sample_weight=sw, **k)
    cross(fn, tuple(v for v in vals), lambda: tuple(np.atleast_1d(np.asarray(x, float)) for x in theirs()[:3]))


def make_prf_ref(fn, index, default_average):
    def ref(yt, yp, sw, kw):
        k = prfs_kw(kw, default_average)
        res = prfs19(yt, yp, sw, **k)
        maybe_cross_prfs(fn, yt, yp, sw, kw, res, default_average)
        return res[index]
    return ref


ref_precision_score = make_prf_ref("precision_score", 0, "binary")
ref_recall_score = make_prf_ref("recall_score", 1, "binary")
ref_f1_score = make_prf_ref("f1_score", 2, "binary")
ref_fbeta_score = make_prf_ref("fbeta_score", 2, "binary")


def ref_jaccard_score(yt, yp, sw, kw):
    zd = kw.get("zero_division", "warn")
    if isinstance(zd, float) and math.isnan(zd):
        raise InvalidParameterError("zero_division")
    check_nonempty(yt, yp)
    _check_set_wise_labels(yt, yp, kw.get("average", "binary"), kw.get("labels"), kw.get("pos_label", 1))
    check_weights(sw)
    return M.jaccard_score(yt, yp, sample_weight=sw, **kw)


def ref_cohen_kappa_score(yt, yp, sw, kw):
    check_nonempty(yt, yp)
    check_weights(sw)
    k = dict(kw)
    repl = k.pop("replace_undefined_by", float("nan"))
    weights = k.pop("weights", None)
    C = M.confusion_matrix(yt, yp, sample_weight=sw, labels=k.pop("labels", None)).astype(np.float64)
    assert not k
    n = C.shape[0]
    s0 = C.sum(axis=0)
    s1 = C.sum(axis=1)
    tot = s0.sum()
    if tot == 0:
        return repl
    expected = np.outer(s0, s1) / tot
    if weights is None:
        w = np.ones((n, n)) - np.eye(n)
    else:
        w = np.zeros((n, n)) + np.arange(n)
        w = np.abs(w - w.T) if weights == "linear" else (w - w.T) ** 2
    den = np.sum(w * expected)
    if den == 0:
        return repl
    res = float(1 - np.sum(w * C) / den)
    cross("cohen_kappa_score", res, lambda: M.cohen_kappa_score(
        yt, yp, sample_weight=sw, labels=kw.get("labels"), weights=weights))
    return res


def ref_class_likelihood_ratios(yt, yp, sw, kw):
    check_nonempty(yt, yp)
    check_weights(sw)
    k = dict(kw)
    repl = k.pop("replace_undefined_by", float("nan"))
    labels = k.pop("labels", None)
    assert not k
    ytype = type_of_target(yt)
    if ytype == "multiclass" or len(unique_labels(yt, yp)) > 2:
        raise ValueError("class_likelihood_ratios only supports binary classification")
    if ytype != "binary":
        raise ValueError("not binary")
    desired_pos = desired_neg = None
    if isinstance(repl, float) and not math.isnan(repl):
        if repl != 1.0:
            raise InvalidParameterError("replace_undefined_by")
        repl = {"LR+": 1.0, "LR-": 1.0}
    if isinstance(repl, dict):
        if "LR+" not in repl or "LR-" not in repl:
            raise ValueError("dict")
        desired_pos, desired_neg = repl["LR+"], repl["LR-"]
        if not (math.isnan(desired_pos) or desired_pos >= 1.0):
            raise ValueError("LR+")
        if not (math.isnan(desired_neg) or 0.0 <= desired_neg <= 1.0):
            raise ValueError("LR-")
    cm = M.confusion_matrix(yt, yp, sample_weight=sw, labels=labels)
    if cm.size != 4:
        raise ValueError("not enough values to unpack")
    tn, fp, fn, tp = (np.float64(x) for x in cm.ravel())
    sp = tp + fn
    sn = tn + fp
    with np.errstate(all="ignore"):
        if fp == 0:
            lrp = float("nan") if desired_pos is None else desired_pos
        else:
            lrp = (tp * sn) / (fp * sp)
        if tn == 0:
            lrn = float("nan") if desired_neg is None else desired_neg
        else:
            lrn = (fn * sn) / (tn * sp)
    return [float(lrp), float(lrn)]


def ref_classification_report(yt, yp, sw, kw):
    check_nonempty(yt, yp)
    check_weights(sw)
    k = dict(kw)
    assert k.pop("output_dict") is True
    labels = k.pop("labels", None)
    target_names = k.pop("target_names", None)
    k.pop("digits", None)
    zd = k.pop("zero_division", "warn")
    assert not k
    zd_value(zd)
    ytype = type_of_target(yt) if not isinstance(yt, np.ndarray) or yt.ndim == 1 else "multilabel-indicator"
    ytype = "multilabel-indicator" if arr(yt).ndim == 2 else ytype
    present = unique_labels(yt, yp)
    if arr(yt).ndim == 1 and len(present) > 2:
        ytype = "multiclass"
    labels_given = labels is not None
    if labels is None:
        labels = present
    labels = np.asarray(labels)
    micro_is_accuracy = ytype in ("binary", "multiclass") and (
        not labels_given or set(labels.tolist()) >= set(present.tolist()))
    if target_names is not None and len(labels) != len(target_names):
        if not labels_given:
            raise ValueError("Number of classes does not match size of target_names")
    if target_names is None:
        target_names = ["%s" % l for l in labels]
    p, r, f, s = prfs19(yt, yp, sw, labels=labels, average=None, zero_division=zd)
    out = OrderedDict()
    for name, pi, ri, fi, si in zip(target_names, p, r, f, s):
        out[name] = OrderedDict(precision=float(pi), recall=float(ri), **{"f1-score": float(fi)},
                                support=float(si))
    avgs = ["micro", "macro", "weighted"] + (["samples"] if ytype.startswith("multilabel") else [])
    for avg in avgs:
        head = "accuracy" if avg == "micro" and micro_is_accuracy else avg + " avg"
        ap, ar, af, _ = prfs19(yt, yp, sw, labels=labels, average=avg, zero_division=zd)
        vals = [ap, ar, af, np.sum(s)]
        if head == "accuracy":
            out[head] = float(ap)
        else:
            out[head] = OrderedDict(zip(["precision", "recall", "f1-score", "support"],
                                        [float(v) for v in vals]))
    return out


# ---------------------------------------------------------------------------
# score-based references (1.9 code paths)

def cm_at_thresholds(yt, ys, pos_label=None, sw=None):
    yt = arr(yt)
    ys = np.asarray(ys, dtype=np.float64)
    ytype = type_of_target(yt)
    if not (ytype == "binary" or (ytype == "multiclass" and pos_label is not None)):
        raise ValueError(f"{ytype} format is not supported")
    pos_label = _check_pos_label_consistency(pos_label, yt)
    y = (yt == pos_label).astype(np.float64)
    check_len(y, ys, sw)
    if ys.ndim != 1:
        raise ValueError("y_score must be 1d")
    if not np.all(np.isfinite(ys)):
        raise ValueError("Input contains NaN or infinity")
    w = None
    if sw is not None:
        check_weights(sw)
        w = np.asarray(sw, dtype=np.float64)
        keep = w != 0
        y, ys, w = y[keep], ys[keep], w[keep]
    order = np.argsort(ys, kind="mergesort")[::-1]
    ys, y = ys[order], y[order]
    if w is not None:
        w = w[order]
    idx = np.r_[np.where(np.diff(ys))[0], len(y) - 1]
    if len(y) == 0:
        raise IndexError("index -1 is out of bounds")
    tps = np.cumsum(y * (w if w is not None else 1.0))[idx]
    if w is not None:
        fps = np.cumsum((1 - y) * w)[idx]
    else:
        fps = 1 + idx.astype(np.float64) - tps
    return fps[-1] - fps, fps, tps[-1] - tps, tps, ys[idx]


def ref_confusion_matrix_at_thresholds(yt, ys, sw, kw):
    check_nonempty(yt, ys)
    tns, fps, fns, tps, thr = cm_at_thresholds(yt, ys, kw.get("pos_label"), sw)
    return [tns, fps, fns, tps, thr]


def roc_curve19(yt, ys, sw=None, pos_label=None, drop_intermediate=True):
    _, fps, _, tps, thr = cm_at_thresholds(yt, ys, pos_label, sw)
    if drop_intermediate and len(fps) > 2:
        keep = np.where(np.r_[True, np.logical_or(np.diff(fps, 2), np.diff(tps, 2)), True])[0]
        fps, tps, thr = fps[keep], tps[keep], thr[keep]
    tps = np.r_[0.0, tps]
    fps = np.r_[0.0, fps]
    thr = np.r_[np.inf, thr]
    fpr = np.full(fps.shape, np.nan) if fps[-1] <= 0 else fps / fps[-1]
    tpr = np.full(tps.shape, np.nan) if tps[-1] <= 0 else tps / tps[-1]
    return fpr, tpr, thr


def ref_roc_curve(yt, ys, sw, kw):
    check_nonempty(yt, ys)
    res = roc_curve19(yt, ys, sw, **kw)

    def theirs():
        f, t, th = M.roc_curve(yt, ys, sample_weight=sw, **kw)
        th = th.copy()
        th[0] = np.inf
        return f, t, th
    cross("roc_curve", res, theirs)
    return list(res)


def pr_curve19(yt, ys, sw=None, pos_label=None, drop_intermediate=False):
    _, fps, _, tps, thr = cm_at_thresholds(yt, ys, pos_label, sw)
    if drop_intermediate and len(fps) > 2:
        keep = np.where(np.r_[True, np.logical_or(np.diff(tps[:-1]), np.diff(tps[1:])), True])[0]
        fps, tps, thr = fps[keep], tps[keep], thr[keep]
    ps = tps + fps
    with np.errstate(all="ignore"):
        precision = np.where(ps != 0, tps / ps, 0.0)
    recall = np.ones_like(tps) if tps[-1] == 0 else tps / tps[-1]
    return np.r_[precision[::-1], 1.0], np.r_[recall[::-1], 0.0], thr[::-1]


def ref_precision_recall_curve(yt, ys, sw, kw):
    check_nonempty(yt, ys)
    res = pr_curve19(yt, ys, sw, **kw)
    if not kw.get("drop_intermediate", False):
        k = {a: b for a, b in kw.items() if a != "drop_intermediate"}
        cross("precision_recall_curve", res, lambda: M.precision_recall_curve(yt, ys, sample_weight=sw, **k))
    return list(res)


def det_curve19(yt, ys, sw=None, pos_label=None, drop_intermediate=False):
    _, fps, _, tps, thr = cm_at_thresholds(yt, ys, pos_label, sw)
    tps = np.r_[0.0, tps]
    fps = np.r_[0.0, fps]
    thr = np.r_[np.inf, thr]
    if drop_intermediate and len(fps) > 2:
        keep = np.where(np.r_[True, np.logical_or(np.diff(tps[:-1]), np.diff(tps[1:])), True])[0]
        fps, tps, thr = fps[keep], tps[keep], thr[keep]
    if len(np.unique(arr(yt))) != 2:
        raise ValueError("Only one class is present in y_true")
    fns = tps[-1] - tps
    p_count = tps[-1]
    n_count = fps[-1]
    s = np.searchsorted(fps, fps[0], side="right")
    first = s - 1 if s > 0 else None
    last = np.searchsorted(tps, tps[-1]) + 1
    sl = slice(first, last)
    return fps[sl][::-1] / n_count, fns[sl][::-1] / p_count, thr[sl][::-1]


def ref_det_curve(yt, ys, sw, kw):
    check_nonempty(yt, ys)
    return list(det_curve19(yt, ys, sw, **kw))


def auc19(x, y):
    x = np.asarray(x)
    y = np.asarray(y)
    if x.shape[0] < 2:
        raise ValueError("At least 2 points are needed")
    direction = 1
    dx = np.diff(x)
    if np.any(dx < 0):
        if np.all(dx <= 0):
            direction = -1
        else:
            raise ValueError("x is neither increasing nor decreasing")
    return float(direction * trapezoid(y, x))


def binary_roc_auc19(yt, ys, sample_weight=None, max_fpr=None):
    if len(np.unique(yt)) != 2:
        return float("nan")
    fpr, tpr, _ = roc_curve19(yt, ys, sample_weight)
    if max_fpr is None or max_fpr == 1:
        return auc19(fpr, tpr)
    if max_fpr <= 0 or max_fpr > 1:
        raise ValueError("Expected max_fpr in range (0, 1]")
    stop = np.searchsorted(fpr, max_fpr, "right")
    xi = [fpr[stop - 1], fpr[stop]]
    yi = [tpr[stop - 1], tpr[stop]]
    tpr = np.append(tpr[:stop], np.interp(max_fpr, xi, yi))
    fpr = np.append(fpr[:stop], max_fpr)
    pauc = auc19(fpr, tpr)
    mn = 0.5 * max_fpr ** 2
    mx = max_fpr
    return 0.5 * (1 + (pauc - mn) / (mx - mn))


def average_binary_score19(metric, yt, ys, average, sample_weight=None):
    if average not in (None, "micro", "macro", "weighted", "samples"):
        raise ValueError("average has to be one of ...")
    ytype = type_of_target(yt)
    if ytype not in ("binary", "multilabel-indicator"):
        raise ValueError(f"{ytype} format is not supported")
    if ytype == "binary":
        return metric(yt, ys, sample_weight=sample_weight)
    yt = np.asarray(yt)
    ys = np.asarray(ys, dtype=np.float64)
    check_len(yt, ys, sample_weight)
    if yt.shape != ys.shape:
        raise ValueError("shape mismatch")
    axis = 1
    score_weight = sample_weight
    average_weight = None
    if average == "micro":
        if score_weight is not None:
            score_weight = np.repeat(score_weight, yt.shape[1])
        yt = yt.ravel()
        ys = ys.ravel()
    elif average == "weighted":
        if score_weight is not None:
            average_weight = np.sum(np.multiply(yt, np.reshape(score_weight, (-1, 1))), axis=0)
        else:
            average_weight = np.sum(yt, axis=0)
        if np.isclose(average_weight.sum(), 0.0):
            return 0
    elif average == "samples":
        average_weight = score_weight
        score_weight = None
        axis = 0
    if yt.ndim == 1:
        yt = yt.reshape(-1, 1)
    if ys.ndim == 1:
        ys = ys.reshape(-1, 1)
    nc = ys.shape[axis]
    score = np.zeros((nc,))
    for c in range(nc):
        yc = np.take(yt, [c], axis=axis).ravel()
        sc = np.take(ys, [c], axis=axis).ravel()
        score[c] = metric(yc, sc, sample_weight=score_weight)
    if average is not None:
        if average_weight is not None:
            score[np.asarray(average_weight) == 0] = 0
        if average_weight is None:
            return float(np.mean(score))
        return float(np.average(score, weights=average_weight))
    return score


def ovo19(metric, yt_enc, ys, average):
    from itertools import combinations
    u = np.unique(yt_enc)
    n_pairs = len(u) * (len(u) - 1) // 2
    scores = np.empty(n_pairs)
    prev = np.empty(n_pairs) if average == "weighted" else None
    for ix, (a, b) in enumerate(combinations(u, 2)):
        am = yt_enc == a
        bm = yt_enc == b
        ab = am | bm
        if prev is not None:
            prev[ix] = np.average(ab)
        sa = metric(am[ab], ys[ab, a])
        sb = metric(bm[ab], ys[ab, b])
        scores[ix] = (sa + sb) / 2
    return float(np.average(scores, weights=prev))


def roc_auc19(yt, ys, average="macro", sample_weight=None, max_fpr=None, multi_class="raise", labels=None):
    check_nonempty(yt, ys)
    yt = arr(yt)
    ys = np.asarray(ys, dtype=np.float64)
    if max_fpr is not None and not (0 < max_fpr <= 1):
        raise InvalidParameterError("max_fpr")
    ytype = type_of_target(yt)
    check_len(yt, ys, sample_weight)
    if ytype == "multiclass" or (ytype == "binary" and ys.ndim == 2 and ys.shape[1] > 2):
        if max_fpr is not None and max_fpr != 1.0:
            raise ValueError("Partial AUC computation not available in multiclass setting")
        if multi_class == "raise":
            raise ValueError("multi_class must be in ('ovo', 'ovr')")
        if ys.ndim != 2:
            raise ValueError("y_score needs to be (n_samples, n_classes)")
        if not np.allclose(1, ys.sum(axis=1)):
            raise ValueError("Target scores need to be probabilities")
        opts = ("macro", "weighted", None)
        if multi_class == "ovr":
            opts = ("micro",) + opts
        if average not in opts:
            raise ValueError("average must be one of ...")
        if average is None and multi_class == "ovo":
            raise NotImplementedError("average=None is not implemented for multi_class='ovo'.")
        if labels is not None:
            labels = np.asarray(labels)
            classes = np.unique(labels)
            if len(classes) != len(labels):
                raise ValueError("Parameter 'labels' must be unique")
            if not np.array_equal(classes, labels):
                raise ValueError("Parameter 'labels' must be ordered")
            if len(classes) != ys.shape[1]:
                raise ValueError("Number of given labels not equal to columns")
            if len(np.setdiff1d(yt, classes)):
                raise ValueError("'y_true' contains labels not in parameter 'labels'")
        else:
            classes = np.unique(yt)
            if len(classes) != ys.shape[1]:
                raise ValueError("Number of classes in y_true not equal to the number of columns")
        if multi_class == "ovo":
            if sample_weight is not None:
                raise ValueError("sample_weight is not supported for ovo")
            enc = np.searchsorted(classes, yt)
            return ovo19(binary_roc_auc19, enc, ys, average)
        ybin = label_binarize(yt, classes=classes)
        return average_binary_score19(binary_roc_auc19, ybin, ys, average, sample_weight)
    elif ytype == "binary":
        classes = np.unique(yt)
        ybin = label_binarize(yt, classes=classes)[:, 0]
        f = lambda a, b, sample_weight=None: binary_roc_auc19(a, b, sample_weight, max_fpr)
        return average_binary_score19(f, ybin, ys, average, sample_weight)
    else:
        f = lambda a, b, sample_weight=None: binary_roc_auc19(a, b, sample_weight, max_fpr)
        return average_binary_score19(f, yt, ys, average, sample_weight)


def ref_roc_auc_score(yt, ys, sw, kw):
    res = roc_auc19(yt, ys, sample_weight=sw, **kw)
    try:
        theirs = M.roc_auc_score(yt, ys, sample_weight=sw, **kw)
        cross("roc_auc_score", res, lambda: theirs)
    except ValueError:
        pass  # 1.2.1 raises for one-class inputs (C10)
    return res


def ap19(yt, ys, average="macro", pos_label=1, sample_weight=None):
    check_nonempty(yt, ys)
    yt = arr(yt)
    ys = np.asarray(ys, dtype=np.float64)

    def binary_ap(a, b, sample_weight=None):
        p, r, _ = pr_curve19(a, b, sample_weight, pos_label=pos_label)
        return float(max(0.0, -np.sum(np.diff(r) * p[:-1])))
    ytype = type_of_target(yt)
    present = np.unique(yt)
    if ytype == "binary":
        if len(present) == 2 and pos_label not in present.tolist():
            raise ValueError("pos_label is not a valid label")
    elif ytype == "multilabel-indicator" and pos_label != 1:
        raise ValueError("pos_label is fixed to 1 for multilabel")
    elif ytype == "multiclass":
        if pos_label != 1:
            raise ValueError("pos_label is fixed to 1 for multiclass")
        yt = label_binarize(yt, classes=present)
        if ys.shape != yt.shape:
            raise ValueError("y_score needs to be of shape (n_samples, n_classes)")
    return average_binary_score19(binary_ap, yt, ys, average, sample_weight)


def ref_average_precision_score(yt, ys, sw, kw):
    res = ap19(yt, ys, sample_weight=sw, **kw)
    if type_of_target(arr(yt)) != "multiclass":
        try:
            theirs = M.average_precision_score(yt, ys, sample_weight=sw, **kw)
        except ValueError:
            theirs = None
        if theirs is not None:
            cross("average_precision_score", res, lambda: max(0.0, theirs) if np.ndim(theirs) == 0 else np.maximum(theirs, 0.0))
    return res


def ref_log_loss(yt, ys, sw, kw):
    check_nonempty(yt, ys)
    normalize = kw.get("normalize", True)
    labels = kw.get("labels")
    yp = np.asarray(ys, dtype=np.float64)
    if yp.max() > 1 or yp.min() < 0:
        raise ValueError("y_prob contains values outside [0, 1]")
    check_len(yp, yt, sw)
    check_weights(sw)
    lb = LabelBinarizer()
    if labels is not None:
        lb.fit(labels)
        if not np.all(np.isin(arr(yt), labels)):
            raise ValueError("y_true contains values not belonging to the passed labels")
    else:
        lb.fit(yt)
    if len(lb.classes_) == 1:
        raise ValueError("needs at least two labels")
    T = lb.transform(yt)
    if T.shape[1] == 1:
        T = np.hstack([1 - T, T])
    if yp.ndim == 1:
        yp = yp[:, None]
    if yp.shape[1] == 1:
        yp = np.hstack([1 - yp, yp])
    if len(lb.classes_) != yp.shape[1]:
        raise ValueError("different number of classes")
    eps = np.finfo(np.float64).eps
    yp = np.clip(yp, eps, 1 - eps)
    from scipy.special import xlogy
    loss = -np.sum(xlogy(T.astype(np.float64), yp), axis=1)
    if normalize:
        res = float(np.average(loss, weights=sw))
    else:
        res = float(np.sum(loss * (np.asarray(sw) if sw is not None else 1.0)))
    if np.allclose(np.asarray(ys, float).reshape(len(yt), -1).sum(axis=1), 1.0, rtol=0, atol=1e-12) or np.ndim(ys) == 1:
        cross("log_loss", res, lambda: M.log_loss(yt, ys, sample_weight=sw, **kw))
    return res


def ref_brier_score_loss(yt, ys, sw, kw):
    check_nonempty(yt, ys)
    k = dict(kw)
    pos_label = k.pop("pos_label", None)
    labels = k.pop("labels", None)
    scale = k.pop("scale_by_half", "auto")
    assert not k
    yp = np.asarray(ys, dtype=np.float64)
    yta = arr(yt)
    if yp.ndim == 1 or yp.shape[1] == 1:
        yp = yp.ravel()
        check_len(yp, yta, sw)
        check_weights(sw)
        if type_of_target(yta) != "binary":
            raise ValueError("target should be binary")
        if yp.max() > 1 or yp.min() < 0:
            raise ValueError("y_prob outside [0, 1]")
        try:
            pl = _check_pos_label_consistency(pos_label, yta)
        except ValueError:
            classes = np.unique(yta)
            if classes.dtype.kind in "OUS":
                raise
            pl = classes[-1]
        pos = (yta == pl).astype(np.int64)
        T = np.stack([1 - pos, pos], axis=1)
        P = np.stack([1 - yp, yp], axis=1)
    else:
        if yp.max() > 1 or yp.min() < 0:
            raise ValueError("y_prob outside [0, 1]")
        check_len(yp, yta, sw)
        check_weights(sw)
        lb = LabelBinarizer()
        if labels is not None:
            lb.fit(labels)
            if not np.all(np.isin(yta, labels)):
                raise ValueError("y_true contains values not in labels")
        else:
            lb.fit(yta)
        if len(lb.classes_) == 1:
            raise ValueError("needs at least two labels")
        T = lb.transform(yta)
        if T.shape[1] == 1:
            T = np.hstack([1 - T, T])
        P = yp
        if len(lb.classes_) != P.shape[1]:
            raise ValueError("different number of classes")
    score = float(np.average(np.sum((T - P) ** 2, axis=1), weights=sw))
    if scale == "auto":
        scale = P.shape[1] < 3
    if scale:
        score *= 0.5
        scale = True
    if scale is True and np.ndim(ys) == 1 and (pos_label is not None or set(np.unique(yta).tolist()) <= {0, 1}):
        cross("brier_score_loss", score, lambda: M.brier_score_loss(yt, ys, sample_weight=sw, pos_label=pos_label))
    return score


def ref_top_k_accuracy_score(yt, ys, sw, kw):
    check_nonempty(yt, ys)
    k = kw.get("k", 2)
    normalize = kw.get("normalize", True)
    labels = kw.get("labels")
    if k < 1:
        raise InvalidParameterError("k")
    yt = arr(yt)
    ytype = type_of_target(yt)
    if ytype == "binary" and labels is not None and len(labels) > 2:
        ytype = "multiclass"
    if ytype not in ("binary", "multiclass"):
        raise ValueError("y type must be 'binary' or 'multiclass'")
    ys = np.asarray(ys, dtype=np.float64)
    if ytype == "binary":
        if ys.ndim == 2 and ys.shape[1] != 1:
            raise ValueError("y_true is binary while y_score is 2d")
        ys = ys.ravel()
    elif ys.ndim != 2:
        raise ValueError("y_score needs to be (n_samples, n_classes)")
    check_len(yt, ys, sw)
    nsc = ys.shape[1] if ys.ndim == 2 else 2
    if labels is None:
        classes = np.unique(yt)
        if len(classes) != nsc:
            raise ValueError("Number of classes in y_true not equal to y_score")
    else:
        labels = np.asarray(labels)
        classes = np.unique(labels)
        if len(classes) != len(labels):
            raise ValueError("labels must be unique")
        if not np.array_equal(classes, labels):
            raise ValueError("labels must be ordered")
        if len(classes) != nsc:
            raise ValueError("Number of given labels not equal to y_score")
        if len(np.setdiff1d(yt, classes)):
            raise ValueError("y_true contains labels not in labels")
    enc = np.searchsorted(classes, yt)
    if ytype == "binary":
        if k == 1:
            thr = 0.5 if ys.min() >= 0 and ys.max() <= 1 else 0
            hits = (ys > thr).astype(np.int64) == enc
        else:
            hits = np.ones_like(ys, dtype=bool)
    else:
        sp = np.argsort(ys, axis=1, kind="mergesort")[:, ::-1]
        hits = (enc == sp[:, :k].T).any(axis=0)
    if normalize:
        res = float(np.average(hits, weights=sw))
    elif sw is None:
        res = float(np.sum(hits))
    else:
        res = float(np.dot(hits, sw))
    cross("top_k_accuracy_score", res, lambda: M.top_k_accuracy_score(yt, ys, sample_weight=sw, **kw))
    return res


def ref_hinge_loss(yt, ys, sw, kw):
    check_nonempty(yt, ys)
    return float(M.hinge_loss(yt, ys, sample_weight=sw, **kw))


def ref_calibration_curve(yt, ys, sw, kw):
    assert sw is None
    check_nonempty(yt, ys)
    pos_label = kw.get("pos_label")
    n_bins = kw.get("n_bins", 5)
    strategy = kw.get("strategy", "uniform")
    if not isinstance(n_bins, int) or n_bins < 1:
        raise InvalidParameterError("n_bins")
    if strategy not in ("uniform", "quantile"):
        raise InvalidParameterError("strategy")
    yt = arr(yt)
    yp = np.asarray(ys, dtype=np.float64)
    check_len(yt, yp)
    pos_label = _check_pos_label_consistency(pos_label, yt)
    if yp.min() < 0 or yp.max() > 1:
        raise ValueError("y_prob has values outside [0, 1].")
    if len(np.unique(yt)) > 2:
        raise ValueError("Only binary classification is supported.")
    y = yt == pos_label
    if strategy == "quantile":
        bins = np.percentile(yp, np.linspace(0, 1, n_bins + 1) * 100)
    else:
        bins = np.linspace(0.0, 1.0, n_bins + 1)
    ids = np.searchsorted(bins[1:-1], yp)
    sums = np.bincount(ids, weights=yp, minlength=n_bins)
    trues = np.bincount(ids, weights=y, minlength=n_bins)
    tot = np.bincount(ids, minlength=n_bins)
    nz = tot != 0
    res = (trues[nz] / tot[nz], sums[nz] / tot[nz])
    cross("calibration_curve", res, lambda: sk_calibration_curve(yt, ys, **kw))
    return list(res)


# Multilabel ranking metrics: the 1.9 code paths are 1.2.1's.
def ref_coverage_error(yt, ys, sw, kw):
    check_nonempty(yt, ys)
    return float(M.coverage_error(yt, ys, sample_weight=sw, **kw))


def ref_label_ranking_loss(yt, ys, sw, kw):
    check_nonempty(yt, ys)
    return float(M.label_ranking_loss(yt, ys, sample_weight=sw, **kw))


def ref_label_ranking_average_precision_score(yt, ys, sw, kw):
    check_nonempty(yt, ys)
    return float(M.label_ranking_average_precision_score(yt, ys, sample_weight=sw, **kw))


REFS = {name[4:]: f for name, f in globals().items() if name.startswith("ref_")}
SCORE_FNS = {"roc_curve", "roc_auc_score", "precision_recall_curve", "average_precision_score",
             "det_curve", "log_loss", "brier_score_loss", "top_k_accuracy_score", "hinge_loss",
             "calibration_curve", "confusion_matrix_at_thresholds", "coverage_error",
             "label_ranking_loss", "label_ranking_average_precision_score"}


# ---------------------------------------------------------------------------
# JSON output

def to_json(v):
    if isinstance(v, dict):
        return OrderedDict((str(k), to_json(x)) for k, x in v.items())
    if isinstance(v, (list, tuple)):
        return [to_json(x) for x in v]
    if isinstance(v, np.ndarray):
        return [to_json(x) for x in v.tolist()]
    if v is None or isinstance(v, (bool, np.bool_)):
        return None if v is None else bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        f = float(v)
        if math.isnan(f):
            return "nan"
        if math.isinf(f):
            return "inf" if f > 0 else "-inf"
        return f
    if isinstance(v, (str, np.str_)):
        return str(v)
    raise TypeError(f"cannot encode {type(v)}")


class Writer:
    def __init__(self):
        self.cases = OrderedDict()
        self.counters = {}

    def add(self, fn, group, y_true, y_pred=None, y_score=None, sw=None, **kwargs):
        key = f"{fn}/{group}"
        self.counters[key] = self.counters.get(key, 0) + 1
        cid = f"{key}/{self.counters[key]:04d}"
        yt = np.asarray(y_true) if not isinstance(y_true, np.ndarray) else y_true
        data = y_score if fn in SCORE_FNS else y_pred
        if fn in SCORE_FNS:
            data = np.asarray(data, dtype=np.float64)
        else:
            data = np.asarray(data) if not isinstance(data, np.ndarray) else data
        swa = None if sw is None else np.asarray(sw, dtype=np.float64)
        case = OrderedDict(id=cid, fn=fn, kwargs=to_json(kwargs), y_true=to_json(yt))
        if fn in SCORE_FNS:
            case["y_score"] = to_json(data)
        else:
            case["y_pred"] = to_json(data)
        if swa is not None:
            case["sample_weight"] = to_json(swa)
        try:
            with np.errstate(all="ignore"):
                exp = REFS[fn](yt, data, swa, dict(kwargs))
            case["expected"] = to_json(exp)
        except AssertionError:
            raise
        except Exception as e:  # scikit-learn raises on this input
            name = type(e).__name__
            if name == "InvalidParameterError":
                name = "InvalidParameterError"
            case["raises"] = name
        self.cases.setdefault(fn, []).append(case)
        return case


# ---------------------------------------------------------------------------
# input generators

STRS = ["ant", "Bee", "cat", "dog", "eel", "fox", "gnu", "hen", "ibis", "jay"]


def label_values(kind, K, rng):
    if kind == "int":
        return list(range(K))
    if kind == "int_sparse":
        return sorted(rng.choice(np.arange(-5, 40), size=K, replace=False).tolist())
    if kind == "str":
        return sorted(STRS[:K])
    if kind == "bool":
        assert K == 2
        return [False, True]
    raise ValueError(kind)


def as_labels(idx, values, kind):
    if kind == "str":
        return np.array([values[i] for i in idx], dtype=object).astype(str)
    if kind == "bool":
        return np.array([values[i] for i in idx], dtype=bool)
    return np.array([values[i] for i in idx], dtype=np.int64)


def pair(rng, n, K, acc=0.6):
    t = rng.integers(0, K, n)
    p = np.where(rng.random(n) < acc, t, rng.integers(0, K, n))
    return t, p


def weights(rng, n, zeros=False):
    w = np.round(rng.random(n) * 3, 2)
    if zeros:
        w[rng.random(n) < 0.2] = 0.0
    else:
        w = np.where(w == 0, 0.5, w)
    return w


def size(rng, big_every=40):
    r = rng.random()
    if r < 1.0 / big_every:
        return int(rng.integers(500, 3000))
    if r < 0.15:
        return int(rng.integers(1, 5))
    return int(rng.integers(5, 60))


def cover(t, K):
    """Makes every class 0..K-1 appear when there are enough samples."""
    if len(t) >= K:
        t = t.copy()
        t[:K] = np.arange(K)
    return t


def multilabel(rng, n, L, acc=0.7):
    t = (rng.random((n, L)) < 0.4).astype(np.int64)
    flip = rng.random((n, L)) > acc
    p = np.where(flip, 1 - t, t)
    return t, p


# ---------------------------------------------------------------------------
# per-function case sets

ZDS = ["warn", 0, 1, float("nan")]
AVGS = ["binary", "micro", "macro", "weighted", None]


def gen_prf(W, rng, fn, extra):
    """precision/recall/f1/fbeta/prfs/jaccard share one plan."""
    default_avg = None if fn == "precision_recall_fscore_support" else "binary"
    zds = [z for z in ZDS if not (fn == "jaccard_score" and isinstance(z, float))] if fn == "jaccard_score" else ZDS
    # binary, each label kind, every average and zero_division
    for kind in ["int", "int_sparse", "str", "bool"]:
        for avg in AVGS:
            for zd in zds:
                for rep in range(2):
                    n = size(rng)
                    vals = label_values(kind, 2, rng)
                    t, p = pair(rng, n, 2)
                    yt, yp = as_labels(t, vals, kind), as_labels(p, vals, kind)
                    kw = dict(extra(rng))
                    if avg != default_avg:
                        kw["average"] = avg
                    if zd != "warn" or rep:
                        kw["zero_division"] = zd
                    if kind in ("int_sparse", "str") or (kind == "bool" and rep):
                        kw["pos_label"] = vals[int(rng.integers(0, 2))]
                    if avg != "binary" and rng.random() < 0.3:  # ignored with average='binary'
                        r = rng.random()
                        if r < 0.4:
                            kw["labels"] = [vals[int(rng.integers(0, 2))]]
                        elif r < 0.7 or kind == "bool":
                            kw["labels"] = vals[::-1]
                        else:
                            kw["labels"] = vals + [{"int": 7, "int_sparse": 77, "str": "zzz"}[kind]]
                    sw = weights(rng, n, zeros=bool(rep)) if rng.random() < 0.4 else None
                    W.add(fn, f"binary_{kind}", yt, yp, sw=sw, **kw)
    # multiclass
    for kind in ["int", "int_sparse", "str"]:
        for avg in AVGS + ["samples"]:
            for zd in zds:
                for rep in range(2):
                    n = size(rng)
                    K = int(rng.integers(3, 7))
                    vals = label_values(kind, K, rng)
                    t, p = pair(rng, n, K, acc=float(rng.random()))
                    yt, yp = as_labels(t, vals, kind), as_labels(p, vals, kind)
                    kw = dict(extra(rng))
                    if avg != default_avg:
                        kw["average"] = avg
                    if zd != "warn":
                        kw["zero_division"] = zd
                    r = rng.random()
                    if r < 0.3:  # label subset, in a shuffled order
                        sub = rng.choice(K, size=int(rng.integers(1, K)), replace=False)
                        kw["labels"] = [vals[i] for i in sub]
                    elif r < 0.45:  # absent labels
                        extra_lab = {"int": [K, K + 3], "int_sparse": [100, 101], "str": ["zzz", "aaa"]}[kind]
                        kw["labels"] = vals + extra_lab[: 1 + rep]
                    sw = weights(rng, n, zeros=bool(rep)) if rng.random() < 0.4 else None
                    W.add(fn, f"multiclass_{kind}", yt, yp, sw=sw, **kw)
    # multilabel
    for avg in AVGS + ["samples"]:
        for zd in zds:
            for rep in range(2):
                n = size(rng)
                L = int(rng.integers(2, 6))
                t, p = multilabel(rng, n, L, acc=float(rng.random()))
                if rep and n > 2:
                    t[:, 0] = 0
                    p[:, 0] = 0
                    p[0, :] = 0
                kw = dict(extra(rng))
                if avg != default_avg:
                    kw["average"] = avg
                if zd != "warn":
                    kw["zero_division"] = zd
                if rng.random() < 0.3:
                    kw["labels"] = sorted(rng.choice(L, size=int(rng.integers(1, L + 1)), replace=False).tolist())
                sw = weights(rng, n, zeros=bool(rep)) if rng.random() < 0.4 else None
                W.add(fn, "multilabel", t, p, sw=sw, **kw)
    # degenerate inputs
    degenerate = [
        ([0, 0, 0], [0, 0, 0]), ([1, 1, 1], [1, 1, 1]), ([1, 1, 0], [0, 0, 0]),
        ([0, 0, 0], [1, 1, 0]), ([1], [1]), ([0], [1]), ([1], [0]), ([0], [0]),
        ([0, 1], [0, 0]), ([0, 1], [1, 1]), ([2, 2], [2, 2]),
    ]
    for yt, yp in degenerate:
        for avg in AVGS:
            for zd in zds:
                kw = dict(extra(rng))
                if avg != default_avg:
                    kw["average"] = avg
                if zd != "warn":
                    kw["zero_division"] = zd
                W.add(fn, "degenerate", np.array(yt), np.array(yp), **kw)
    for zd in zds:
        W.add(fn, "degenerate", np.array([0, 1, 2]), np.array([0, 1, 2]), labels=[5, 6], average="macro",
              zero_division=zd, **extra(rng))
        W.add(fn, "degenerate", np.array([0, 1, 2]), np.array([0, 1, 5]), labels=[5], average="weighted",
              zero_division=zd, **extra(rng))
        W.add(fn, "degenerate", np.array([0, 1, 2]), np.array([0, 1, 2]), labels=[5, 6], average=None,
              zero_division=zd, **extra(rng))
    # inputs that raise
    W.add(fn, "raises", np.array([0, 1, 2]), np.array([0, 1, 1]), average="binary", **extra(rng))
    W.add(fn, "raises", np.array([0, 1, 1]), np.array([0, 1, 1]), average="binary", pos_label=3, **extra(rng))
    W.add(fn, "raises", np.array(["a", "b"]), np.array(["a", "b"]), average="binary", pos_label="c", **extra(rng))
    W.add(fn, "raises", np.array([0, 1, 1]), np.array([0, 1]), average="macro", **extra(rng))
    W.add(fn, "raises", np.array([], dtype=np.int64), np.array([], dtype=np.int64), average="macro", **extra(rng))
    W.add(fn, "raises", np.array([0, 1, 2]), np.array([0, 1, 2]), average="samples", **extra(rng))
    W.add(fn, "raises", np.array([[0, 1], [1, 1]]), np.array([0, 1]), average="macro", **extra(rng))
    W.add(fn, "raises", np.array([[0, 1], [1, 1]]), np.array([[0, 1], [1, 1]]), average="macro", labels=[0, 2],
          **extra(rng))
    W.add(fn, "raises", np.array([[0, 1], [1, 1]]), np.array([[0, 1], [1, 1]]), average="binary", **extra(rng))
    W.add(fn, "raises", np.array([0, 1, 1]), np.array([0, 1, 0]), sw=np.zeros(3), **extra(rng))
    W.add(fn, "raises", np.array([0, 1, 2]), np.array([0, 1, 0]), sw=np.zeros(3), average="macro", **extra(rng))
    if fn == "jaccard_score":
        for avg in ["binary", "macro", None]:
            W.add(fn, "raises", np.array([0, 1, 1]), np.array([0, 1, 0]), average=avg, zero_division=float("nan"))


def no_extra(rng):
    return {}


def beta_extra(rng):
    return {"beta": float(rng.choice([0.0, 0.5, 1.0, 2.0, 3.7, float("inf")]))}


def prfs_extra(rng):
    return {"beta": float(rng.choice([0.5, 1.0, 2.0]))} if rng.random() < 0.4 else {}


def gen_simple(W, rng, fn, kw_choices, multilabel_ok, raises_extra=(), binary_only=False):
    """accuracy, zero_one, hamming, balanced accuracy, mcc, confusion matrices, kappa, LR."""
    kinds = ["int", "int_sparse", "str", "bool"]
    for i in range(180):
        kind = kinds[i % 4]
        K = 2 if kind == "bool" or i % 3 == 0 or (binary_only and i % 12) else int(rng.integers(3, 7))
        n = size(rng)
        vals = label_values(kind, K, rng)
        t, p = pair(rng, n, K, acc=float(rng.random()))
        yt, yp = as_labels(t, vals, kind), as_labels(p, vals, kind)
        kw = kw_choices(rng, vals, kind)
        sw = weights(rng, n, zeros=bool(i % 2)) if i % 3 != 1 else None
        W.add(fn, f"{'binary' if K == 2 else 'multiclass'}_{kind}", yt, yp, sw=sw, **kw)
    if multilabel_ok:
        for i in range(40):
            n = size(rng)
            L = int(rng.integers(2, 6))
            t, p = multilabel(rng, n, L, acc=float(rng.random()))
            kw = kw_choices(rng, list(range(L)), "multilabel")
            sw = weights(rng, n, zeros=bool(i % 2)) if i % 3 != 1 else None
            W.add(fn, "multilabel", t, p, sw=sw, **kw)
    degenerate = [([0, 0, 0], [0, 0, 0]), ([1, 1, 1], [1, 1, 1]), ([1, 1, 0], [0, 0, 0]), ([0, 0, 0], [1, 1, 0]),
                  ([1], [1]), ([0], [1]), ([3], [3]), ([0, 1], [1, 0]), ([0, 0, 1, 1], [0, 2, 1, 1]),
                  ([5, 5, 5], [5, 7, 5])]
    for yt, yp in degenerate:
        for rep in range(2):
            kw = kw_choices(rng, sorted(set(yt) | set(yp)), "int")
            sw = weights(rng, len(yt)) if rep else None
            W.add(fn, "degenerate", np.array(yt), np.array(yp), sw=sw, **kw)
    W.add(fn, "raises", np.array([], dtype=np.int64), np.array([], dtype=np.int64))
    W.add(fn, "raises", np.array([0, 1, 1]), np.array([0, 1]))
    W.add(fn, "raises", np.array([[0, 1], [1, 1]]), np.array([0, 1]))
    W.add(fn, "raises", np.array([0, 1]), np.array([0, 1]), sw=np.array([1.0, 2.0, 3.0]))
    W.add(fn, "raises", np.array([0, 1, 1]), np.array([0, 1, 0]), sw=np.zeros(3))
    for args in raises_extra:
        W.add(fn, "raises", *args[:2], **args[2])


def gen_all_count(W, rng):
    gen_prf(W, rng, "precision_score", no_extra)
    gen_prf(W, rng, "recall_score", no_extra)
    gen_prf(W, rng, "f1_score", no_extra)
    gen_prf(W, rng, "fbeta_score", beta_extra)
    gen_prf(W, rng, "precision_recall_fscore_support", prfs_extra)
    gen_prf(W, rng, "jaccard_score", no_extra)

    gen_simple(W, rng, "accuracy_score",
               lambda rng, v, k: {"normalize": False} if rng.random() < 0.3 else {}, True)
    gen_simple(W, rng, "zero_one_loss",
               lambda rng, v, k: {"normalize": False} if rng.random() < 0.3 else {}, True)
    gen_simple(W, rng, "hamming_loss", lambda rng, v, k: {}, True)
    gen_simple(W, rng, "balanced_accuracy_score",
               lambda rng, v, k: {"adjusted": True} if rng.random() < 0.4 else {}, False,
               [(np.array([[0, 1], [1, 1]]), np.array([[0, 1], [1, 1]]), {})])
    gen_simple(W, rng, "matthews_corrcoef", lambda rng, v, k: {}, False,
               [(np.array([[0, 1], [1, 1]]), np.array([[0, 1], [1, 1]]), {})])

    def cm_kw(rng, vals, kind):
        kw = {}
        r = rng.random()
        if r < 0.25:
            kw["labels"] = [vals[i] for i in rng.permutation(len(vals))]
        elif r < 0.4:
            kw["labels"] = [vals[i] for i in rng.choice(len(vals), size=max(1, len(vals) - 1), replace=False)]
        elif r < 0.5 and kind != "bool":
            extra = {"int": 99, "int_sparse": 99, "str": "zzz", "multilabel": 99}[kind]
            kw["labels"] = list(vals) + [extra]
        if rng.random() < 0.4:
            kw["normalize"] = str(rng.choice(["true", "pred", "all"]))
        return kw
    gen_simple(W, rng, "confusion_matrix", cm_kw, False,
               [(np.array([0, 1, 1]), np.array([0, 1, 1]), {"labels": []}),
                (np.array([0, 1, 1]), np.array([0, 1, 1]), {"labels": [4, 5]}),
                (np.array([0, 1, 1]), np.array([2, 2, 2]), {"labels": [2]}),
                (np.array([[0, 1], [1, 1]]), np.array([[0, 1], [1, 1]]), {})])

    def mcm_kw(rng, vals, kind):
        kw = {}
        if kind == "multilabel":
            if rng.random() < 0.3:
                kw["labels"] = [int(x) for x in rng.choice(len(vals), size=int(rng.integers(1, len(vals) + 1)), replace=False)]
            if rng.random() < 0.4:
                kw["samplewise"] = True
            return kw
        r = rng.random()
        if r < 0.3:
            kw["labels"] = [vals[i] for i in rng.permutation(len(vals))][: max(1, len(vals) - 1)]
        elif r < 0.45 and kind != "bool":
            extra = {"int": 99, "int_sparse": 99, "str": "zzz"}[kind]
            kw["labels"] = list(vals) + [extra]
        return kw
    gen_simple(W, rng, "multilabel_confusion_matrix", mcm_kw, True,
               [(np.array([0, 1, 2]), np.array([0, 1, 2]), {"samplewise": True}),
                (np.array([[0, 1], [1, 1]]), np.array([[0, 1], [1, 1]]), {"labels": [0, 2]}),
                (np.array([[0, 1], [1, 1]]), np.array([[0, 1], [1, 1]]), {"labels": [-1, 0]})])

    def kappa_kw(rng, vals, kind):
        kw = {}
        if rng.random() < 0.6:
            kw["weights"] = str(rng.choice(["linear", "quadratic"]))
        r = rng.random()
        if r < 0.25:
            kw["labels"] = [vals[i] for i in rng.permutation(len(vals))]
        elif r < 0.35:
            kw["labels"] = [vals[0]]
        if rng.random() < 0.3:
            kw["replace_undefined_by"] = float(rng.choice([0.0, -1.0, 1.0, 0.25]))
        return kw
    gen_simple(W, rng, "cohen_kappa_score", kappa_kw, False,
               [(np.array([0, 1, 1]), np.array([0, 1, 1]), {"labels": [4, 5]}),
                (np.array([[0, 1], [1, 1]]), np.array([[0, 1], [1, 1]]), {})])
    for repl in [float("nan"), 0.0, 1.0, -1.0]:
        W.add("cohen_kappa_score", "undefined", np.array([0, 0, 0]), np.array([0, 0, 0]), replace_undefined_by=repl)
        W.add("cohen_kappa_score", "undefined", np.array([0, 0, 1]), np.array([2, 2, 2]), labels=[0, 1],
              replace_undefined_by=repl)
        W.add("cohen_kappa_score", "undefined", np.array([1, 1]), np.array([1, 1]), labels=[0, 1],
              weights="linear", replace_undefined_by=repl)

    def lr_kw(rng, vals, kind):
        kw = {}
        if rng.random() < 0.25 and len(vals) == 2:
            kw["labels"] = list(vals) if rng.random() < 0.5 else list(vals)[::-1]
        r = rng.random()
        if r < 0.2:
            kw["replace_undefined_by"] = 1.0
        elif r < 0.4:
            kw["replace_undefined_by"] = {"LR+": float(rng.choice([1.0, 2.5, float("inf"), float("nan")])),
                                          "LR-": float(rng.choice([0.0, 0.5, 1.0, float("nan")]))}
        return kw
    gen_simple(W, rng, "class_likelihood_ratios", lr_kw, False,
               [(np.array([0, 1, 1]), np.array([0, 1, 1]), {"replace_undefined_by": 0.5}),
                (np.array([0, 1, 1]), np.array([0, 1, 1]), {"replace_undefined_by": {"LR+": 0.5, "LR-": 0.5}}),
                (np.array([0, 1, 2]), np.array([0, 1, 1]), {}),
                (np.array([[0, 1], [1, 1]]), np.array([[0, 1], [1, 1]]), {})], binary_only=True)
    for yt, yp in [([0, 0, 1, 1], [0, 0, 1, 1]), ([0, 0, 1, 1], [1, 1, 0, 0]), ([0, 0, 0], [0, 1, 0]),
                   ([0, 0, 0], [0, 0, 0]), ([1, 1, 0], [1, 1, 1]), ([1, 1, 0], [0, 0, 0])]:
        for repl in [float("nan"), 1.0, {"LR+": 3.0, "LR-": 0.25}, {"LR+": float("inf"), "LR-": float("nan")}]:
            kw = {"replace_undefined_by": repl}
            if len(set(yt) | set(yp)) < 2:
                kw["labels"] = [0, 1]
            W.add("class_likelihood_ratios", "undefined", np.array(yt), np.array(yp), **kw)

    # classification_report(output_dict=True)
    fn = "classification_report"
    kinds = ["int", "int_sparse", "str", "bool"]
    for i in range(200):
        kind = kinds[i % 4]
        K = 2 if kind == "bool" or i % 3 == 0 else int(rng.integers(3, 7))
        n = size(rng)
        vals = label_values(kind, K, rng)
        t, p = pair(rng, n, K, acc=float(rng.random()))
        yt, yp = as_labels(t, vals, kind), as_labels(p, vals, kind)
        kw = {"output_dict": True}
        r = rng.random()
        if r < 0.2:
            kw["labels"] = [vals[j] for j in rng.permutation(K)]
        elif r < 0.35:
            kw["labels"] = [vals[j] for j in rng.choice(K, size=max(1, K - 1), replace=False)]
        elif r < 0.45 and kind != "bool":
            kw["labels"] = list(vals) + [{"int": 77, "int_sparse": 77, "str": "zzz"}[kind]]
        if rng.random() < 0.3:
            nl = len(kw.get("labels", vals))
            kw["target_names"] = [f"class {j}" for j in range(nl)]
        if rng.random() < 0.5:
            kw["zero_division"] = ZDS[int(rng.integers(0, 4))]
        if rng.random() < 0.2:
            kw["digits"] = int(rng.integers(0, 6))
        sw = weights(rng, n, zeros=bool(i % 2)) if i % 3 == 2 else None
        W.add(fn, f"{'binary' if K == 2 else 'multiclass'}_{kind}", yt, yp, sw=sw, **kw)
    for i in range(40):
        n = size(rng)
        L = int(rng.integers(2, 6))
        t, p = multilabel(rng, n, L, acc=float(rng.random()))
        kw = {"output_dict": True}
        if rng.random() < 0.5:
            kw["zero_division"] = ZDS[int(rng.integers(0, 4))]
        if rng.random() < 0.3:
            kw["target_names"] = [f"L{j}" for j in range(L)]
        sw = weights(rng, n) if i % 3 == 2 else None
        W.add(fn, "multilabel", t, p, sw=sw, **kw)
    for yt, yp in [([0, 0, 0], [0, 0, 0]), ([1], [1]), ([0, 1], [1, 1]), ([0, 1, 2], [0, 0, 0])]:
        for zd in ZDS:
            W.add(fn, "degenerate", np.array(yt), np.array(yp), output_dict=True, zero_division=zd)
    # target_names of another length than an explicit `labels`: names are paired up to the shorter
    W.add(fn, "target_names", np.array([0, 1, 2, 2]), np.array([0, 2, 2, 1]), output_dict=True, labels=[0, 1, 2],
          target_names=["a", "b"])
    W.add(fn, "target_names", np.array([0, 1, 2, 2]), np.array([0, 2, 2, 1]), output_dict=True, labels=[2, 0],
          target_names=["x", "y", "z", "w"])
    for i in range(6):
        n = int(rng.integers(3, 30))
        L = int(rng.integers(2, 6))
        t, p = multilabel(rng, n, L)
        W.add(fn, "multilabel_labels", t, p, output_dict=True,
              labels=sorted(rng.choice(L, size=int(rng.integers(1, L + 1)), replace=False).tolist()))
    W.add(fn, "raises", np.array([0, 1, 2]), np.array([0, 1, 2]), output_dict=True, target_names=["a", "b"])
    W.add(fn, "raises", np.array([], dtype=np.int64), np.array([], dtype=np.int64), output_dict=True)
    W.add(fn, "raises", np.array([0, 1, 1]), np.array([0, 1]), output_dict=True)
    W.add(fn, "raises", np.array([0, 1, 1]), np.array([0, 1, 0]), sw=np.zeros(3), output_dict=True)


# --- score-based ------------------------------------------------------------

def scores(rng, n, decimals=None):
    s = rng.random(n)
    if decimals is None:
        decimals = int(rng.choice([1, 2, 3, 6]))
    return np.round(s, decimals)


def binary_scores(rng, n, kind, vals, informative=True):
    t = rng.integers(0, 2, n)
    s = scores(rng, n)
    if informative:
        s = np.clip(np.round(s * 0.7 + t * 0.3, 3), 0, 1)
    return as_labels(t, vals, kind), s


def gen_curves(W, rng, fn, kw_fn):
    for i in range(150):
        kind = ["int", "pm1", "str", "bool", "int_sparse"][i % 5]
        n = size(rng)
        if kind == "pm1":
            vals = [-1, 1]
            k2 = "int"
        else:
            vals = label_values(kind, 2, rng)
            k2 = kind
        yt, s = binary_scores(rng, n, k2, vals)
        if i % 7 == 3 and fn in ("roc_curve", "precision_recall_curve", "det_curve", "confusion_matrix_at_thresholds"):
            s = s * 10 - 3  # scores need not be probabilities
        kw = kw_fn(rng)
        if kind in ("str", "int_sparse") or (kind == "bool" and i % 2):
            kw["pos_label"] = vals[int(rng.integers(0, 2))]
        sw = weights(rng, n, zeros=bool(i % 2)) if i % 3 == 0 else None
        W.add(fn, f"binary_{kind}", yt, y_score=s, sw=sw, **kw)
    # multiclass y_true with an explicit pos_label
    for i in range(10):
        n = size(rng)
        t = rng.integers(0, 4, n)
        s = scores(rng, n)
        W.add(fn, "multiclass_pos_label", t, y_score=s, pos_label=int(rng.integers(0, 4)), **kw_fn(rng))
    deg = [([1], [0.5]), ([0], [0.5]), ([0, 0, 0], [0.1, 0.2, 0.3]), ([1, 1, 1], [0.1, 0.2, 0.3]),
           ([0, 1], [0.5, 0.5]), ([0, 1, 0, 1], [0.3, 0.3, 0.3, 0.3]), ([1, 0], [0.9, 0.1]),
           ([0, 1], [0.9, 0.1]), ([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), ([0, 0, 1, 1, 0, 1], [.1, .4, .4, .8, .8, .8])]
    for yt, s in deg:
        for kwv in [kw_fn(rng), kw_fn(rng)]:
            W.add(fn, "degenerate", np.array(yt), y_score=np.array(s), **kwv)
        W.add(fn, "degenerate", np.array(yt), y_score=np.array(s), sw=np.ones(len(yt)) * 0.5, **kw_fn(rng))
    W.add(fn, "raises", np.array([], dtype=np.int64), y_score=np.array([]))
    W.add(fn, "raises", np.array(["a", "b"]), y_score=np.array([0.1, 0.2]))
    W.add(fn, "raises", np.array([0, 1, 2]), y_score=np.array([0.1, 0.2, 0.3]))
    W.add(fn, "raises", np.array([0, 1, 1]), y_score=np.array([0.1, 0.2]))
    W.add(fn, "raises", np.array([0, 2]), y_score=np.array([0.1, 0.2]))
    W.add(fn, "raises", np.array([0, 1]), y_score=np.array([0.1, 0.2]), sw=np.array([0.0, 0.0]))
    # Tied scores with weights: the running sums add the tied samples from
    # the last to the first (a reversed stable sort). In this order the
    # second difference at 0.25 is not exactly zero, reversed it is, so the
    # two orders give curves of different lengths under drop_intermediate.
    yt = np.array([1, 1, 1, 1, 0])
    st = np.array([0.0, 0.5, 0.25, 0.25, 0.75])
    wt = np.array([1.02, 0.59, 0.24, 0.78, 0.92])
    W.add(fn, "weighted_ties", yt, y_score=st, sw=wt)
    W.add(fn, "weighted_ties", yt[::-1].copy(), y_score=st[::-1].copy(), sw=wt[::-1].copy())


def drop_kw(default):
    def f(rng):
        kw = {}
        if rng.random() < 0.5:
            kw["drop_intermediate"] = not default
        return kw
    return f


def add_multilabel_zero_weight(W, fn):
    """Multilabel averages with zero weights: "weighted" with a zero total
    support is 0 before any column is scored; "samples" counts a row of
    weight zero as 0, so its NaN (a row with one class) is ignored."""
    ym = np.array([[1, 1, 1], [0, 0, 0]])
    sm = np.array([[0.91, 0.87, 0.82], [0.47, 0.1, 0.17]])
    W.add(fn, "multilabel_zero_weight", ym, y_score=sm, sw=np.zeros(2), average="weighted")
    W.add(fn, "multilabel_zero_weight", ym, y_score=sm, sw=np.zeros(2), average="macro")
    ys = np.array([[1, 1, 1], [1, 0, 1], [0, 1, 0], [0, 0, 1]])
    ss = np.array([[0.3, 0.8, 0.6], [0.9, 0.2, 0.4], [0.1, 0.7, 0.5], [0.2, 0.3, 0.6]])
    W.add(fn, "multilabel_zero_weight", ys, y_score=ss, sw=np.array([0.0, 1.5, 0.5, 2.0]), average="samples")
    W.add(fn, "multilabel_zero_weight", ys, y_score=ss, sw=np.array([1.0, 1.5, 0.5, 2.0]), average="samples")


def gen_all_score(W, rng):
    gen_curves(W, rng, "roc_curve", drop_kw(True))
    gen_curves(W, rng, "precision_recall_curve", drop_kw(False))
    gen_curves(W, rng, "det_curve", drop_kw(False))
    gen_curves(W, rng, "confusion_matrix_at_thresholds", lambda rng: {})

    # roc_auc_score
    fn = "roc_auc_score"
    for i in range(150):
        kind = ["int", "str", "bool", "int_sparse", "pm1"][i % 5]
        vals = [-1, 1] if kind == "pm1" else label_values(kind, 2, rng)
        n = size(rng)
        yt, s = binary_scores(rng, n, "int" if kind == "pm1" else kind, vals)
        kw = {}
        if i % 4 == 1:
            kw["max_fpr"] = float(rng.choice([0.1, 0.25, 0.5, 0.8, 1.0]))
        sw = weights(rng, n, zeros=bool(i % 2)) if i % 3 == 0 else None
        W.add(fn, f"binary_{kind}", yt, y_score=s, sw=sw, **kw)
    for i in range(120):
        n = size(rng)
        K = int(rng.integers(3, 6))
        kind = ["int", "str", "int_sparse"][i % 3]
        vals = label_values(kind, K, rng)
        t = rng.integers(0, K, n)
        if n >= K:
            t[:K] = np.arange(K)
        P = rng.random((n, K)) + np.eye(K)[t] * rng.random()
        P = np.round(P / P.sum(axis=1, keepdims=True), 12)
        P[:, -1] = 1.0 - P[:, :-1].sum(axis=1)
        mc = ["ovr", "ovo"][i % 2]
        kw = {"multi_class": mc}
        avgs = ["macro", "weighted"] + (["micro", None] if mc == "ovr" else [])
        kw["average"] = avgs[int(rng.integers(0, len(avgs)))]
        if i % 5 == 0:
            kw["labels"] = vals
        sw = weights(rng, n) if (mc == "ovr" and i % 3 == 0) else None
        W.add(fn, f"multiclass_{mc}_{kind}", as_labels(t, vals, kind), y_score=P, sw=sw, **kw)
    for i in range(30):  # a class named by `labels` but absent from y_true
        n = int(rng.integers(4, 40))
        K = int(rng.integers(3, 6))
        kind = ["int", "str", "int_sparse"][i % 3]
        vals = label_values(kind, K, rng)
        t = rng.integers(0, K - 1, n)
        P = rng.random((n, K))
        P = np.round(P / P.sum(axis=1, keepdims=True), 12)
        P[:, -1] = 1.0 - P[:, :-1].sum(axis=1)
        mc = ["ovr", "ovo"][i % 2]
        avgs = ["macro", "weighted"] + (["micro", None] if mc == "ovr" else [])
        W.add(fn, f"absent_class_{mc}", as_labels(t, vals, kind), y_score=P, multi_class=mc, labels=vals,
              average=avgs[i % len(avgs)])
    for i in range(60):
        n = size(rng)
        L = int(rng.integers(2, 5))
        t = (rng.random((n, L)) < 0.5).astype(np.int64)
        S = np.round(np.clip(rng.random((n, L)) * 0.7 + t * 0.3, 0, 1), 2)
        if i % 6 == 5:
            t[:, 0] = 1  # a single-class column
        avg = [None, "micro", "macro", "weighted", "samples"][i % 5]
        sw = weights(rng, n, zeros=bool(i % 2)) if i % 3 == 0 else None
        W.add(fn, "multilabel", t, y_score=S, sw=sw, average=avg)
    for yt, s in [([1], [0.5]), ([0, 0], [0.1, 0.9]), ([1, 1, 1], [0.1, 0.2, 0.3]), ([0, 1], [0.5, 0.5]),
                  ([0, 0, 1, 1, 0, 1], [.1, .4, .4, .8, .8, .8])]:
        W.add(fn, "degenerate", np.array(yt), y_score=np.array(s))
        W.add(fn, "degenerate", np.array(yt), y_score=np.array(s), max_fpr=0.5)
    P3 = np.array([[0.2, 0.3, 0.5], [0.6, 0.2, 0.2], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]])
    y3 = np.array([2, 0, 1, 1])
    W.add(fn, "raises", y3, y_score=P3)
    W.add(fn, "raises", y3, y_score=P3, multi_class="ovr", max_fpr=0.5)
    W.add(fn, "raises", y3, y_score=P3, multi_class="ovo", sw=np.ones(4))
    W.add(fn, "raises", y3, y_score=P3, multi_class="ovo", average=None)
    W.add(fn, "raises", y3, y_score=P3 * 2, multi_class="ovr")
    W.add(fn, "raises", y3, y_score=P3, multi_class="ovr", labels=[2, 1, 0])
    W.add(fn, "raises", y3, y_score=P3, multi_class="ovr", labels=[0, 1, 2, 3])
    W.add(fn, "raises", y3, y_score=P3, multi_class="ovr", average="samples")
    W.add(fn, "raises", y3, y_score=P3[:, :2], multi_class="ovr")
    W.add(fn, "raises", np.array([], dtype=np.int64), y_score=np.array([]))
    W.add(fn, "raises", np.array([0, 1]), y_score=np.array([0.1, 0.2]), max_fpr=0.0)
    W.add(fn, "raises", np.array([0, 1, 1]), y_score=np.array([0.1, 0.2, 0.3]), sw=np.zeros(3))
    W.add(fn, "degenerate", np.array([1, 1, 1]), y_score=np.array([0.1, 0.2, 0.3]), sw=np.zeros(3))
    W.add(fn, "raises", np.array([0, 1, 1]), y_score=np.array([0.1, 0.2]))
    # one-vs-one with one class of `labels` in y_true: no pair; the weighted
    # mean divides by zero, the plain mean of nothing is NaN
    W.add(fn, "raises", np.array([1, 1]), y_score=P3[:2], multi_class="ovo", average="weighted",
          labels=[0, 1, 2])
    W.add(fn, "degenerate", np.array([1, 1]), y_score=P3[:2], multi_class="ovo", labels=[0, 1, 2])

    add_multilabel_zero_weight(W, fn)

    # average_precision_score
    fn = "average_precision_score"
    for i in range(150):
        kind = ["int", "str", "bool", "int_sparse", "pm1"][i % 5]
        vals = [-1, 1] if kind == "pm1" else label_values(kind, 2, rng)
        n = size(rng)
        yt, s = binary_scores(rng, n, "int" if kind == "pm1" else kind, vals)
        kw = {}
        if kind in ("str", "int_sparse") or (kind == "bool" and i % 2):
            kw["pos_label"] = vals[int(rng.integers(0, 2))]
        sw = weights(rng, n, zeros=bool(i % 2)) if i % 3 == 0 else None
        W.add(fn, f"binary_{kind}", yt, y_score=s, sw=sw, **kw)
    for i in range(60):
        n = size(rng)
        K = int(rng.integers(3, 6))
        t = cover(rng.integers(0, K, n), K)
        S = np.round(rng.random((n, K)) + np.eye(K)[t] * 0.5, 2)
        kw = {"average": [None, "micro", "macro", "weighted"][i % 4]}
        sw = weights(rng, n) if i % 3 == 0 else None
        W.add(fn, "multiclass", t, y_score=S, sw=sw, **kw)
    for i in range(60):
        n = size(rng)
        L = int(rng.integers(2, 5))
        t = (rng.random((n, L)) < 0.4).astype(np.int64)
        S = np.round(np.clip(rng.random((n, L)) * 0.7 + t * 0.3, 0, 1), 2)
        if i % 6 == 5:
            t[:, 0] = 0
        sw = weights(rng, n, zeros=bool(i % 2)) if i % 3 == 0 else None
        W.add(fn, "multilabel", t, y_score=S, sw=sw, average=[None, "micro", "macro", "weighted", "samples"][i % 5])
    for yt, s in [([1], [0.5]), ([0], [0.5]), ([0, 0, 0], [0.1, 0.2, 0.3]), ([1, 1], [0.1, 0.2]),
                  ([0, 1], [0.5, 0.5]), ([0, 0, 1, 1, 0, 1], [.1, .4, .4, .8, .8, .8])]:
        W.add(fn, "degenerate", np.array(yt), y_score=np.array(s))
        W.add(fn, "degenerate", np.array(yt), y_score=np.array(s), sw=np.array([0.5] * len(yt)))
    W.add(fn, "raises", np.array([0, 1]), y_score=np.array([0.1, 0.2]), pos_label=2)
    W.add(fn, "raises", np.array([0, 1, 2]), y_score=np.eye(3), pos_label=2)
    W.add(fn, "raises", np.array([0, 1, 2]), y_score=np.array([0.1, 0.2, 0.3]))
    W.add(fn, "raises", np.array([], dtype=np.int64), y_score=np.array([]))
    W.add(fn, "raises", np.array(["a", "b"]), y_score=np.array([0.1, 0.2]))
    W.add(fn, "raises", np.array([0, 1, 1]), y_score=np.array([0.1, 0.2, 0.3]), sw=np.zeros(3))
    add_multilabel_zero_weight(W, fn)

    # log_loss
    fn = "log_loss"
    for i in range(150):
        n = size(rng)
        kw = {}
        if i % 3 == 0:  # binary 1-D
            kind = ["int", "str", "bool", "int_sparse"][i % 4]
            vals = label_values(kind, 2, rng)
            yt, s = binary_scores(rng, n, kind, vals)
            if i % 9 == 0:
                s = np.round(s, 0)  # exact 0 and 1 are clipped
            P = s
            if rng.random() < 0.3:
                kw["labels"] = vals
        else:
            K = int(rng.integers(2, 6))
            kind = ["int", "str", "int_sparse"][i % 3]
            vals = label_values(kind, K, rng)
            t = cover(rng.integers(0, K, n), K)
            P = rng.random((n, K)) + np.eye(K)[t] * rng.random() * 2
            P = P / P.sum(axis=1, keepdims=True)
            if i % 10 == 1:
                P = P * 0.9  # rows that do not sum to one are not renormalized
            if i % 8 == 2 and K > 2:  # a class absent from y_true, named through labels
                t = np.where(t == K - 1, 0, t)
                kw["labels"] = vals
            elif rng.random() < 0.2:
                kw["labels"] = vals
            yt = as_labels(t, vals, kind)
        if rng.random() < 0.3:
            kw["normalize"] = False
        sw = weights(rng, n, zeros=bool(i % 2)) if i % 4 == 0 else None
        W.add(fn, "probabilities", yt, y_score=P, sw=sw, **kw)
    W.add(fn, "degenerate", np.array([0, 1, 1]), y_score=np.array([[.9, .1], [.2, .8], [0, 1]]))
    W.add(fn, "degenerate", np.array([0, 1]), y_score=np.array([[0.0, 1.0], [1.0, 0.0]]))
    W.add(fn, "degenerate", np.array([1]), y_score=np.array([0.3]), labels=[0, 1])
    W.add(fn, "degenerate", np.array([2, 2]), y_score=np.array([[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]]), labels=[0, 1, 2])
    W.add(fn, "raises", np.array([1, 1]), y_score=np.array([0.3, 0.4]))
    W.add(fn, "raises", np.array([0, 1, 3]), y_score=np.array([[.5, .5], [.5, .5], [.5, .5]]), labels=[0, 1])
    W.add(fn, "raises", np.array([0, 1]), y_score=np.array([0.3, 1.4]))
    W.add(fn, "raises", np.array([0, 1]), y_score=np.array([-0.3, 0.4]))
    W.add(fn, "raises", np.array([0, 1, 2]), y_score=np.array([[.5, .5], [.5, .5], [.5, .5]]))
    W.add(fn, "raises", np.array([0, 1]), y_score=np.array([[.5, .5, 0], [.5, .5, 0]]), labels=[0, 1])
    W.add(fn, "raises", np.array([], dtype=np.int64), y_score=np.array([]))
    W.add(fn, "raises", np.array([0]), y_score=np.array([0.3]), labels=[0])
    W.add(fn, "raises", np.array([0, 1, 1]), y_score=np.array([0.1, 0.2, 0.3]), sw=np.zeros(3))

    # brier_score_loss
    fn = "brier_score_loss"
    for i in range(160):
        n = size(rng)
        kw = {}
        if i % 2 == 0:
            kind = ["int", "str", "bool", "int_sparse", "pm1"][(i // 2) % 5]
            vals = [-1, 1] if kind == "pm1" else label_values(kind, 2, rng)
            yt, s = binary_scores(rng, n, "int" if kind == "pm1" else kind, vals)
            if kind == "str" or (kind == "int_sparse" and i % 4 == 0) or (kind == "bool" and i % 4 == 0):
                kw["pos_label"] = vals[int(rng.integers(0, 2))]
            P = s
        else:
            K = int(rng.integers(2, 6))
            kind = ["int", "str", "int_sparse"][i % 3]
            vals = label_values(kind, K, rng)
            t = cover(rng.integers(0, K, n), K)
            P = rng.random((n, K)) + np.eye(K)[t] * rng.random() * 2
            P = P / P.sum(axis=1, keepdims=True)
            if i % 7 == 1 and K > 2:
                t = np.where(t == K - 1, 0, t)
                kw["labels"] = vals
            yt = as_labels(t, vals, kind)
        if rng.random() < 0.3:
            kw["scale_by_half"] = bool(rng.random() < 0.5)
        sw = weights(rng, n, zeros=bool(i % 2)) if i % 4 == 0 else None
        W.add(fn, "probabilities", yt, y_score=P, sw=sw, **kw)
    W.add(fn, "degenerate", np.array([1]), y_score=np.array([0.3]))
    W.add(fn, "degenerate", np.array([0, 0]), y_score=np.array([0.3, 0.0]))
    W.add(fn, "degenerate", np.array([3, 3]), y_score=np.array([0.3, 0.9]))
    W.add(fn, "degenerate", np.array([2, 5]), y_score=np.array([0.3, 0.9]))
    W.add(fn, "raises", np.array(["a", "b"]), y_score=np.array([0.3, 0.4]))
    W.add(fn, "raises", np.array([0, 1]), y_score=np.array([0.3, 1.4]))
    W.add(fn, "raises", np.array([0, 1, 2]), y_score=np.array([0.3, 0.4, 0.5]))
    W.add(fn, "raises", np.array([0, 1, 3]), y_score=np.array([[.5, .5], [.5, .5], [.5, .5]]), labels=[0, 1])
    W.add(fn, "raises", np.array([], dtype=np.int64), y_score=np.array([]))
    W.add(fn, "raises", np.array([0, 1, 1]), y_score=np.array([0.1, 0.2, 0.3]), sw=np.zeros(3))

    # top_k_accuracy_score
    fn = "top_k_accuracy_score"
    for i in range(150):
        n = size(rng)
        kw = {}
        if i % 4 == 0:
            vals = [0, 1]
            t = rng.integers(0, 2, n)
            s = scores(rng, n, 1)
            if i % 8 == 0:
                s = s * 4 - 2
            kw["k"] = int(rng.integers(1, 3))
            yt = t
            S = s
        else:
            K = int(rng.integers(3, 7))
            kind = ["int", "str", "int_sparse"][i % 3]
            vals = label_values(kind, K, rng)
            t = rng.integers(0, K, n)
            S = np.round(rng.random((n, K)) + np.eye(K)[t] * rng.random(), int(rng.choice([1, 2, 6])))
            if n >= K:
                t[:K] = np.arange(K)
            elif True:
                kw["labels"] = vals
            if i % 6 == 1 and "labels" not in kw:
                kw["labels"] = vals
            kw["k"] = int(rng.integers(1, K + 1))
            yt = as_labels(t, vals, kind)
        if rng.random() < 0.3:
            kw["normalize"] = False
        sw = weights(rng, n, zeros=bool(i % 2)) if i % 3 == 0 else None
        W.add(fn, "scores", yt, y_score=S, sw=sw, **kw)
    for i in range(20):  # binary targets of every label kind
        kind = ["str", "bool", "int_sparse", "int"][i % 4]
        vals = label_values(kind, 2, rng)
        n = size(rng)
        t = rng.integers(0, 2, n)
        s = np.round(rng.random(n) * (1 if i % 3 else 4) - (0 if i % 3 else 2), 1)
        kw = {"k": int(rng.integers(1, 3))}
        if n < 2 or i % 5 == 0:
            kw["labels"] = vals
        W.add(fn, f"binary_{kind}", as_labels(t, vals, kind), y_score=s, **kw)
    W.add(fn, "ties", np.array([0]), y_score=np.array([[.5, .5, 0]]), k=1, labels=[0, 1, 2])
    W.add(fn, "ties", np.array([1]), y_score=np.array([[.5, .5, 0]]), k=1, labels=[0, 1, 2])
    W.add(fn, "ties", np.array([0, 1, 2]), y_score=np.full((3, 3), 1 / 3), k=2)
    W.add(fn, "ties", np.array([0, 1]), y_score=np.array([0.5, 0.5]), k=1)
    W.add(fn, "raises", np.array([0, 1, 2]), y_score=np.eye(3), labels=[2, 1, 0])
    W.add(fn, "raises", np.array([0, 1, 2]), y_score=np.eye(3)[:, :2])
    W.add(fn, "raises", np.array([0, 1, 2]), y_score=np.eye(3), labels=[0, 1, 2, 3])
    W.add(fn, "raises", np.array([0, 1, 4]), y_score=np.eye(3), labels=[0, 1, 2])
    W.add(fn, "raises", np.array([0, 1, 2]), y_score=np.eye(3), k=0)
    W.add(fn, "raises", np.array([0, 1, 2]), y_score=np.eye(3), sw=np.zeros(3))
    W.add(fn, "degenerate", np.array([0, 1, 2]), y_score=np.eye(3), sw=np.zeros(3), normalize=False)
    W.add(fn, "raises", np.array([], dtype=np.int64), y_score=np.zeros((0, 3)))

    # hinge_loss
    fn = "hinge_loss"
    for i in range(150):
        n = size(rng)
        kw = {}
        if i % 3 == 0:
            kind = ["int", "pm1", "str", "int_sparse"][i % 4]
            vals = [-1, 1] if kind == "pm1" else label_values(kind, 2, rng)
            t = rng.integers(0, 2, n)
            d = np.round((rng.random(n) * 4 - 2) + (t * 2 - 1) * rng.random(), 3)
            yt = as_labels(t, vals, "int" if kind == "pm1" else kind)
            D = d
        else:
            K = int(rng.integers(3, 6))
            kind = ["int", "str", "int_sparse"][i % 3]
            vals = label_values(kind, K, rng)
            t = cover(rng.integers(0, K, n), K)
            D = np.round(rng.random((n, K)) * 4 - 2 + np.eye(K)[t] * rng.random() * 2, 3)
            if i % 5 == 1 and n > 1:
                t = np.where(t == K - 1, 0, t)
                kw["labels"] = vals
            elif n < K:
                kw["labels"] = vals
            yt = as_labels(t, vals, kind)
        sw = weights(rng, n, zeros=bool(i % 2)) if i % 3 == 1 else None
        W.add(fn, "decisions", yt, y_score=D, sw=sw, **kw)
    W.add(fn, "degenerate", np.array([-1, 1, 1]), y_score=np.array([-2.2, -0.3, 1.5]))
    W.add(fn, "degenerate", np.array([1]), y_score=np.array([0.3]))
    W.add(fn, "raises", np.array([0, 1, 2]), y_score=np.array([0.1, 0.2, 0.3]))
    W.add(fn, "raises", np.array([0, 1, 2]), y_score=np.eye(4)[:3])
    W.add(fn, "raises", np.array([0, 1, 2]), y_score=np.eye(3), labels=[0, 1, 2, 3])
    W.add(fn, "raises", np.array([], dtype=np.int64), y_score=np.array([]))
    W.add(fn, "raises", np.array([0, 1, 1]), y_score=np.array([0.1, -0.2, 0.3]), sw=np.zeros(3))

    # calibration_curve
    fn = "calibration_curve"
    for i in range(150):
        kind = ["int", "pm1", "str", "bool"][i % 4]
        vals = [-1, 1] if kind == "pm1" else label_values(kind, 2, rng)
        n = size(rng)
        yt, s = binary_scores(rng, n, "int" if kind == "pm1" else kind, vals)
        kw = {}
        if kind == "str" or (kind == "bool" and i % 2):
            kw["pos_label"] = vals[int(rng.integers(0, 2))]
        if rng.random() < 0.7:
            kw["n_bins"] = int(rng.choice([1, 2, 3, 5, 10, 20]))
        if rng.random() < 0.5:
            kw["strategy"] = str(rng.choice(["uniform", "quantile"]))
        W.add(fn, f"binary_{kind}", yt, y_score=s, **kw)
    W.add(fn, "edges", np.array([0, 1, 1, 0]), y_score=np.array([0.4, 0.4000001, 0.2, 0.0]))
    W.add(fn, "edges", np.array([0, 1, 1, 0]), y_score=np.array([0.0, 1.0, 0.6, 0.8]), n_bins=5)
    W.add(fn, "edges", np.array([1]), y_score=np.array([0.5]), strategy="quantile")
    W.add(fn, "raises", np.array([0, 1]), y_score=np.array([0.3, 1.4]))
    W.add(fn, "raises", np.array([0, 1, 2]), y_score=np.array([0.3, 0.4, 0.5]), pos_label=1)
    W.add(fn, "raises", np.array(["a", "b"]), y_score=np.array([0.3, 0.4]))
    W.add(fn, "raises", np.array([0, 1]), y_score=np.array([0.3, 0.4]), n_bins=0)
    W.add(fn, "raises", np.array([0, 1]), y_score=np.array([0.3, 0.4]), strategy="kmeans")
    W.add(fn, "raises", np.array([], dtype=np.int64), y_score=np.array([]))


def gen_label_ranking(W, rng):
    """coverage_error, label_ranking_loss, label_ranking_average_precision_score."""
    fns = ["coverage_error", "label_ranking_loss", "label_ranking_average_precision_score"]
    for fn in fns:
        for i in range(100):
            n = size(rng)
            L = int(rng.integers(2, 9))
            p = float(rng.choice([0.2, 0.5, 0.8]))
            t = (rng.random((n, L)) < p).astype(np.int64)
            S = np.round(rng.random((n, L)), int(rng.choice([1, 2, 6])))  # ties at 1-2 decimals
            if i % 5 == 4:
                S = S * 6 - 3  # scores need not be probabilities
            sw = weights(rng, n, zeros=bool(i % 2)) if i % 3 == 0 else None
            W.add(fn, "multilabel", t, y_score=S, sw=sw)
        E = np.array([[0, 0, 0], [1, 1, 1], [1, 0, 1], [0, 1, 0]])
        SE = np.array([[0.2, 0.2, 0.9], [0.5, 0.1, 0.5], [0.3, 0.3, 0.3], [0.7, 0.1, 0.7]])
        W.add(fn, "edges", E, y_score=SE)
        W.add(fn, "edges", E[:2], y_score=SE[:2])
        W.add(fn, "edges", E, y_score=SE, sw=np.array([0.0, 2.0, 0.5, 0.0]))
        W.add(fn, "edges", E, y_score=SE, sw=np.zeros(4))  # LRAP: NaN, the others raise
        W.add(fn, "edges", np.array([[1], [0], [1]]), y_score=np.array([[0.4], [0.6], [0.1]]))
        W.add(fn, "raises", E, y_score=SE[:, :2])
        W.add(fn, "raises", E[:3], y_score=SE)
        W.add(fn, "raises", np.array([[0, 2, 1], [1, 0, 0]]), y_score=SE[:2])
        W.add(fn, "raises", E, y_score=np.where(SE > 0.6, np.nan, SE))
        W.add(fn, "raises", np.zeros((0, 3), dtype=np.int64), y_score=np.zeros((0, 3)))


def gen_anchors(W):
    """Published reference values; the generator stops if a reference disagrees."""
    Y = np.array([[1, 0, 1], [0, 1, 0], [1, 1, 0]])
    P = np.array([[1, 0, 0], [0, 1, 1], [1, 0, 0]])
    a = [0, 1, 2, 2, 1, 0, 2]
    b = [0, 2, 2, 1, 1, 0, 0]
    s6 = ([0, 0, 1, 1, 0, 1], [.1, .4, .4, .8, .8, .8])
    anchors = [
        ("accuracy_score", [0, 1, 1], [0, 1, 0], None, {}, 2 / 3),
        ("confusion_matrix", [0, 0, 1], [0, 1, 1], [.5, 2, 1], {}, [[0.5, 2.0], [0.0, 1.0]]),
        ("multilabel_confusion_matrix", Y, P, None, {}, [[[1, 0], [0, 2]], [[1, 0], [1, 1]], [[1, 1], [1, 0]]]),
        ("balanced_accuracy_score", [0, 0, 1, 1], [0, 2, 1, 1], None, {}, 0.75),
        ("balanced_accuracy_score", [0, 0, 1, 1, 2, 2], [0, 1, 1, 1, 2, 0], None, {"adjusted": True}, 0.5),
        ("f1_score", [0, 1, 1], [0, 1, 0], None, {"labels": [0, 1, 2], "average": "macro"}, 4 / 9),
        ("f1_score", [0, 1, 1], [0, 1, 0], None, {"average": "macro"}, 2 / 3),
        ("f1_score", [0, 1, 1, 2], [0, 1, 0, 0], None, {"average": "weighted"}, 0.4583333333333333),
        ("f1_score", Y, P, None, {"average": "micro"}, 2 / 3),
        ("f1_score", Y, P, None, {"average": "macro"}, 0.5555555555555555),
        ("f1_score", Y, P, None, {"average": "weighted"}, 2 / 3),
        ("f1_score", Y, P, None, {"average": "samples"}, 2 / 3),
        ("jaccard_score", Y, P, None, {"average": "micro"}, 0.5),
        ("jaccard_score", Y, P, None, {"average": "macro"}, 0.5),
        ("jaccard_score", Y, P, None, {"average": "weighted"}, 0.6),
        ("jaccard_score", Y, P, None, {"average": "samples"}, 0.5),
        ("matthews_corrcoef", [1, 1, 1], [1, 1, 1], None, {}, 0.0),
        ("matthews_corrcoef", [0, 1, 0, 1], [1, 0, 1, 0], None, {}, -1.0),
        ("cohen_kappa_score", a, b, None, {}, 0.36363636363636365),
        ("cohen_kappa_score", a, b, None, {"weights": "linear"}, 0.391304347826087),
        ("cohen_kappa_score", a, b, None, {"weights": "quadratic"}, 0.4166666666666667),
        ("hamming_loss", Y, P, None, {}, 1 / 3),
        ("class_likelihood_ratios", [0, 1, 0, 1, 0], [1, 1, 0, 0, 0], None, {}, [1.5, 0.75]),
    ]
    scored = [
        ("roc_curve", *s6, {}, [[0, 1 / 3, 2 / 3, 1], [0, 2 / 3, 1, 1], [np.inf, .8, .4, .1]]),
        ("roc_auc_score", *s6, {}, 0.7222222222222222),
        ("roc_auc_score", *s6, {"max_fpr": 0.5}, 0.6481481481481481),
        ("roc_auc_score", [0, 1], [0.5, 0.5], {}, 0.5),
        ("precision_recall_curve", *s6, {}, [[.5, .6, 2 / 3, 1], [1, 1, 2 / 3, 0], [.1, .4, .8]]),
        ("average_precision_score", *s6, {}, 0.6444444444444444),
        ("det_curve", [0, 0, 1, 1], [.1, .4, .35, .8], {}, [[.5, .5, 0], [0, .5, .5], [.35, .4, .8]]),
        ("log_loss", [0, 1, 1], [[.9, .1], [.2, .8], [0, 1]], {}, 0.10950135565734541),
        ("log_loss", [1], [[1.0, 0.0]], {"labels": [0, 1]}, 36.04365338911715),
        ("hinge_loss", [-1, 1, 1], [-2.2, -0.3, 1.5], {}, 0.43333333333333335),
        ("top_k_accuracy_score", [0], [[.5, .5, 0]], {"k": 1, "labels": [0, 1, 2]}, 0.0),
        ("top_k_accuracy_score", [1], [[.5, .5, 0]], {"k": 1, "labels": [0, 1, 2]}, 1.0),
    ]
    for fn, yt, yp, sw, kw, want in anchors:
        c = W.add(fn, "anchor", np.array(yt), np.array(yp), sw=sw, **kw)
        if not close(np.asarray(json_number(c["expected"]), float), np.asarray(want, float)):
            raise AssertionError(f"{c['id']}: {c['expected']} != anchor {want}")
    for fn, yt, ys, kw, want in scored:
        c = W.add(fn, "anchor", np.array(yt), y_score=np.array(ys, dtype=float), **kw)
        got = c["expected"]
        if isinstance(got, list) and got and isinstance(got[0], list):
            ok = len(got) == len(want) and all(close(np.asarray(json_number(g), float), np.asarray(w, float))
                                               for g, w in zip(got, want))
        else:
            ok = close(np.asarray(json_number(got), float), np.asarray(want, float))
        if not ok:
            raise AssertionError(f"{c['id']}: {got} != anchor {want}")


def json_number(v):
    if isinstance(v, list):
        return [json_number(x) for x in v]
    if isinstance(v, str):
        return float(v)
    return v


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "cases"))
    ap.add_argument("--seed", type=int, default=20260101)
    args = ap.parse_args()
    if sklearn.__version__ != "1.2.1":
        print(f"warning: expected scikit-learn 1.2.1, found {sklearn.__version__}", file=sys.stderr)
    rng = np.random.default_rng(args.seed)
    W = Writer()
    gen_anchors(W)
    gen_all_count(W, rng)
    gen_all_score(W, rng)
    gen_label_ranking(W, rng)  # last: the cases above keep their random draws
    os.makedirs(args.out, exist_ok=True)
    total = 0
    for fn, cases in W.cases.items():
        with open(os.path.join(args.out, f"{fn}.jsonl"), "w", encoding="utf-8") as f:
            for c in cases:
                f.write(json.dumps(c, separators=(",", ":"), allow_nan=False) + "\n")
        total += len(cases)
        nr = sum(1 for c in cases if "raises" in c)
        print(f"{fn:34s} {len(cases):5d} cases ({nr} raise)")
    print(f"{total} cases, {CROSS_CHECKS['done']} cross-checked against scikit-learn {sklearn.__version__}")


if __name__ == "__main__":
    main()
