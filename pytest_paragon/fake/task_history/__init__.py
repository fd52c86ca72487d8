"""Task History: workflow executions, their handlers and test helpers."""
