// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_SERIALIZE_HPP
#define TALLY_SERIALIZE_HPP

// A compact, versioned, endian-independent byte form of every accumulator,
// for checkpoints and for sending partial counts between processes:
//
//   std::vector<std::uint8_t> bytes = tally::serialize(acc);
//   auto back = tally::deserialize<tally::curve_accumulator<>>(bytes);
//
// Layout (every integer little-endian, doubles as their IEEE-754 bits):
//
//   offset  size  field
//   0       4     magic "TLYA"
//   4       2     format version (1)
//   6       1     kind: 1 binary, 2 matrix, 3 multilabel, 4 curve, 5 binned curve
//   7       1     count type: 1 uint64, 2 double
//   8       1     label type: 0 none, 1 signed integer, 2 unsigned integer,
//                 3 floating point, 4 string
//   9       7     reserved, zero
//   16      8     payload length P
//   24      P     payload (below)
//   24+P    8     FNV-1a 64-bit hash of bytes [0, 24+P)
//
// Payloads (a label is an int64 / uint64 / double, or a uint64 length and
// that many bytes for strings; counts are uint64 or double):
//
//   binary       positive label, tp, fp, fn, tn
//   matrix       fixed flag (u8), K (u64), K labels, K*K counts row-major
//   multilabel   configured flag (u8), L (u64), total, exact matches,
//                L tp, L predicted, L true counts
//   curve        positive label, R (u64), R scores (decreasing), R positive
//                counts, R negative counts
//   binned       positive label, uniform flag (u8), T (u64), T thresholds,
//                T+1 positive bin counts, T+1 negative bin counts
//
// deserialize() checks everything before building the accumulator: the
// magic, version, kind, count and label types, every length against the
// bytes left, the hash, trailing bytes, and that the state is one an
// accumulator can reach (sorted distinct scores and labels, consistent
// counts, finite non-negative weights). Any failure throws
// std::invalid_argument naming what was wrong; a truncated or corrupted
// input never yields an accumulator. A single changed byte always changes
// the hash.

#include "accumulators.hpp"
#include "config.hpp"
#include "detail/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

TALLY_NAMESPACE_BEGIN

namespace detail {

inline constexpr std::uint16_t serial_version = 1;
inline constexpr std::size_t serial_header = 24;
inline constexpr std::size_t serial_trailer = 8;

enum class serial_kind : std::uint8_t {
  binary = 1,
  matrix = 2,
  multilabel = 3,
  curve = 4,
  binned = 5
};

inline const char* serial_kind_name(std::uint8_t k) noexcept {
  switch (k) {
  case 1:
    return "binary_accumulator";
  case 2:
    return "matrix_accumulator";
  case 3:
    return "multilabel_accumulator";
  case 4:
    return "curve_accumulator";
  case 5:
    return "binned_curve_accumulator";
  default:
    return "unknown";
  }
}

inline std::uint64_t fnv1a(const std::uint8_t* p, std::size_t n) noexcept {
  std::uint64_t h = 14695981039346656037ull;
  for (std::size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= 1099511628211ull;
  }
  return h;
}

[[noreturn]] inline void serial_error(const std::string& what) {
  throw_invalid_argument("tally::deserialize: " + what);
}

template <class T>
constexpr std::uint8_t count_code() noexcept {
  return std::is_same_v<T, double> ? 2 : 1;
}

template <class L>
constexpr std::uint8_t label_code() noexcept {
  if constexpr (std::is_same_v<L, std::string>)
    return 4;
  else if constexpr (std::is_floating_point_v<L>)
    return 3;
  else if constexpr (std::is_enum_v<L>)
    return std::is_signed_v<std::underlying_type_t<L>> ? 1 : 2;
  else if constexpr (std::is_same_v<L, bool>)
    return 2;
  else {
    static_assert(std::is_integral_v<L>,
                  "tally: serializable labels are numbers, enums or std::string");
    return std::is_signed_v<L> ? 1 : 2;
  }
}

inline const char* label_code_name(std::uint8_t c) noexcept {
  switch (c) {
  case 0:
    return "none";
  case 1:
    return "signed integer";
  case 2:
    return "unsigned integer";
  case 3:
    return "floating point";
  case 4:
    return "string";
  default:
    return "unknown";
  }
}

template <class L, class = void>
struct integer_of {
  using type = L;
};
template <class L>
struct integer_of<L, std::enable_if_t<std::is_enum_v<L>>> {
  using type = std::underlying_type_t<L>;
};

class byte_writer {
public:
  void u8(std::uint8_t v) { out_.push_back(v); }
  void u16(std::uint16_t v) {
    for (unsigned i = 0; i < 2; ++i) out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void u64(std::uint64_t v) {
    std::uint8_t b[8];
    for (unsigned i = 0; i < 8; ++i) b[i] = static_cast<std::uint8_t>(v >> (8 * i));
    out_.insert(out_.end(), b, b + 8);
  }
  void f64(double v) {
    std::uint64_t u;
    std::memcpy(&u, &v, sizeof u);
    u64(u);
  }
  template <class T>
  void count(T v) {
    if constexpr (std::is_same_v<T, double>)
      f64(v);
    else
      u64(v);
  }
  template <class T>
  void counts(const std::vector<T>& v) {
    out_.reserve(out_.size() + 8 * v.size());
    for (const T& x : v) count(x);
  }
  template <class L>
  void label(const L& l) {
    if constexpr (std::is_same_v<L, std::string>) {
      u64(l.size());
      out_.insert(out_.end(), l.begin(), l.end());
    } else if constexpr (std::is_floating_point_v<L>) {
      f64(static_cast<double>(l));
    } else if constexpr (std::is_enum_v<L>) {
      u64(static_cast<std::uint64_t>(static_cast<std::underlying_type_t<L>>(l)));
    } else {
      u64(static_cast<std::uint64_t>(l));
    }
  }
  std::vector<std::uint8_t>& bytes() noexcept { return out_; }

private:
  std::vector<std::uint8_t> out_;
};

class byte_reader {
public:
  byte_reader(const std::uint8_t* p, std::size_t n) noexcept : p_(p), n_(n) {}
  [[nodiscard]] std::size_t left() const noexcept { return n_ - at_; }
  void need(std::size_t bytes, const char* what) const {
    if (bytes > left())
      serial_error(std::string("truncated input: ") + what + " needs " + std::to_string(bytes) +
                   " bytes, " + std::to_string(left()) + " left");
  }
  std::uint8_t u8(const char* what) {
    need(1, what);
    return p_[at_++];
  }
  std::uint16_t u16(const char* what) {
    need(2, what);
    const std::uint16_t v = static_cast<std::uint16_t>(p_[at_] | (p_[at_ + 1] << 8));
    at_ += 2;
    return v;
  }
  std::uint64_t u64(const char* what) {
    need(8, what);
    std::uint64_t v = 0;
    for (unsigned i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(p_[at_ + i]) << (8 * i);
    at_ += 8;
    return v;
  }
  double f64(const char* what) {
    const std::uint64_t u = u64(what);
    double v;
    std::memcpy(&v, &u, sizeof v);
    return v;
  }
  // A length prefix: the number of elements of `width` bytes that follow.
  std::size_t length(std::size_t width, const char* what) {
    const std::uint64_t n = u64(what);
    if (width > 0 && n > left() / width)
      serial_error(std::string("truncated input or corrupted length: ") + what + " = " +
                   std::to_string(n) + ", but only " + std::to_string(left()) + " bytes left");
    return static_cast<std::size_t>(n);
  }
  template <class T>
  T count(const char* what) {
    if constexpr (std::is_same_v<T, double>) {
      const double v = f64(what);
      if (!std::isfinite(v) || v < 0)
        serial_error(std::string("invalid weight in ") + what + ": " + to_text(v));
      return v;
    } else {
      return u64(what);
    }
  }
  template <class T>
  std::vector<T> counts(std::size_t n, const char* what) {
    need(n * 8, what);
    std::vector<T> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = count<T>(what);
    return v;
  }
  template <class L>
  L label(const char* what) {
    if constexpr (std::is_same_v<L, std::string>) {
      const std::size_t n = length(1, what);
      L s(reinterpret_cast<const char*>(p_ + at_), n);
      at_ += n;
      return s;
    } else if constexpr (std::is_floating_point_v<L>) {
      const double v = f64(what);
      const L l = static_cast<L>(v);
      if (!std::isfinite(v) || static_cast<double>(l) != v)
        serial_error(std::string("invalid ") + what + ": " + to_text(v));
      return l;
    } else {
      using I = typename integer_of<L>::type;
      const std::uint64_t u = u64(what);
      I v;
      if constexpr (std::is_signed_v<I>) {
        const auto s = static_cast<std::int64_t>(u);
        if (s < static_cast<std::int64_t>((std::numeric_limits<I>::min)()) ||
            s > static_cast<std::int64_t>((std::numeric_limits<I>::max)()))
          serial_error(std::string(what) + " " + std::to_string(s) +
                       " does not fit the label type");
        v = static_cast<I>(s);
      } else {
        if (u > static_cast<std::uint64_t>((std::numeric_limits<I>::max)()))
          serial_error(std::string(what) + " " + std::to_string(u) +
                       " does not fit the label type");
        v = static_cast<I>(u);
      }
      return static_cast<L>(v);
    }
  }

private:
  const std::uint8_t* p_;
  std::size_t n_;
  std::size_t at_ = 0;
};

template <class T>
bool add_overflows(T a, T b) noexcept {
  if constexpr (std::is_same_v<T, double>)
    return !std::isfinite(a + b);
  else
    return a > (std::numeric_limits<T>::max)() - b;
}

template <class T>
void check_sum(const std::vector<T>& v, const char* what) {
  T s{};
  for (const T& x : v) {
    if (add_overflows(s, x)) serial_error(std::string("counts overflow in ") + what);
    s += x;
  }
}

template <class Label>
void check_distinct(std::vector<Label> v, const char* what) {
  std::sort(v.begin(), v.end());
  for (std::size_t i = 1; i < v.size(); ++i)
    if (v[i - 1] == v[i]) serial_error(std::string(what) + " repeats label " + to_text(v[i]));
}

/// Reads and writes accumulator internals (friend of every accumulator).
struct accumulator_access {
  // ------------------------------------------------------------- write --
  template <class T, class L>
  static void write(byte_writer& w, const binary_accumulator<T, L>& a) {
    w.label(a.pos_);
    w.count(a.counts_.tp);
    w.count(a.counts_.fp);
    w.count(a.counts_.fn);
    w.count(a.counts_.tn);
  }
  template <class L, class T>
  static void write(byte_writer& w, const matrix_accumulator<L, T>& a) {
    w.u8(a.fixed_ ? 1 : 0);
    w.u64(a.labels_.size());
    for (const L& l : a.labels_) w.label(l);
    for (const T& c : a.counts_) w.count(c);
  }
  template <class T>
  static void write(byte_writer& w, const multilabel_accumulator<T>& a) {
    w.u8(a.configured_ ? 1 : 0);
    w.u64(a.tp_.size());
    w.count(a.total_);
    w.count(a.exact_);
    w.counts(a.tp_);
    w.counts(a.pred_);
    w.counts(a.truth_);
  }
  template <class T, class L>
  static void write(byte_writer& w, const curve_accumulator<T, L>& a) {
    w.label(a.pos_);
    const auto t = a.table();
    w.u64(t.size());
    w.bytes().reserve(w.bytes().size() + 24 * t.size() + 8);
    for (double s : t.score) w.f64(s);
    w.counts(t.pos);
    w.counts(t.neg);
  }
  template <class T, class L>
  static void write(byte_writer& w, const binned_curve_accumulator<T, L>& a) {
    w.label(a.pos_);
    w.u8(a.uniform_ ? 1 : 0);
    w.u64(a.thresholds_.size());
    for (double t : a.thresholds_) w.f64(t);
    w.counts(a.pos_bins_);
    w.counts(a.neg_bins_);
  }

  // -------------------------------------------------------------- read --
  template <class T, class L>
  static void read(byte_reader& r, binary_accumulator<T, L>& a) {
    a.pos_ = r.label<L>("positive label");
    r.need(32, "counts");
    a.counts_.tp = r.count<T>("tp");
    a.counts_.fp = r.count<T>("fp");
    a.counts_.fn = r.count<T>("fn");
    a.counts_.tn = r.count<T>("tn");
    check_sum(std::vector<T>{a.counts_.tp, a.counts_.fp, a.counts_.fn, a.counts_.tn},
              "binary counts");
  }
  template <class L, class T>
  static void read(byte_reader& r, matrix_accumulator<L, T>& a) {
    const std::uint8_t fixed = r.u8("fixed flag");
    if (fixed > 1) serial_error("invalid fixed flag " + std::to_string(fixed));
    const std::size_t k = r.length(8, "number of labels");
    std::vector<L> labels;
    labels.reserve(k);
    for (std::size_t i = 0; i < k; ++i) labels.push_back(r.label<L>("label"));
    if (k > 0 && k > r.left() / 8 / k)
      serial_error("truncated input: a " + std::to_string(k) + " x " + std::to_string(k) +
                   " matrix needs more than the " + std::to_string(r.left()) + " bytes left");
    if (fixed) {
      check_distinct(labels, "the label list");
    } else {
      for (std::size_t i = 1; i < k; ++i)
        if (!(labels[i - 1] < labels[i]))
          serial_error("the labels of a growing matrix must be sorted and distinct (" +
                       to_text(labels[i - 1]) + " then " + to_text(labels[i]) + ")");
    }
    matrix<T> m(k);
    const std::vector<T> cells = r.counts<T>(k * k, "matrix cell");
    check_sum(cells, "the matrix");
    std::copy(cells.begin(), cells.end(), m.data());
    a.labels_ = std::move(labels);
    a.fixed_ = fixed != 0;
    a.counts_ = std::move(m);
  }
  template <class T>
  static void read(byte_reader& r, multilabel_accumulator<T>& a) {
    const std::uint8_t configured = r.u8("configured flag");
    if (configured > 1) serial_error("invalid configured flag " + std::to_string(configured));
    const std::size_t n = r.length(24, "number of labels");
    if (!configured && n != 0) serial_error("an unconfigured multilabel state has labels");
    a.total_ = r.count<T>("total");
    a.exact_ = r.count<T>("exact matches");
    a.tp_ = r.counts<T>(n, "tp");
    a.pred_ = r.counts<T>(n, "predicted counts");
    a.truth_ = r.counts<T>(n, "true counts");
    a.configured_ = configured != 0;
    if (a.exact_ > a.total_) serial_error("more exact matches than samples");
    for (std::size_t j = 0; j < n; ++j) {
      bool ok = a.tp_[j] <= a.pred_[j] && a.tp_[j] <= a.truth_[j] && a.pred_[j] <= a.total_ &&
                a.truth_[j] <= a.total_;
      if constexpr (!std::is_same_v<T, double>)
        ok = ok && a.pred_[j] - a.tp_[j] <= a.total_ - a.truth_[j];
      if (!ok) serial_error("inconsistent counts for label " + std::to_string(j));
    }
  }
  template <class T, class L>
  static void read(byte_reader& r, curve_accumulator<T, L>& a) {
    a.pos_ = r.label<L>("positive label");
    const std::size_t n = r.length(24, "number of scores");
    typename curve_accumulator<T, L>::table_type t;
    t.score.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      const double s = r.f64("score");
      if (!std::isfinite(s)) serial_error("non-finite score " + to_text(s));
      if (s == 0 && std::signbit(s)) serial_error("score -0.0 (scores are stored as +0.0)");
      if (i > 0 && !(s < t.score[i - 1]))
        serial_error("scores must decrease strictly (" + to_text(t.score[i - 1]) + " then " +
                     to_text(s) + ")");
      t.score[i] = s;
    }
    t.pos = r.counts<T>(n, "positive count");
    t.neg = r.counts<T>(n, "negative count");
    check_sum(t.pos, "positive counts");
    check_sum(t.neg, "negative counts");
    for (std::size_t i = 0; i < n; ++i)
      if (!(t.pos[i] > T{0}) && !(t.neg[i] > T{0}))
        serial_error("score " + to_text(t.score[i]) + " has no samples");
    a.pending_.clear();
    a.table_ = std::move(t);
    a.weight_ = static_cast<double>(a.total());
  }
  template <class T, class L>
  static void read(byte_reader& r, binned_curve_accumulator<T, L>& a) {
    a.pos_ = r.label<L>("positive label");
    const std::uint8_t uniform = r.u8("uniform flag");
    if (uniform > 1) serial_error("invalid uniform flag " + std::to_string(uniform));
    const std::size_t n = r.length(24, "number of thresholds");
    if (n == 0 || (uniform && n < 2))
      serial_error("too few thresholds (" + std::to_string(n) + ")");
    std::vector<double> thr(n);
    for (std::size_t i = 0; i < n; ++i) thr[i] = r.f64("threshold");
    if (uniform) {
      const binned_curve_accumulator<T, L> ref(n, a.pos_);
      if (ref.thresholds_ != thr) serial_error("a uniform grid with non-uniform thresholds");
    } else {
      try_thresholds(thr);
    }
    a.thresholds_ = std::move(thr);
    a.uniform_ = uniform != 0;
    a.pos_bins_ = r.counts<T>(n + 1, "positive bin count");
    a.neg_bins_ = r.counts<T>(n + 1, "negative bin count");
    check_sum(a.pos_bins_, "positive bins");
    check_sum(a.neg_bins_, "negative bins");
  }

  // ------------------------------------------------- fixed-size counts --
  // visit(acc, f) calls f(T* counts, n) on a packed copy of every count of a
  // fixed-shape state and stores the (possibly changed) values back: what a
  // sum across processes needs.
  template <class T, class L, class F>
  static void visit_counts(binary_accumulator<T, L>& a, F&& f) {
    T v[4] = {a.counts_.tp, a.counts_.fp, a.counts_.fn, a.counts_.tn};
    f(v, std::size_t{4});
    a.counts_ = binary_counts<T>{v[0], v[1], v[2], v[3]};
  }
  template <class L, class T, class F>
  static void visit_counts(matrix_accumulator<L, T>& a, F&& f) {
    f(a.counts_.data(), a.counts_.size());
  }
  template <class T, class F>
  static void visit_counts(multilabel_accumulator<T>& a, F&& f) {
    const std::size_t n = a.tp_.size();
    std::vector<T> v;
    v.reserve(2 + 3 * n);
    v.push_back(a.total_);
    v.push_back(a.exact_);
    v.insert(v.end(), a.tp_.begin(), a.tp_.end());
    v.insert(v.end(), a.pred_.begin(), a.pred_.end());
    v.insert(v.end(), a.truth_.begin(), a.truth_.end());
    f(v.data(), v.size());
    a.total_ = v[0];
    a.exact_ = v[1];
    for (std::size_t j = 0; j < n; ++j) {
      a.tp_[j] = v[2 + j];
      a.pred_[j] = v[2 + n + j];
      a.truth_[j] = v[2 + 2 * n + j];
    }
  }
  template <class T, class L, class F>
  static void visit_counts(binned_curve_accumulator<T, L>& a, F&& f) {
    const std::size_t n = a.pos_bins_.size();
    std::vector<T> v(a.pos_bins_);
    v.insert(v.end(), a.neg_bins_.begin(), a.neg_bins_.end());
    f(v.data(), v.size());
    std::copy(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n), a.pos_bins_.begin());
    std::copy(v.begin() + static_cast<std::ptrdiff_t>(n), v.end(), a.neg_bins_.begin());
  }

  static void try_thresholds(const std::vector<double>& t) {
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (!std::isfinite(t[i])) serial_error("non-finite threshold " + to_text(t[i]));
      if (i > 0 && !(t[i - 1] < t[i]))
        serial_error("thresholds must increase strictly (" + to_text(t[i - 1]) + " then " +
                     to_text(t[i]) + ")");
    }
  }

  template <class A>
  static A blank(const A*) {
    return A();
  }
};

template <class A>
struct serial_traits;
template <class T, class L>
struct serial_traits<binary_accumulator<T, L>> {
  static constexpr serial_kind kind = serial_kind::binary;
  static constexpr std::uint8_t count = count_code<T>();
  static constexpr std::uint8_t label = label_code<L>();
};
template <class L, class T>
struct serial_traits<matrix_accumulator<L, T>> {
  static constexpr serial_kind kind = serial_kind::matrix;
  static constexpr std::uint8_t count = count_code<T>();
  static constexpr std::uint8_t label = label_code<L>();
};
template <class T>
struct serial_traits<multilabel_accumulator<T>> {
  static constexpr serial_kind kind = serial_kind::multilabel;
  static constexpr std::uint8_t count = count_code<T>();
  static constexpr std::uint8_t label = 0;
};
template <class T, class L>
struct serial_traits<curve_accumulator<T, L>> {
  static constexpr serial_kind kind = serial_kind::curve;
  static constexpr std::uint8_t count = count_code<T>();
  static constexpr std::uint8_t label = label_code<L>();
};
template <class T, class L>
struct serial_traits<binned_curve_accumulator<T, L>> {
  static constexpr serial_kind kind = serial_kind::binned;
  static constexpr std::uint8_t count = count_code<T>();
  static constexpr std::uint8_t label = label_code<L>();
};

template <class A, class = void>
struct is_serializable : std::false_type {};
template <class A>
struct is_serializable<A, std::void_t<decltype(serial_traits<A>::kind)>> : std::true_type {};

} // namespace detail

/// The byte form of an accumulator (see the layout at the top of this file).
template <class Acc>
[[nodiscard]] std::vector<std::uint8_t> serialize(const Acc& acc) {
  static_assert(detail::is_serializable<Acc>::value, "tally::serialize takes a tally accumulator");
  using tr = detail::serial_traits<Acc>;
  detail::byte_writer w;
  const char magic[4] = {'T', 'L', 'Y', 'A'};
  for (char c : magic) w.u8(static_cast<std::uint8_t>(c));
  w.u16(detail::serial_version);
  w.u8(static_cast<std::uint8_t>(tr::kind));
  w.u8(tr::count);
  w.u8(tr::label);
  for (int i = 0; i < 7; ++i) w.u8(0);
  w.u64(0); // payload length, patched below
  detail::accumulator_access::write(w, acc);
  auto& out = w.bytes();
  const std::uint64_t payload = out.size() - detail::serial_header;
  for (unsigned i = 0; i < 8; ++i) out[16 + i] = static_cast<std::uint8_t>(payload >> (8 * i));
  const std::uint64_t h = detail::fnv1a(out.data(), out.size());
  w.u64(h);
  return std::move(w.bytes());
}

/// Rebuilds an accumulator of type Acc from serialize()'s bytes; throws
/// std::invalid_argument for bytes that are truncated, corrupted, of another
/// accumulator type or format version, or describe an impossible state.
template <class Acc>
[[nodiscard]] Acc deserialize(const std::uint8_t* data, std::size_t size) {
  static_assert(detail::is_serializable<Acc>::value,
                "tally::deserialize makes a tally accumulator");
  using tr = detail::serial_traits<Acc>;
  if (data == nullptr && size != 0) detail::serial_error("null data");
  if (size < detail::serial_header + detail::serial_trailer)
    detail::serial_error("truncated input: " + std::to_string(size) + " bytes, at least " +
                         std::to_string(detail::serial_header + detail::serial_trailer) +
                         " needed");
  if (!(data[0] == 'T' && data[1] == 'L' && data[2] == 'Y' && data[3] == 'A'))
    detail::serial_error("not a tally accumulator (bad magic)");
  detail::byte_reader head(data + 4, detail::serial_header - 4);
  const std::uint16_t version = head.u16("version");
  if (version != detail::serial_version)
    detail::serial_error("format version " + std::to_string(version) +
                         " is not supported (this "
                         "build reads version " +
                         std::to_string(detail::serial_version) + ")");
  const std::uint8_t kind = head.u8("kind");
  const std::uint8_t count = head.u8("count type");
  const std::uint8_t label = head.u8("label type");
  for (int i = 0; i < 7; ++i)
    if (head.u8("reserved") != 0) detail::serial_error("reserved header bytes are not zero");
  const std::uint64_t payload = head.u64("payload length");
  if (payload != size - detail::serial_header - detail::serial_trailer)
    detail::serial_error("payload length " + std::to_string(payload) + " does not match the " +
                         std::to_string(size) + " bytes given (truncated or trailing data)");
  const std::size_t body = size - detail::serial_trailer;
  detail::byte_reader tail(data + body, detail::serial_trailer);
  if (tail.u64("hash") != detail::fnv1a(data, body))
    detail::serial_error("hash mismatch: the bytes are corrupted");
  if (kind != static_cast<std::uint8_t>(tr::kind))
    detail::serial_error(std::string("the bytes hold a ") + detail::serial_kind_name(kind) +
                         ", not a " +
                         detail::serial_kind_name(static_cast<std::uint8_t>(tr::kind)));
  if (count != tr::count)
    detail::serial_error(std::string("the bytes hold ") +
                         (count == 2 ? "weighted (double)" : "unweighted (uint64)") +
                         " counts, the accumulator type has " +
                         (tr::count == 2 ? "weighted (double)" : "unweighted (uint64)") +
                         " counts");
  if (label != tr::label)
    detail::serial_error(std::string("the bytes hold ") + detail::label_code_name(label) +
                         " labels, the accumulator type has " + detail::label_code_name(tr::label) +
                         " labels");
  detail::byte_reader r(data + detail::serial_header, static_cast<std::size_t>(payload));
  Acc acc = detail::accumulator_access::blank(static_cast<const Acc*>(nullptr));
  detail::accumulator_access::read(r, acc);
  if (r.left() != 0)
    detail::serial_error(std::to_string(r.left()) + " unread bytes at the end of the payload");
  return acc;
}

/// deserialize from a contiguous range of bytes (std::vector<std::uint8_t>,
/// std::string, std::vector<char>, std::span<const std::byte>, ...).
template <class Acc, class Bytes, std::enable_if_t<detail::is_contiguous_v<const Bytes>, int> = 0>
[[nodiscard]] Acc deserialize(const Bytes& bytes) {
  static_assert(sizeof(*std::data(bytes)) == 1, "tally::deserialize takes a range of bytes");
  return deserialize<Acc>(reinterpret_cast<const std::uint8_t*>(std::data(bytes)),
                          static_cast<std::size_t>(std::size(bytes)));
}

TALLY_NAMESPACE_END

#endif // TALLY_SERIALIZE_HPP
