-- Nothing to change on SQLite: its guide search is the FTS5 table "GuideSearch" made by 20261121151133_guide.
-- This folder keeps the two engines' migration sets in step; PostgreSQL's twin creates its full-text table.
SELECT 1;
