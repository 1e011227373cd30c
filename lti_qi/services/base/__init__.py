"""What every capability builds on: the actor, projects and memberships, learner records."""
