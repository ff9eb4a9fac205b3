"""gc: infrastructure as code for AWS, stateless, centred on API Gateway V2."""

__version__ = "0.1.0"
