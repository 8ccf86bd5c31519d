// Instruments cited but not in the collection (stubs): what staff should collect next,
// the most cited first. The same answer as `legalgraph missing`.
:param limit => 100;

MATCH (i:Instrument)
WHERE i.stub
RETURN coalesce(i.number, i.title, i.id) AS instrument, i.type AS type, i.year AS year, i.issuer AS issuer,
       i.cited_by AS cited_by, i.id AS id
ORDER BY cited_by DESC, instrument, id
LIMIT $limit
