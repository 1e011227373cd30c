"""Teams working together: the community space, discussions, join requests, notifications, email."""
