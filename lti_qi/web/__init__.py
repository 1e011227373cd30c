"""HTTP layer: one blueprint per capability. Views parse input, call a service, respond."""
