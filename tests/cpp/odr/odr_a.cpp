// SPDX-License-Identifier: MIT
#include <sdc/sdc.hpp>
int odr_b();
int main() { return odr_b() == 0 && sdc::version_string[0] != '\0' ? 0 : 1; }
