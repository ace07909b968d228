"""Facts of the retail domain contract (../shared/domain/retail.md) that tests check against."""

# USPS codes: 50 states + DC (retail.md, "Warehouse schema": customers.state)
STATES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ "
    "NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
).split()

# The cities retail.md requires, each in its real state (retail.md, "Cities")
CITIES = {
    "New York": "NY", "Buffalo": "NY", "Los Angeles": "CA", "San Francisco": "CA", "San Diego": "CA",
    "Sacramento": "CA", "Chicago": "IL", "Houston": "TX", "Dallas": "TX", "Austin": "TX",
    "San Antonio": "TX", "Phoenix": "AZ", "Philadelphia": "PA", "Pittsburgh": "PA", "Seattle": "WA",
    "Spokane": "WA", "Portland": "OR", "Denver": "CO", "Boston": "MA", "Miami": "FL", "Orlando": "FL",
    "Tampa": "FL", "Atlanta": "GA", "Detroit": "MI", "Minneapolis": "MN", "Nashville": "TN",
    "Charlotte": "NC", "Las Vegas": "NV", "Salt Lake City": "UT", "Columbus": "OH", "Cleveland": "OH",
    "Baltimore": "MD", "Milwaukee": "WI", "Kansas City": "MO", "St. Louis": "MO",
    "New Orleans": "LA", "Washington": "DC",
}  # fmt: skip
