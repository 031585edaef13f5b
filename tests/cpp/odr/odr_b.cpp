// SPDX-License-Identifier: MIT
#include <sdc/sdc.hpp>
int odr_b() { return sdc::to_string(sdc::errc::internal).empty() ? 1 : 0; }
