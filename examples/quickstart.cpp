// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#include <tally.hpp>
#include <tally/explain.hpp>

#include <cstdio>
#include <vector>

int main() {
  std::vector<int> y_true = {1, 1, 1, 1, 1, 1, 0, 0, 0, 0};
  std::vector<int> y_pred = {1, 1, 1, 1, 1, 0, 1, 1, 1, 0};

  std::printf("accuracy  %.3f\n", tally::accuracy_score(y_true, y_pred));
  std::printf("f1        %.3f\n", tally::f1_score(y_true, y_pred));
  std::printf("mcc       %.3f\n\n", tally::matthews_corrcoef(y_true, y_pred));
  std::fputs(tally::classification_report(y_true, y_pred).to_string().c_str(), stdout);

  tally::binary_counts<> c = tally::count_binary(y_true, y_pred); // pos_label 1
  std::printf("\ntp=%llu fp=%llu fn=%llu tn=%llu\n", static_cast<unsigned long long>(c.tp),
              static_cast<unsigned long long>(c.fp), static_cast<unsigned long long>(c.fn),
              static_cast<unsigned long long>(c.tn));
  for (const tally::finding& f : tally::explain(c).findings) // sentences in f.text
    std::printf("finding: %s\n", f.rule.c_str());
}
