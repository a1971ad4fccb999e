"""Routing a case: recommendation, assignment, referrals, objections, the rule table."""
