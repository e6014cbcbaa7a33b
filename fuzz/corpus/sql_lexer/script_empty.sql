 ; ;
-- only a comment
; /* x */ ;