"""The shared base of the fake: records, request context, route table, domain errors, project data.

Every area imports from here; nothing here imports an area, an entrance or the core.
"""
