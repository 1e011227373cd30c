"""lti-qi: an LTI 1.3 tool for healthcare quality improvement coursework and mentoring."""

__version__ = "0.1.0"
