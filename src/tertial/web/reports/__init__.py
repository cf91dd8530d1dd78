"""The reports app: the status page and the council's reports (status report, statutory tertial
report) in every format. Near the top of the web apps: it reads budget, forecasting, rounds, content,
decisions and each tertial app's report part, and nothing below imports it."""
