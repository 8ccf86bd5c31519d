// Provinces that have not acted on an instrument: no local instrument of theirs is in
// its chain downwards. Asked twice: of the 63 provinces before 2025 (their own
// instruments), and of the 34 from 2025 (their own and those of the provinces merged
// into them).
// The uncovered rows of `legalgraph coverage 56/2024/NĐ-CP`.
:param number => '56/2024/NĐ-CP';

MATCH (top:Instrument {number: $number})
MATCH (p:Province)
OPTIONAL MATCH (p)<-[:IN_PROVINCE]-(own:Instrument)-[:IMPLEMENTS|DETAILS*1..]->(top)
WHERE own.local
WITH top, p, count(DISTINCT own) AS own
OPTIONAL MATCH (p)<-[:SUCCEEDED_BY]-(:Province)<-[:IN_PROVINCE]-(merged:Instrument)-[:IMPLEMENTS|DETAILS*1..]->(top)
WHERE merged.local
WITH p, own, count(DISTINCT merged) AS merged
UNWIND [period IN [['before 2025', p.before_2025 AND own = 0], ['from 2025', p.current AND own + merged = 0]]
        WHERE period[1] | period[0]] AS period
RETURN period, p.name AS province
ORDER BY period, province
