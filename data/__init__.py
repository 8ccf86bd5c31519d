"""Grammar data files and the bundled seed documents, shipped as ``legalgraph.data``."""
