// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors

// tally_conformance: checks tally against reference cases.
//
//   tally_conformance [--verbose] [--no-fork] PATH...
//
// Every PATH is a *.jsonl file or a folder searched (recursively) for
// *.jsonl files. Each line is one case (format: docs/conformance.md). A line
// is printed for each failing case, then "N passed, M failed". The exit code
// is 0 only when nothing failed and every file could be read and parsed.
// Each case runs in a forked child (POSIX), so a crash fails one case.

#include "runner.hpp"

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#define TALLY_CONFORMANCE_POSIX 1
#endif

namespace conformance {
namespace {

// ------------------------------------------------------------- crashes --

// The id of the case being run, reported if the process crashes in it.
char current_id[512] = "";

extern "C" void on_crash(int sig) {
#ifdef TALLY_CONFORMANCE_POSIX
  const char head[] = "CRASH in case ";
  const char tail[] = " (signal)\n";
  (void)!write(1, head, sizeof head - 1);
  (void)!write(1, current_id, std::strlen(current_id));
  (void)!write(1, tail, sizeof tail - 1);
  _exit(128 + sig);
#else
  (void)sig;
  std::_Exit(3);
#endif
}

void set_current(const std::string& id) {
  const std::size_t n = (std::min)(id.size(), sizeof current_id - 1);
  std::memcpy(current_id, id.data(), n);
  current_id[n] = '\0';
}

// ---------------------------------------------------------- comparison --

std::string short_dump(const json& j) {
  std::string s = j.dump(-1, ' ', false, json::error_handler_t::replace);
  if (s.size() > 160) s = s.substr(0, 157) + "...";
  return s;
}

std::string num_text(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// Compares tally's result `got` with the expected value; on a difference
// sets `why` to the path and both values.
bool same(const json& want, const json& got, const std::string& path, std::string& why) {
  auto differ = [&](const std::string& detail) {
    why = (path.empty() ? std::string("result") : path) + ": " + detail;
    return false;
  };
  if (want.is_string()) {
    const auto s = want.get<std::string>();
    if (s == "nan" || s == "inf" || s == "-inf") {
      if (!got.is_number()) return differ("expected " + s + ", got " + short_dump(got));
      const double g = got.get<double>();
      const bool ok = s == "nan" ? std::isnan(g) : (s == "inf" ? g == HUGE_VAL : g == -HUGE_VAL);
      return ok ? true : differ("expected " + s + ", got " + num_text(g));
    }
    if (got.is_string() && got.get<std::string>() == s) return true;
    return differ("expected \"" + s + "\", got " + short_dump(got));
  }
  if (want.is_number_integer() || want.is_number_unsigned()) {
    if (!got.is_number()) return differ("expected " + want.dump() + ", got " + short_dump(got));
    if (got.is_number_integer() || got.is_number_unsigned()) {
      const bool ok = want.is_number_unsigned() || got.is_number_unsigned()
                          ? (want.get<std::int64_t>() >= 0 && got.get<std::int64_t>() >= 0 &&
                             want.get<std::uint64_t>() == got.get<std::uint64_t>())
                          : want.get<std::int64_t>() == got.get<std::int64_t>();
      return ok ? true : differ("expected " + want.dump() + ", got " + got.dump());
    }
    const double g = got.get<double>();
    return g == want.get<double>()
               ? true
               : differ("expected exactly " + want.dump() + ", got " + num_text(g));
  }
  if (want.is_number_float()) {
    if (!got.is_number()) return differ("expected " + want.dump() + ", got " + short_dump(got));
    const double w = want.get<double>();
    const double g = got.get<double>();
    if (std::isfinite(g) && std::fabs(g - w) <= 1e-9 + 1e-9 * std::fabs(w)) return true;
    return differ("expected " + num_text(w) + ", got " + num_text(g));
  }
  if (want.is_null()) return got.is_null() ? true : differ("expected null, got " + short_dump(got));
  if (want.is_boolean()) {
    if (got.is_boolean() && got.get<bool>() == want.get<bool>()) return true;
    return differ("expected " + want.dump() + ", got " + short_dump(got));
  }
  if (want.is_array()) {
    if (!got.is_array()) return differ("expected an array, got " + short_dump(got));
    if (got.size() != want.size())
      return differ("expected " + std::to_string(want.size()) + " elements, got " +
                    std::to_string(got.size()) + " " + short_dump(got));
    for (std::size_t i = 0; i < want.size(); ++i)
      if (!same(want[i], got[i], path + "[" + std::to_string(i) + "]", why)) return false;
    return true;
  }
  if (want.is_object()) {
    if (!got.is_object()) return differ("expected an object, got " + short_dump(got));
    for (auto it = want.begin(); it != want.end(); ++it)
      if (!got.contains(it.key())) return differ("missing key \"" + it.key() + "\"");
    for (auto it = got.begin(); it != got.end(); ++it)
      if (!want.contains(it.key())) return differ("unexpected key \"" + it.key() + "\"");
    for (auto it = want.begin(); it != want.end(); ++it)
      if (!same(it.value(), got.at(it.key()), path + "." + it.key(), why)) return false;
    return true;
  }
  return differ("unsupported expected value " + short_dump(want));
}

// ---------------------------------------------------------------- files --

std::vector<std::filesystem::path> collect(const std::vector<std::string>& args, bool& io_error) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const auto& a : args) {
    std::error_code ec;
    const fs::path p(a);
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> found;
      for (fs::recursive_directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file() && it->path().extension() == ".jsonl")
          found.push_back(it->path());
      if (ec) {
        std::cout << "ERROR " << a << ": " << ec.message() << "\n";
        io_error = true;
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(p, ec)) {
      files.push_back(p);
    } else {
      std::cout << "ERROR " << a << ": no such file or folder\n";
      io_error = true;
    }
  }
  return files;
}

bool read_case(const json& j, test_case& c, std::string& why) {
  if (!j.is_object()) return why = "line is not a JSON object", false;
  if (!j.contains("id") || !j["id"].is_string()) return why = "missing \"id\"", false;
  c.id = j["id"].get<std::string>();
  if (!j.contains("fn") || !j["fn"].is_string()) return why = "missing \"fn\"", false;
  c.fn = j["fn"].get<std::string>();
  if (j.contains("kwargs")) {
    if (!j["kwargs"].is_object()) return why = "\"kwargs\" is not an object", false;
    c.kwargs = j["kwargs"];
  }
  if (!j.contains("y_true")) return why = "missing \"y_true\"", false;
  c.y_true = j["y_true"];
  if (j.contains("y_pred")) c.y_pred = j["y_pred"];
  if (j.contains("y_score")) c.y_score = j["y_score"];
  if (j.contains("sample_weight") && !j["sample_weight"].is_null())
    c.sample_weight = j["sample_weight"];
  const bool has_expected = j.contains("expected");
  const bool has_raises = j.contains("raises");
  if (has_expected == has_raises)
    return why = "needs exactly one of \"expected\" and \"raises\"", false;
  return true;
}

struct tally_counts {
  std::size_t passed = 0, failed = 0;
};

void run_case(const std::map<std::string, handler>& table, const json& line, tally_counts& n,
              bool verbose) {
  test_case c;
  std::string why;
  auto fail = [&](const std::string& id, const std::string& msg) {
    ++n.failed;
    std::cout << "FAIL " << id << ": " << msg << std::endl;
  };
  if (!read_case(line, c, why)) {
    const std::string id = line.is_object() && line.contains("id") ? line["id"].dump() : "?";
    return fail(id, "malformed case: " + why);
  }
  const bool expects_error = line.contains("raises");
  set_current(c.id);
  const auto it = table.find(c.fn);
  if (it == table.end()) return fail(c.id, "unsupported function " + c.fn);
  const kwargs kw(c.kwargs);
  json got;
  try {
    got = it->second(c, kw);
    kw.check_all_used(c.fn);
  } catch (const unsupported& e) {
    return fail(c.id, std::string("unsupported: ") + e.what());
  } catch (const unrepresentable& e) {
    if (expects_error) {
      ++n.passed;
      if (verbose) std::cout << "ok   " << c.id << " (not expressible: " << e.what() << ")\n";
      return;
    }
    return fail(c.id, std::string("input not expressible through tally: ") + e.what());
  } catch (const std::exception& e) {
    try {
      kw.check_all_used(c.fn); // every keyword was mapped before tally was called
    } catch (const unsupported& u) {
      return fail(c.id, std::string("unsupported: ") + u.what());
    }
    if (expects_error) {
      ++n.passed;
      if (verbose) std::cout << "ok   " << c.id << " (threw: " << e.what() << ")\n";
      return;
    }
    return fail(c.id, std::string("threw ") + e.what());
  }
  if (expects_error)
    return fail(c.id, "expected an error (" + line["raises"].dump() + "), got " + short_dump(got));
  if (!same(line["expected"], got, "", why)) return fail(c.id, why);
  ++n.passed;
  if (verbose) std::cout << "ok   " << c.id << "\n";
}

// Runs one case in a child process where fork() exists, so that a crash in
// tally fails that case only and the run goes on. Returns true if it passed.
bool run_isolated(const std::map<std::string, handler>& table, const json& line, bool verbose) {
#ifdef TALLY_CONFORMANCE_POSIX
  std::cout.flush();
  const pid_t pid = fork();
  if (pid == 0) {
    tally_counts n;
    run_case(table, line, n, verbose);
    std::cout.flush();
    _exit(n.failed == 0 ? 0 : 1);
  }
  if (pid > 0) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
    }
    if (WIFSIGNALED(status)) // died without reaching the crash handler
      std::cout << "CRASH in a case of "
                << (line.is_object() && line.contains("id") ? line["id"].dump() : "?")
                << " (signal " << WTERMSIG(status) << ")" << std::endl;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
#endif
  tally_counts n; // no fork(): run in this process
  run_case(table, line, n, verbose);
  return n.failed == 0;
}

} // namespace
} // namespace conformance

int main(int argc, char** argv) {
  using namespace conformance;
  std::vector<std::string> args;
  bool verbose = false;
  bool isolate = true;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--verbose" || a == "-v")
      verbose = true;
    else if (a == "--no-fork")
      isolate = false;
    else if (a == "--help" || a == "-h") {
      std::cout << "usage: tally_conformance [--verbose] [--no-fork] FILE_OR_FOLDER...\n"
                   "  --verbose  also list the cases that pass\n"
                   "  --no-fork  run every case in this process (a crash then ends the run)\n";
      return 0;
    } else
      args.push_back(a);
  }
  if (args.empty()) {
    std::cerr << "usage: tally_conformance [--verbose] [--no-fork] FILE_OR_FOLDER...\n";
    return 2;
  }
  std::signal(SIGSEGV, on_crash);
  std::signal(SIGFPE, on_crash);
  std::signal(SIGILL, on_crash);
  std::signal(SIGABRT, on_crash);
  std::map<std::string, handler> table;
  register_label_metrics(table);
  register_score_metrics(table);

  bool io_error = false;
  const auto files = collect(args, io_error);
  if (files.empty() && !io_error) {
    std::cout << "ERROR no *.jsonl files found\n";
    io_error = true;
  }
  tally_counts n;
  for (const auto& f : files) {
    std::ifstream in(f);
    if (!in) {
      std::cout << "ERROR " << f.string() << ": cannot open\n";
      io_error = true;
      continue;
    }
    std::string text;
    std::size_t line_no = 0;
    while (std::getline(in, text)) {
      ++line_no;
      if (!text.empty() && text.back() == '\r') text.pop_back();
      if (text.find_first_not_of(" \t") == std::string::npos) continue;
      json line;
      try {
        line = json::parse(text);
      } catch (const json::parse_error& e) {
        std::cout << "ERROR " << f.string() << ":" << line_no << ": " << e.what() << "\n";
        io_error = true;
        ++n.failed;
        continue;
      }
      if (isolate) {
        if (run_isolated(table, line, verbose))
          ++n.passed;
        else
          ++n.failed;
      } else {
        run_case(table, line, n, verbose);
      }
    }
    if (in.bad()) {
      std::cout << "ERROR " << f.string() << ": read error\n";
      io_error = true;
    }
  }
  std::cout << n.passed << " passed, " << n.failed << " failed\n";
  return (n.failed == 0 && !io_error) ? 0 : 1;
}
