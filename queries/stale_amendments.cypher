// Amendments not acted on: instrument A amended, replaced or repealed B, and C still
// implements, details or is based on B although C was written before the change and no
// later instrument of C's own issuer (same `issuer_key`) changed C or took A up.
// Set `changed` to null to ask about every amended instrument.
// The same answer as `legalgraph stale 55/2011/NĐ-CP` (`legalgraph stale` for null).
:param changed => '55/2011/NĐ-CP';

MATCH (a:Instrument)-[change:AMENDS|REPLACES|REPEALS]->(b:Instrument)
WHERE $changed IS NULL OR b.number = $changed
WITH a, change, b, coalesce(a.date, toString(a.year)) AS changed_on
MATCH (c:Instrument)-[rests:IMPLEMENTS|DETAILS|BASED_ON]->(b)
WHERE c <> a AND NOT coalesce(coalesce(c.date, toString(c.year)) > changed_on, false)
OPTIONAL MATCH (d:Instrument)-[:AMENDS|REPLACES|REPEALS]->(c)
WHERE d.issuer_key = c.issuer_key AND NOT coalesce(coalesce(d.date, toString(d.year)) < changed_on, false)
WITH a, change, b, changed_on, c, rests, count(d) AS changed_since
OPTIONAL MATCH (e:Instrument)-[:IMPLEMENTS|AMENDS|REPLACES|REPEALS|DETAILS|BASED_ON|CITES]->(a)
WHERE e <> c AND e.issuer_key = c.issuer_key AND NOT coalesce(coalesce(e.date, toString(e.year)) < changed_on, false)
WITH a, change, b, changed_on, c, rests, changed_since, count(e) AS took_up
WHERE changed_since = 0 AND took_up = 0
RETURN changed_on AS date, coalesce(b.number, b.title, b.id) AS changed, type(change) AS change,
       coalesce(a.number, a.title, a.id) AS by, coalesce(c.number, c.title, c.id) AS rests, type(rests) AS relation,
       c.issuer AS issuer, c.province AS province, change.evidence AS evidence, change.source AS source
ORDER BY coalesce(date, ''), changed, by, rests, relation
