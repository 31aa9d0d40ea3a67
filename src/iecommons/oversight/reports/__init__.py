"""Annual quality reports (年度质量报告): figures gathered from the platform's records, a
narrative the secretariat writes beside them, the PDF, the workflow from draft to accepted,
and the batches a supervisor generates for a whole jurisdiction."""
