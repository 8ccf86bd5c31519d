// The tasks assigned to a body (by its name as the documents write it; a name shared by
// the bodies of several provinces gives all of them), with the role it has (leads,
// coordinates, ...), the document assigning it and the deadline.
:param body => 'Sở Tư pháp';

MATCH (doc:Instrument)-[:HAS_TASK]->(t:Task)-[assigned:ASSIGNED_TO]->(b:Body {name: $body})
RETURN coalesce(doc.number, doc.title, doc.id) AS document, t.number AS task, assigned.role AS role,
       b.province AS province, t.deadline_start AS starts, t.deadline_end AS due,
       t.deadline_recurring AS recurring, t.text AS text, t.id AS id
ORDER BY document, id
