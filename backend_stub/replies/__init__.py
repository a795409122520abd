"""Replies:
where their chunks come from (fake LLM, upstream, replay), their schedule, poll sessions.
"""
