"""Mentors and reviews: assignment, invitations, the review cycle and queue, peer review."""
