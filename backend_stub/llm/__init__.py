"""The seeded fake LLM and its reply library."""
