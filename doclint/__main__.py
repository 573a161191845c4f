from doclint.cli import run

run()
