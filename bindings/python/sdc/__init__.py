# SPDX-License-Identifier: MIT
"""sdc: statistical disclosure control for research outputs and microdata.

Output checking (tables and models)::

    import sdc
    t = sdc.crosstab(df, "region", "gender", values="wage", aggfunc="sum", suppress=True)
    t.status, t.published_status     # "fail", "review"
    t.suppressed_table               # NaN where a cell is suppressed
    print(t.summary())               # the table with marks, and every reason
    sdc.check_dof(model)             # a statsmodels result: residual degrees of freedom

Re-identification risk of microdata::

    r = sdc.risk(df, keys=["age", "sex", "region"], weights="w")
    r.per_record                     # fk, Fk, risk per record
    r.summary                        # k-anonymity, global risk, attacker models ...

Protection of count and sum tables (secondary suppression) and its audit::

    p = sdc.protect(sdc.crosstab(df, "region", "gender"))
    p.table, p.status_table          # NaN where suppressed; published/primary/secondary
    sdc.audit(p).cells               # per suppressed cell: lower, upper, exact, protected

Variable requests and key variables::

    sdc.review(df, "dictionary.csv", "request.csv", target={"k": 5}).text()
    sdc.scan_combinations(df, ["age", "sex", "region"], max_dimension=3, thresholds=3)

A :class:`Session` records outputs with comments and exception requests and writes an
ACRO-style results package for output checkers (:meth:`Session.finalise`).

Every computation is done by the C++ core (``sdc._core``); names of rules, statistics and
profiles, and every default, come from it. Errors are :class:`SdcError` subclasses that also
derive from the matching built-in exception (:class:`InvalidInputError` is a ``ValueError``).
"""
from ._core import (  # noqa: F401
    InternalError,
    InvalidInputError,
    IOFailureError,
    SdcError,
    UnsupportedError,
    __version__,
)
from ._columns import _factorize  # noqa: F401
from .risk import (  # noqa: F401
    LDiversityResult,
    RiskResult,
    SdcWarning,
    Suda2Result,
    TClosenessResult,
    k_anonymity,
    key_frequencies,
    l_diversity,
    population_uniqueness,
    risk,
    suda2,
    t_closeness,
)
from .protection import (  # noqa: F401
    AuditResult,
    ProtectionResult,
    SystemAuditResult,
    SystemProtectionResult,
    audit,
    protect,
)
from .review import (  # noqa: F401
    LatticeResult,
    LocalSuppressionResult,
    ReviewResult,
    lattice_search,
    local_suppression,
    review,
)
from .scan import CombinationScanResult, scan_combinations, trajectory_unicity  # noqa: F401
from .session import Session  # noqa: F401
from .tables import (  # noqa: F401
    MISSING_LABEL,
    TOTAL_LABEL,
    DofResult,
    TableResult,
    check_dof,
    check_table,
    crosstab,
    pivot_table,
    profile_names,
    rule_setting_names,
    statistic_names,
)

__all__ = [
    "InternalError", "InvalidInputError", "IOFailureError", "SdcError", "UnsupportedError", "SdcWarning",
    "crosstab", "pivot_table", "check_table", "check_dof", "TableResult", "DofResult",
    "risk", "key_frequencies", "k_anonymity", "suda2", "l_diversity", "t_closeness", "population_uniqueness",
    "RiskResult", "Suda2Result", "LDiversityResult", "TClosenessResult",
    "scan_combinations", "trajectory_unicity", "CombinationScanResult",
    "review", "lattice_search", "local_suppression", "ReviewResult", "LatticeResult", "LocalSuppressionResult",
    "protect", "audit", "ProtectionResult", "AuditResult", "SystemProtectionResult", "SystemAuditResult",
    "Session", "profile_names", "rule_setting_names", "statistic_names", "TOTAL_LABEL", "MISSING_LABEL",
    "__version__",
]
