// Implementation chain of an instrument, downwards: every instrument that implements or
// details it, directly or through others, nearest first. `via` is the instrument each one
// links to on its shortest path there and `relation` how it links.
// The same answer as `legalgraph chain 56/2024/NĐ-CP`.
:param number => '56/2024/NĐ-CP';

MATCH (top:Instrument {number: $number})
MATCH path = (i:Instrument)-[:IMPLEMENTS|DETAILS*1..]->(top)
WITH i, path ORDER BY length(path)
WITH i, collect(path)[0] AS path
WITH i, path, nodes(path)[1] AS via
RETURN length(path) AS depth, i.number AS number, i.type AS type, i.date AS date, i.province AS province,
       type(relationships(path)[0]) AS relation, coalesce(via.number, via.title, via.id) AS via, i.id AS id
ORDER BY depth, number, id
