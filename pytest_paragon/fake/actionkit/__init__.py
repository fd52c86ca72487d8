"""ActionKit: Tools and triggers (catalogue, state, handlers, test helpers)."""
