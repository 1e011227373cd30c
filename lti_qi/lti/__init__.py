"""The LMS protocols (LTI 1.3, Deep Linking, AGS, NRPS, Dynamic Registration): the only package
that imports pylti1p3. It imports models and the domain, never services.
"""
