"""Property tests with random and adversarial inputs (Hypothesis), kept fast and repeatable.

One profile for every run: derandomized (the same examples each time, so CI never flakes on a
new one) and modest example counts, with no deadline (a shared 2-core machine is slow at times;
speed is measured by ``make bench``, not here).
"""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

settings.register_profile(
    "orienta",
    derandomize=True,
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)
settings.load_profile("orienta")

#: Any JSON value, nested a few levels.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=25,
)
