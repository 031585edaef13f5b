// SPDX-License-Identifier: MIT
// doctest's main, compiled once into an object library shared by all test files.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
