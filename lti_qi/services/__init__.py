"""Use cases, one package per capability: what lti-qi does for each person, in one transaction.

Views and the worker call services; services call models, the domain and lti/. Capabilities
build on ``base`` (the actor, projects and memberships, learner records, upserts), never the
other way round.
"""
