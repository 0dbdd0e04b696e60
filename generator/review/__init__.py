"""Review: what a pull request may change, what it does to the numbers, and the texts CI posts."""
