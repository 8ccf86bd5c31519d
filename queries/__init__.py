"""The query library (Cypher for Neo4j Browser, SPARQL for the RDF export, the Browser
style). Shipped inside the package as ``legalgraph.queries`` so that an installed legalgraph
can run its SPARQL queries by name; in a checkout they are the files of ``queries/``."""
