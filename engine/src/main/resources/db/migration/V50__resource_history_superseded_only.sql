-- resource_history keeps only the versions a newer one superseded; the current version of every
-- resource lives in resource alone (vread and _history read both tables). Writing a new resource
-- then touches one table and one primary key instead of two.
DELETE FROM resource_history h
 WHERE EXISTS (SELECT 1 FROM resource r
                WHERE r.res_type = h.res_type AND r.res_id = h.res_id AND r.version_id = h.version_id);
