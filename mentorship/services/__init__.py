"""Actions that touch several models. They take explicit arguments and own the commit."""
