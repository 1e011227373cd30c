"""Who is in a course and how the class is doing: roster sync and the designers' class views."""
