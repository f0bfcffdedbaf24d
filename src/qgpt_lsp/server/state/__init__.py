"""What the server holds between requests: documents, conversations, settings, people.

Nothing here imports the server: the server is built from these.
"""
