-- Private links used to be written into outbox.body as <base>/c/<token>; no token is kept at rest now.
-- Each such URL (the word ending in /c/ and a 43-character token) becomes "[private link]".
UPDATE outbox
SET body = regexp_replace(body, '\S*/c/[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])', '[private link]', 'g')
WHERE body ~ '/c/[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])';
