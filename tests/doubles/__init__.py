"""Backends the tests start on loopback that are not our stub: Spring double, OpenAI, nginx."""
