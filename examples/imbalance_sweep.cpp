// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors

// One classifier, many datasets: a model that finds 90% of positives
// (sensitivity) and 80% of negatives (specificity), scored while the share
// of positives moves from 1% to 99%. Prints a table and writes an SVG plot
// (argv[1], default imbalance_sweep.svg in the current directory).
//
// The model never changes, yet accuracy and F1 move with prevalence;
// balanced accuracy stays put, and MCC falls off at both ends.

#include <tally/metrics.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace {

constexpr double sensitivity = 0.90;
constexpr double specificity = 0.80;
constexpr double samples = 10000; // expected counts; any size gives the same scores

struct point {
  double prevalence, accuracy, f1, balanced, mcc;
};

point score_at(double prevalence) {
  const double pos = samples * prevalence, neg = samples - pos;
  tally::binary_counts<double> c;
  c.tp = sensitivity * pos;
  c.fn = pos - c.tp;
  c.tn = specificity * neg;
  c.fp = neg - c.tn;
  return {prevalence, tally::accuracy(c), tally::f1(c), tally::balanced_accuracy(c), tally::mcc(c)};
}

struct series {
  const char* name;
  const char* color;
  double point::*value;
};

bool write_svg(const std::string& path, const std::vector<point>& pts,
               const std::vector<series>& lines) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (!f) return false;
  const double w = 720, h = 440, left = 60, right = 170, top = 40, bottom = 50;
  const double pw = w - left - right, ph = h - top - bottom;
  const auto x = [&](double prevalence) { return left + prevalence * pw; };
  const auto y = [&](double v) { return top + (1 - v) * ph; };
  std::fprintf(f,
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
               "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"12\">\n",
               w, h, w, h);
  std::fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
  std::fprintf(f,
               "<text x=\"%.0f\" y=\"22\" font-size=\"14\">One model (sensitivity %.2f, "
               "specificity %.2f) scored at every prevalence</text>\n",
               left, sensitivity, specificity);
  for (int i = 0; i <= 10; ++i) {
    const double t = i / 10.0;
    std::fprintf(f,
                 "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n"
                 "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
                 x(t), top, x(t), top + ph, left, y(t), left + pw, y(t));
    std::fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d%%</text>\n", x(t),
                 top + ph + 16, i * 10);
    std::fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>\n", left - 6,
                 y(t) + 4, t);
  }
  std::fprintf(f,
               "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
               "stroke=\"#444\"/>\n",
               left, top, pw, ph);
  std::fprintf(f,
               "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">prevalence (share of "
               "positive samples)</text>\n",
               left + pw / 2, h - 12);
  double ly = top + 10;
  for (const auto& s : lines) {
    std::fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\" points=\"",
                 s.color);
    for (const auto& p : pts) std::fprintf(f, "%.1f,%.1f ", x(p.prevalence), y(p.*s.value));
    std::fprintf(f, "\"/>\n");
    std::fprintf(f,
                 "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                 "stroke-width=\"3\"/>\n<text x=\"%.1f\" y=\"%.1f\">%s</text>\n",
                 left + pw + 15, ly, left + pw + 40, ly, s.color, left + pw + 46, ly + 4, s.name);
    ly += 22;
  }
  std::fprintf(f, "</svg>\n");
  return std::fclose(f) == 0;
}

} // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "imbalance_sweep.svg";
  std::vector<point> pts;
  for (int percent = 1; percent <= 99; ++percent) pts.push_back(score_at(percent / 100.0));

  std::printf("sensitivity %.2f, specificity %.2f at every prevalence from 1%% to 99%%\n\n",
              sensitivity, specificity);
  std::printf("prevalence  accuracy      F1  balanced acc.     MCC\n");
  for (const auto& p : pts) {
    const int percent = static_cast<int>(p.prevalence * 100 + 0.5);
    if (percent != 1 && percent != 2 && percent != 5 && percent % 10 != 0 && percent != 95 &&
        percent != 98 && percent != 99)
      continue;
    std::printf("%9d%%  %8.3f  %6.3f  %13.3f  %6.3f\n", percent, p.accuracy, p.f1, p.balanced,
                p.mcc);
  }

  const std::vector<series> lines = {{"accuracy", "#1f77b4", &point::accuracy},
                                     {"F1", "#d62728", &point::f1},
                                     {"balanced accuracy", "#2ca02c", &point::balanced},
                                     {"MCC", "#9467bd", &point::mcc}};
  std::printf("\nrange over the sweep (the model is the same everywhere):\n");
  for (const auto& s : lines) {
    double lo = pts.front().*s.value, hi = lo;
    for (const auto& p : pts) {
      lo = p.*s.value < lo ? p.*s.value : lo;
      hi = p.*s.value > hi ? p.*s.value : hi;
    }
    std::printf("  %-18s %.3f .. %.3f\n", s.name, lo, hi);
  }
  if (!write_svg(path, pts, lines)) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    return 1;
  }
  std::printf("\nwrote %s\n", path.c_str());
  return 0;
}
