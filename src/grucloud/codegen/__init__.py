"""gc gencode and pictures: live resources to resources.py, stacks to DOT graphs and trees."""
