"""Pure building blocks of the posting ingest (no Django): file readers with encoding
detection, column mapping, row normalization, de-duplication fingerprints, occupation rules."""
