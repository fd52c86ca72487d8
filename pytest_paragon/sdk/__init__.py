"""The SDK side: the headless installFlow simulator (over HTTP only) and the SDK events bus."""
