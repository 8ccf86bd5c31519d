// The most-cited instruments: how many documents of the collection cite each, most
// first. The `most_cited` list of `legalgraph stats`.
:param top => 10;

MATCH (i:Instrument)
RETURN coalesce(i.number, i.title, i.id) AS instrument, i.type AS type, i.cited_by AS cited_by,
       i.stub AS missing, i.id AS id
ORDER BY cited_by DESC, id
LIMIT $top
