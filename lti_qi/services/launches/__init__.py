"""What a launch opens: sessions, deep linking and what each LMS link opens."""
