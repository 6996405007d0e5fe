"""The run's set of seen keys (`ldcat.engine.seen`): exact, and flat in memory past its page cache."""

from __future__ import annotations

import subprocess
import sys

from ldcat.engine.seen import SeenKeys

# In a fresh interpreter, so that the peak is this table's and no other test's: peak RSS after
# `n` keys (each added twice) minus the peak before. A set of the digests would take ~30 MB.
GROWTH = """
import resource, sys
from ldcat.engine.seen import SeenKeys
n = int(sys.argv[1])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with SeenKeys() as seen:
    assert all(seen.add(f"uuid-{i}") for i in range(n))
    assert not any(seen.add(f"uuid-{i}") for i in range(0, n, 997))
    assert seen.add(f"uuid-{n}")
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024)
"""


def test_each_key_is_new_once_and_only_once() -> None:
    with SeenKeys() as seen:
        assert [seen.add(k) for k in ("a", "b", "a", "A", "b", "é", "é")] == [True, True, False, True, False,
                                                                            True, False]


def test_keys_past_the_page_cache_are_still_exact_and_memory_stays_flat() -> None:
    # 300,000 digests are three times what the 4 MB page cache holds: most live in the temporary file.
    done = subprocess.run([sys.executable, "-c", GROWTH, "300000"], capture_output=True, text=True, check=True)
    grown_mib = float(done.stdout)
    assert grown_mib < 12, f"peak RSS grew by {grown_mib:.1f} MiB for 300,000 keys"
