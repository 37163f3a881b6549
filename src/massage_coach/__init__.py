"""massage-coach: a hands-free terminal coach for giving a safe, relaxing back massage."""

__version__ = "0.1.0"
