CREATE FUNCTION g() RETURNS void AS $body$
DECLARE v int := 1;
BEGIN
  FOR i IN 1..10 LOOP v := v + i; END LOOP;
END
$body$ LANGUAGE plpgsql;