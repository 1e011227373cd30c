"""Content packs and what a course uses of them: install, upload, course settings, preview."""
