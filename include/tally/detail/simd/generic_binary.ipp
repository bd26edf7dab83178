// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors

// The binary-count kernel, written once against a per-ISA `ops<Kind>` table.
// This file is deliberately included once per instruction set, inside that
// ISA's namespace (detail::sse2, detail::avx2, ...), after TALLY_SIMD_FN has
// been defined as the ISA's target attribute; so it has no include guard.
//
// ops<Kind> provides: reg, mask, cnt, lanes, flush_every, load(const void*),
// set1(value), eq(reg, reg) -> mask, and_, or_, all_true(mask), ones(),
// czero(), acc(cnt, mask) -> cnt (adds one per true lane) and hsum(cnt).
// The ISA also provides count_binary_many(t, p, n, pos, first, other): the
// full result when more than one label differs from pos, given the first
// position `first` where a label differs and that label `other`.

// Counts tp / true / pred in one pass and checks, in the same pass, that
// every label that is not `pos` equals one other value. When that check
// fails (a third label, or a NaN) count_binary_many recomputes the result
// with the smallest and largest other label, exactly as the scalar kernel
// does.
template <class T>
TALLY_SIMD_FN binary_tally<T> count_binary(const T* t, const T* p, std::size_t n, T pos) noexcept {
  using O = ops<lane_kind_t<T>>;
  constexpr std::size_t L = O::lanes;
  const auto vpos = O::set1(pos);
  std::size_t i = 0;
  // Leading samples where both labels are pos need no counting beyond i.
  while (n - i >= L &&
         O::all_true(O::and_(O::eq(O::load(t + i), vpos), O::eq(O::load(p + i), vpos))))
    i += L;
  while (i < n && t[i] == pos && p[i] == pos) ++i;
  binary_tally<T> r;
  r.total = n;
  if (i == n) {
    r.both = r.true_pos = r.pred_pos = n;
    return r;
  }
  const T other = t[i] == pos ? p[i] : t[i];
  const std::size_t first = i;
  std::uint64_t both = i, tc = i, pc = i;
  const auto vother = O::set1(other);
  while (n - i >= L) {
    const std::size_t iters = (std::min)((n - i) / L, O::flush_every);
    auto cb = O::czero(), ct = O::czero(), cp = O::czero();
    auto ok = O::ones();
    for (std::size_t j = 0; j < iters; ++j, i += L) {
      const auto a = O::load(t + i);
      const auto b = O::load(p + i);
      const auto ma = O::eq(a, vpos);
      const auto mb = O::eq(b, vpos);
      ct = O::acc(ct, ma);
      cp = O::acc(cp, mb);
      cb = O::acc(cb, O::and_(ma, mb));
      ok = O::and_(ok, O::and_(O::or_(ma, O::eq(a, vother)), O::or_(mb, O::eq(b, vother))));
    }
    if (!O::all_true(ok)) return count_binary_many(t, p, n, pos, first, other);
    both += O::hsum(cb);
    tc += O::hsum(ct);
    pc += O::hsum(cp);
  }
  for (; i < n; ++i) {
    const bool a = t[i] == pos;
    const bool b = p[i] == pos;
    if ((!a && !(t[i] == other)) || (!b && !(p[i] == other)))
      return count_binary_many(t, p, n, pos, first, other);
    both += static_cast<std::uint64_t>(a && b);
    tc += static_cast<std::uint64_t>(a);
    pc += static_cast<std::uint64_t>(b);
  }
  r.both = both;
  r.true_pos = tc;
  r.pred_pos = pc;
  r.any_other = true;
  r.other_min = r.other_max = other;
  return r;
}
