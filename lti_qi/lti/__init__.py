"""The LMS protocols: LTI 1.3 launches, Deep Linking, AGS, NRPS and Dynamic Registration.

The only package that imports pylti1p3. It imports models and the domain, never services.
"""
