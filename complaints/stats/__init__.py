"""Complaint statistics: the regulators' dashboard and the public disclosure (公示).

- `figures`: what each figure means, as pure functions over one complaint's facts (no Django).
- `charts`: the geometry of the server-rendered SVG charts (no Django).
- `facts`: reads complaints into facts in a bounded number of queries; due dates from the
  working-day calendar.
- `dashboard`, `disclosure`: the two reports.
"""
