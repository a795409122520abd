"""Running the stub:
in a thread, as a child process, uvicorn's settings, CLI flags for its sources.
"""
