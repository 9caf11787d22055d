"""The figures and what shows them: the overview, the shift handover, the daily report,
the subdistrict's summary, exports to CSV/.xlsx and the colours with a meaning.

The modules the views and the command line call: ``figures``, ``overview``, ``handover``,
``deadlines``, ``daily_report``, ``subdistrict``, ``palette``, ``export``, ``prints`` (a
print or save and its audit entry as one).
"""
