# Intelligence sharing: reports, vetting, release.

due-report-acknowledgement = Acknowledge intelligence report
