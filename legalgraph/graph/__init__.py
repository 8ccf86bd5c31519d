"""Graph: the persistent store, the in-memory networkx graph, and the queries on it."""
