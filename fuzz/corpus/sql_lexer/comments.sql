SELECT 1 -- c ; ?
/* a /* nested ? :x */ %s */ + 2