-- Pair terms ("~alicia fernandez", lib/search-terms.ts namePairTerms) for the customers already indexed; new and changed customers get theirs from the app.
INSERT INTO "customer_search_terms" ("term", "customer_id", "kind", "home_store_id", "assigned_staff_id")
SELECT '~' || a."term" || ' ' || b."term", a."customer_id", 'pair', a."home_store_id", a."assigned_staff_id"
FROM "customer_search_terms" a
JOIN "customer_search_terms" b ON b."customer_id" = a."customer_id" AND b."kind" = 'name' AND b."term" <> a."term"
WHERE a."kind" = 'name'
ON CONFLICT DO NOTHING;
