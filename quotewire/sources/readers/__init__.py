"""One module per input format, each registering its reader with ``@reader`` (see ``sources.registry``).

Every module here is imported when the readers are first needed: a new format is a new module.
"""
