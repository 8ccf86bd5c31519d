// Overdue tasks: a one-off deadline that ended before `today` (ISO date; null for the
// server's today), with the bodies they are assigned to. Recurring tasks (yearly,
// continuous) are never overdue.
:param today => '2025-01-01';

MATCH (doc:Instrument)-[:HAS_TASK]->(t:Task)
WHERE t.deadline_recurring IS NULL AND t.deadline_end IS NOT NULL
  AND t.deadline_end < coalesce($today, toString(date()))
OPTIONAL MATCH (t)-[assigned:ASSIGNED_TO]->(b:Body)
WITH doc, t, collect(b.name) AS bodies
RETURN t.deadline_end AS due, coalesce(doc.number, doc.title, doc.id) AS document, t.number AS task,
       bodies, t.text AS text, t.id AS id
ORDER BY due, document, id
