 	
SELECT1