"""Connect's handlers, one per operationId, grouped by resource."""
