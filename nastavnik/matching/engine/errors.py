"""The single error type the engine raises for malformed input."""


class InstanceError(ValueError):
    """A matching instance or feature record is malformed.

    The message is in Russian because it is shown to the curator as is (CLI stderr, web form errors).
    """
