"""Scores and CPD to the LMS gradebook: the outbox, its delivery worker and its status."""
