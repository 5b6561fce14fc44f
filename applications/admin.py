"""Admin of calls for applications; the review of applications lives in the evaluations app."""
