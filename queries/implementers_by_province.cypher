// Who implements an instrument locally, by province: the provincial and district
// instruments anywhere in its chain downwards, with the province that took over each
// province in the 2025 reorganisation (`successor`; the province itself if it remained).
// The same answer as `legalgraph implementers 56/2024/NĐ-CP`.
:param number => '56/2024/NĐ-CP';

MATCH (top:Instrument {number: $number})
MATCH (i:Instrument)-[:IMPLEMENTS|DETAILS*1..]->(top)
WHERE i.local
WITH DISTINCT i
OPTIONAL MATCH (i)-[:IN_PROVINCE]->(:Province)-[:SUCCEEDED_BY]->(next:Province)
RETURN i.province AS province, coalesce(next.name, i.province) AS successor, i.number AS number,
       i.type AS type, i.date AS date, i.id AS id
ORDER BY coalesce(province, ''), coalesce(date, ''), coalesce(number, ''), id
