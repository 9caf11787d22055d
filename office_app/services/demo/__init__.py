"""The demo community the program starts on with ``office-app demo``: 科城路社区, 二郎街道,
九龙坡区, Chongqing, in November 2022, following the article in ``seed/``.

Two weeks of the community's epidemic-control work, told by area, one module each:

- ``places``: five compounds, their gates and buildings; the buildings' risk history (one
  sealed four days ago, one sealed and unsealed, one 中).
- ``residents``: about 1,200 households and 3,000 residents, their papers, phones, special
  groups and home isolation or monitoring (names and numbers from ``identities``).
- ``volunteers``: eighty volunteers, the article's people among them (崔亚涛's errands, 潘超
  serving inside his sealed building, 徐李梦 training two data-entry clerks, 王榆's old knee
  injury), and the grid of 片长, 组长 and 小组长.
- ``roster``: the posts and two weeks of shifts.
- ``gate``: the residents' requests to go out, the escorts, the scene at the gate.
- ``supplies``: batches, rounds, the ledger.
- ``testing``: six rounds of tests and the test site's files, the pooled positive tube.
- ``errands``: the volunteers' service records, 崔亚涛's 73.

``build`` tells the chapters in order on one ``world`` (the clock, the dice, the rows) and
writes the rows. Deterministic: the same ``seed`` and ``today`` give the same database content;
only the operators' password hashes (random salt) and the real time of the build (the audit
entry) differ between two builds.

The views and the command line call: ``build_demo``, ``DemoSummary``, ``DemoRefused``.
"""

from .build import DemoRefused, DemoSummary, build_demo

__all__ = ["DemoRefused", "DemoSummary", "build_demo"]
