"""Spanish as read in the United States and Latin America: 100,000.50, not Spain's
100 000,50 (Django's own Spanish formats supply everything else, such as dates)."""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
