"""The mediation network: regions, organisations, mediators."""
