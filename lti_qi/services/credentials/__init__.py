"""CPD records, certificates and badges: snapshots, issuing, reports and public verification."""
