"""Optional policy rules that admins enable per user role.

Every module in this package is imported when the package loads, and registers its
rule with `policy.rules.rule(..., plugin="<name>")`. An admin enables a plugin for a
user role with a policy line `p, role:<name>, account:<id>, *, *, plugin:<plugin>`.

The enablement is a Casbin line and not a settings row, so it lives in the same
snapshot as the grants. Checking it then costs one enforce call and no query. It
reaches other processes through the same reload as every grant and is swapped in
atomically with them, and `steward policy export` carries it along with the grants.
"""

import importlib
import pkgutil

for module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{module.name}")
