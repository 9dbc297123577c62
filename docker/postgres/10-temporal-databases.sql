-- Runs once, when the postgres volume is initialised. POSTGRES_DB (aftercare)
-- is created by the image itself; these are the Temporal server's databases.
-- The temporal-schema job also creates them if missing (older volumes).
SELECT 'CREATE DATABASE temporal'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'temporal')\gexec
SELECT 'CREATE DATABASE temporal_visibility'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'temporal_visibility')\gexec
