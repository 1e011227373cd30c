"""The installation and the LMSs it trusts: registrations, the tool's keys, set-up, health."""
