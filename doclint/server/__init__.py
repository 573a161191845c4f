"""`doclint serve`: a local web page for reviewers and a JSON API (Starlette on uvicorn).

See doclint.server.app for the routes and the safety measures, docs/serve.md for use.
"""
