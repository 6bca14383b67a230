"""arq worker: time-driven and queued work."""
