"""Flagging fake "authorized" outlets (假冒品牌授权售后服务网点, issue 6; domain.md §5–§6).

The signals are pure rules (service_net.rules.fraud). This package stores what was seen
(observations from complaints and public verifications), groups it into suspects keyed by the
normalized phone, and carries the regulator's decisions: ask the brand's manufacturer, dismiss,
publish a warning that `verify` then answers as `warned`, decide appeals, export the evidence.
"""
