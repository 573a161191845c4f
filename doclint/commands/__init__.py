"""Subcommands kept in their own modules; each registers itself on doclint.cli.main."""
