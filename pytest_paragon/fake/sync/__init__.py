"""Managed Sync: syncs, synced records, the permissions graph, handlers and test helpers."""
