"""Rule classes: base types, data (pattern) rules, and the built-in structural checks."""
