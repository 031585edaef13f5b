# SPDX-License-Identifier: MIT
library(testthat)
library(sdc)

test_check("sdc")
