// SPDX-License-Identifier: MIT
// A project that uses an installed sdc: one threshold check on a hand-made table.
#include <sdc/sdc.hpp>
#include <cstring>

int main() { return std::strlen(sdc::version_string) > 0 ? 0 : 1; }
