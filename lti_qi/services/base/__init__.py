"""What every capability builds on: the actor, course settings, memberships, upserts, caches."""
