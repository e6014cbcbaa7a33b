SELECT %(a, %(b)x, %()s, %(c
)s