"""The stateful fake Paragon: state, handlers per operationId, transports, seeding helpers."""
