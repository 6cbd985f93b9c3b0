"""Value types that own their parsing and validation.

* :mod:`armsflow.types.errors` - :class:`InvalidValue`, raised by every parser with the
  field it was parsing;
* :mod:`armsflow.types.ffl` - :class:`FFLNumber`;
* :mod:`armsflow.types.serial` - :func:`normalize_serial`, :func:`is_placeholder_serial`;
* :mod:`armsflow.types.ori` - :func:`parse_ori`.

Import from the submodules. This package deliberately re-exports nothing: ``ori`` reads
the place tables in :mod:`armsflow.vocab.places`, which itself imports
``armsflow.types.errors``, and eager re-exports here would turn that into an import cycle.
"""
