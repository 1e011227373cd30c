"""A learner working through the pathway: activities, reflections, worksheets, evidence, surveys."""
