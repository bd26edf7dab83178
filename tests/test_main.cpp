// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
