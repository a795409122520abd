"""The HTTP and WebSocket routes of the seed's contract (and /v1), and how they stream."""
