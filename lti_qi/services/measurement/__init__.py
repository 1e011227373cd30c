"""A project's measures, their charts, and the write-up that draws on them."""
