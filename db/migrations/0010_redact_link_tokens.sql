-- Private links used to be written into outbox.body as <base>/c/<token>; no token is kept at rest now.
-- Each such URL (the word ending in /c/ and a 43-character token) becomes "[private link]".
-- SQLite has no regexp_replace: each body is scanned left to right, one "/c/" at a time; the
-- URL starts after the last space, tab or line break before it (rtrim of every other character).
WITH RECURSIVE scan(id, done, rest, finished) AS (
  SELECT id, '', body, 0 FROM outbox WHERE instr(body, '/c/') > 0
  UNION ALL
  SELECT
    id,
    CASE
      WHEN instr(rest, '/c/') = 0 THEN done || rest
      WHEN substr(rest, instr(rest, '/c/') + 3, 43) GLOB '[A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-]'
        AND NOT substr(rest, instr(rest, '/c/') + 46, 1) GLOB '[A-Za-z0-9_-]'
        THEN rtrim(
          done || substr(rest, 1, instr(rest, '/c/') - 1),
          replace(replace(replace(replace(done || substr(rest, 1, instr(rest, '/c/') - 1), ' ', ''), char(9), ''), char(10), ''), char(13), '')
        ) || '[private link]'
      ELSE done || substr(rest, 1, instr(rest, '/c/') + 2)
    END,
    CASE
      WHEN instr(rest, '/c/') = 0 THEN ''
      WHEN substr(rest, instr(rest, '/c/') + 3, 43) GLOB '[A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-][A-Za-z0-9_-]'
        AND NOT substr(rest, instr(rest, '/c/') + 46, 1) GLOB '[A-Za-z0-9_-]'
        THEN substr(rest, instr(rest, '/c/') + 46)
      ELSE substr(rest, instr(rest, '/c/') + 3)
    END,
    instr(rest, '/c/') = 0
  FROM scan
  WHERE finished = 0
)
UPDATE outbox
SET body = (SELECT done FROM scan WHERE scan.id = outbox.id AND scan.finished = 1)
WHERE id IN (SELECT id FROM scan WHERE finished = 1);
