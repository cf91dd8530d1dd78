"""The year-end forecast engine's app (issue 9): selectors that feed tertial.core.projection, and the
forecast history and track-record pages. Below rounds: it reads budget data only."""
