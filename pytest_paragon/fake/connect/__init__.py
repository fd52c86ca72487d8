"""Connect: users, credentials, configurations, workflows, OAuth, proxy, triggers, App Events.

Their handlers, wire views and test helpers.
"""
