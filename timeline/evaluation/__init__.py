"""Scoring against gold data: seed events, merging, time mentions, TimeML corpora."""
