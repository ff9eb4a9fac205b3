"""AWS side of gc: clients, the one call path, the botocore model, tagging and resource specs."""
