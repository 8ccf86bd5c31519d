// Implementation chain of an instrument, upwards: what it implements or details, what
// that implements or details in turn, and so on, nearest first ("1521/QĐ-TTg" leads to
// the party's conclusion 80-KL/TW and from there to directive 32-CT/TW).
// The same answer as `legalgraph chain 1521/QĐ-TTg --up`.
:param number => '1521/QĐ-TTg';

MATCH (bottom:Instrument {number: $number})
MATCH path = (bottom)-[:IMPLEMENTS|DETAILS*1..]->(i:Instrument)
WITH i, path ORDER BY length(path)
WITH i, collect(path)[0] AS path
WITH i, path, nodes(path)[length(path) - 1] AS via
RETURN length(path) AS depth, i.number AS number, i.type AS type, i.date AS date, i.issuer AS issuer,
       type(relationships(path)[length(path) - 1]) AS relation, coalesce(via.number, via.title, via.id) AS via,
       i.id AS id
ORDER BY depth, number, id
