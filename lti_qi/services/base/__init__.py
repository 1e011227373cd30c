"""What every capability builds on: the actor, projects and teams, learner records, upserts."""
